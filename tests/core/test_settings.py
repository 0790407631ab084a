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
