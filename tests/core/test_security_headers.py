"""Issue 10, headers and settings: a strict Content-Security-Policy on every page, no
framing except the stored-file previews by the portal's own pages, HTTPS settings that
pass `manage.py check --deploy`, and 24-hour password-reset and invitation links."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse

from apps.accounts.tasks import send_account_email

EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    parts = [p.strip().split(" ", 1) for p in header.split(";") if p.strip()]
    return {name: value for name, value in parts}


@pytest.mark.django_db
def test_pages_carry_the_strict_policy_and_refuse_framing(client, admin):
    anonymous = client.get(reverse("login"))
    assert policy(anonymous) == EXPECTED_POLICY
    assert anonymous.headers["X-Frame-Options"] == "DENY"
    client.force_login(admin)
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert policy(home) == EXPECTED_POLICY
    assert home.headers["X-Frame-Options"] == "DENY"
    # htmx would otherwise add its indicator styles as an inline <style> (blocked).
    assert "includeIndicatorStyles&quot;: false" in home.content.decode() or (
        '"includeIndicatorStyles": false' in home.content.decode()
    )


# PDF-only templates are rendered by WeasyPrint on the server, never sent to a browser.
SERVER_ONLY = {"report_pdf.html", "charter_pdf.html", "dashboard_pdf.html"}


def served_templates():
    root = Path(settings.BASE_DIR)
    for path in [*root.glob("templates/**/*.html"), *root.glob("apps/*/templates/**/*.html")]:
        if path.name not in SERVER_ONLY:
            yield path


def test_no_template_needs_inline_style_or_script():
    """The policy allows no inline style or script: such a template would be broken
    (blocked) in the browser, so none may have one."""
    offenders = []
    for path in served_templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (
            r"<style",
            r"\sstyle=",
            r"<script(?![^>]*\bsrc=)[^>]*>",
            r"\son[a-z]+=\"",
            r"javascript:",
        ):
            for match in re.finditer(pattern, text, re.IGNORECASE):
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)}")
    assert offenders == []


def production_env(**overrides) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_"))
        # Playwright's test plugin sets DJANGO_ALLOW_ASYNC_UNSAFE; a server never has it.
        and k not in ("DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "zi_portal.settings.production",
            # A key as an operator generates it (README): long and random.
            "SECRET_KEY": "k7Qv-3pZ_x9LmT2wR8yBn4cJ6hF1sD0aGe5uK-YiOqWzXrVbNtMlPjHgCfEdSaU",
            "ALLOWED_HOSTS": "zi.example.go.id",
            "DATABASE_URL": os.environ.get(
                "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zi_portal"
            ),
        }
    )
    env.update(overrides)
    return env


def run_manage(*args, **env_overrides) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=production_env(**env_overrides),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


PRINT_SETTINGS = (
    "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
    " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
    " s.X_FRAME_OPTIONS)"
)


def production_settings(**env_overrides) -> str:
    result = run_manage("shell", "--no-imports", "-c", PRINT_SETTINGS, **env_overrides)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_defaults_to_https_everywhere():
    assert production_settings() == "True 31536000 True True True DENY"


def test_production_https_settings_have_env_switches():
    assert (
        production_settings(
            SECURE_SSL_REDIRECT="false",
            SECURE_HSTS_SECONDS="0",
            SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        )
        == "False 0 False True True DENY"
    )


@pytest.mark.django_db
def test_production_redirects_plain_http_but_not_the_health_probe():
    # The deployed middleware order and settings, in a process of their own.
    code = (
        "from django.test import Client; c = Client();"
        "r = c.get('/akun/masuk/', HTTP_HOST='zi.example.go.id');"
        "print(r.status_code, r.headers.get('Location'));"
        "r = c.get('/healthz', HTTP_HOST='zi.example.go.id', HTTP_X_FORWARDED_PROTO='https');"
        "print(r.status_code, r.headers.get('Strict-Transport-Security'));"
        "r = c.get('/healthz', HTTP_HOST='zi.example.go.id'); print(r.status_code)"
    )
    result = run_manage("shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()[-3:]
    assert lines[0] == "301 https://zi.example.go.id/akun/masuk/"
    # Over HTTPS the browser learns to stay on HTTPS for a year.
    assert lines[1].split(" ", 1)[1] == "max-age=31536000; includeSubDomains"
    assert lines[2] in {"200", "503"}  # answered by the view, not redirected


# --- Links by e-mail: valid 24 hours ------------------------------------------------------


def test_reset_and_invitation_links_live_one_day():
    assert settings.PASSWORD_RESET_TIMEOUT == 24 * 60 * 60


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["invitation", "password_reset"])
def test_an_emailed_link_expires_after_24_hours(client, admin, tenant, kind):
    sent_at = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(sent_at, tick=False):
        mail.outbox.clear()
        assert send_account_email(admin.pk, kind, tenant.pk)
        body = mail.outbox[0].body
    assert "berlaku 24 jam" in body
    path = re.search(r"(/akun/atur-sandi/\S+)", body).group(1)

    with time_machine.travel(sent_at + datetime.timedelta(hours=23, minutes=59), tick=False):
        page = client.get(path, follow=True)
        assert page.context["validlink"] is True
    with time_machine.travel(sent_at + datetime.timedelta(hours=24, minutes=1), tick=False):
        page = client.get(path, follow=True)
        assert page.context["validlink"] is False
        assert "Tautan ini tidak berlaku lagi" in page.content.decode()
