import os
import subprocess
import sys

import pytest
from django.conf import settings


def run_check(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
    }
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "zi_portal.settings.production"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_its_secrets(missing, tmp_path):
    values = {
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "zi.example.go.id",
        "DATABASE_URL": "postgres://u@127.0.0.1:5432/zi",
    }
    del values[missing]
    result = run_check(values)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_starts_with_its_secrets():
    result = run_check(
        {
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "zi.example.go.id",
            "DATABASE_URL": "postgres://u@127.0.0.1:5432/zi",
        }
    )
    assert result.returncode == 0, result.stderr


def test_defaults_are_indonesian_and_jakarta():
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert "en" in dict(settings.LANGUAGES)
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_the_visibility_timeout_outlasts_every_task_and_the_outbox_claim_fits_between():
    """A task still running (or waiting in the prefetch behind one) must never be handed to
    a second worker; a dead worker's outbox claim must have run out when it is."""
    from zi_portal.celery import app

    app.loader.import_default_modules()
    hard_limits = [
        task.time_limit or settings.CELERY_TASK_TIME_LIMIT
        for name, task in app.tasks.items()
        if name.startswith("apps.")
    ]
    longest = max(hard_limits)
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert visibility == 15 * 60
    assert visibility > 2 * longest  # prefetch: one task's wait, then its own run
    assert longest < settings.OUTBOX_CLAIM_SECONDS < visibility


@pytest.mark.django_db
def test_the_application_connections_run_without_jit():
    """JIT compiled every access-subquery query anew (0.8-1.0 s each, issue 12); the server
    default is on, the application's connections switch it off (README, PostgreSQL JIT)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_db_jit_true_leaves_jit_to_the_server():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(repr(settings.DATABASES['default']['OPTIONS'].get('options', '')))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zi_portal.settings.test"}
    outputs = {}
    for value in ("true", "false"):
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=settings.BASE_DIR,
            env={**env, "DB_JIT": value},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        outputs[value] = result.stdout.strip()
    assert "jit=off" not in outputs["true"]
    assert "jit=off" in outputs["false"]
