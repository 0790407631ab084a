"""Browser journeys: Playwright drives Debian's Chromium against a live server backed by
the real PostgreSQL test database, with a real Celery worker on the Redis broker."""

import pytest
from celery.contrib.testing.worker import start_worker

from tests.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: F401 - imported from here too
from zi_portal.celery import app as celery_app


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


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
