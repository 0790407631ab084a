"""Browser journeys: Playwright drives Debian's Chromium against a live server backed by
the real PostgreSQL test database, with a real Celery worker on the Redis broker.

Under pytest-xdist they run one after another in one worker: tests/conftest.py puts every
test that uses the live server or the browser in one ``xdist_group`` (``make test`` runs
``--dist loadgroup``). People come from the cast in tests/conftest.py or are made by the
journey itself."""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from celery.contrib.testing.worker import start_worker
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser import (  # noqa: F401 - CHROMIUM* imported from here too
    CHROMIUM,
    CHROMIUM_ARGS,
    assert_no_csp_violations,
    watch_csp,
)
from tests.otp import code_for_key, key_from_secret_text, next_code
from zi_portal.celery import app as celery_app

FAILURES = Path(__file__).resolve().parents[2] / "var" / "e2e-failures"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def page(request, browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    # Every journey runs under the enforced Content-Security-Policy and fails on a violation.
    csp_violations = watch_csp(context)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        # What the browser showed when the journey failed: var/e2e-failures/<test>.png/.html
        FAILURES.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)[:120]
        try:
            page.screenshot(path=str(FAILURES / f"{name}.png"), full_page=True)
            (FAILURES / f"{name}.html").write_text(page.content(), encoding="utf-8")
        except Exception as exc:  # the page may be gone; the failure itself matters more
            print(f"no failure snapshot: {exc}")
    context.close()
    if report is not None and report.passed:
        assert_no_csp_violations(csp_violations)


@pytest.fixture
def celery_worker_thread(transactional_db):
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


LOGIN_PATH = "/akun/masuk/"
ENROL_PATH = "/akun/dua-langkah/aktifkan/"
VERIFY_PATH = "/akun/dua-langkah/verifikasi/"
CODES_PATH = "/akun/dua-langkah/kode-pemulihan/"


def _path(url: str) -> str:
    return urlparse(url).path


def enrol_in_page(page) -> bytes:
    """On the enrolment page: read the secret shown for manual entry, confirm with the
    code an authenticator app would show, keep the recovery codes. Returns the key."""
    key = key_from_secret_text(page.get_by_test_id("totp-secret").inner_text())
    page.get_by_label("Kode 6 angka").fill(code_for_key(key))
    page.get_by_role("button", name="Aktifkan").click()
    page.wait_for_url(lambda url: _path(url) == CODES_PATH)
    page.get_by_role("button", name="Saya sudah menyimpan kode ini").click()
    page.wait_for_url(lambda url: _path(url) != CODES_PATH)
    return key


def enter_code(page, email: str) -> None:
    """On the "Kode verifikasi" page: the current code of the person's device."""
    device = TOTPDevice.objects.get(user__email__iexact=email, confirmed=True)
    code, wait = next_code(device)
    if wait:
        page.wait_for_timeout(wait * 1000)
    page.get_by_label("Kode verifikasi").fill(code)
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_url(lambda url: _path(url) != VERIFY_PATH)


def login(page, email: str, password: str) -> None:
    """Log in as a person would, second step included: the code of their device when
    they have one, the enrolment when their role requires 2FA and they have none yet."""
    page.goto(LOGIN_PATH)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi", exact=True).fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: _path(url) != LOGIN_PATH)
    if _path(page.url) == VERIFY_PATH:
        enter_code(page, email)
    elif _path(page.url) == ENROL_PATH:
        enrol_in_page(page)


def fill_charter(page, *, head_name: str, head_title: str, head_nip: str = "") -> None:
    """Fill the Piagam Pencanangan form (FRM-01) with one outside witness and save it."""
    form = page.get_by_test_id("charter-form")
    form.get_by_label("Tanggal pencanangan").fill("2026-01-15")
    form.get_by_label("Tempat").fill("Bandung")
    form.get_by_label("Nama pimpinan unit").fill(head_name)
    form.get_by_label("Jabatan pimpinan unit").fill(head_title)
    if head_nip:
        form.get_by_label("NIP pimpinan unit").fill(head_nip)
    form.get_by_label("Nama saksi 1").fill("Dr. Inspektur")
    form.get_by_label("Jabatan 1").fill("Inspektur Jenderal")
    form.get_by_label("Instansi/unit 1").fill("Inspektorat Jenderal")
    form.get_by_role("button", name="Simpan piagam").click()
