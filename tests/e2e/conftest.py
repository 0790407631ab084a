"""Browser journeys: Playwright drives Debian's Chromium against a live server backed by
the real PostgreSQL test database, with a real Celery worker on the Redis broker."""

import re
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker

from tests.browser import (  # noqa: F401 - CHROMIUM* imported from here too
    CHROMIUM,
    CHROMIUM_ARGS,
    assert_no_csp_violations,
    watch_csp,
)
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


def login(page, email: str, password: str) -> None:
    page.goto("/akun/masuk/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi", exact=True).fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/")
