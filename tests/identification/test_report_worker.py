"""The report PDF between the worker and the page: a page asking for the report while the
worker is making it waits for that run and serves its file (rendered once); a claim whose
worker is gone is not waited for; a run that fails while the page waits leaves the row to
the page. Real threads on their own database connections, as the worker and the web
server are."""

import threading
import time

import pytest
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.files.generated import generated_file_get
from apps.identification import services
from apps.identification.models import Identification
from apps.identification.services import report
from apps.identification.tasks import render_identification_report

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    """The worker is played by a thread here: nothing goes to the broker."""
    monkeypatch.setattr("apps.core.queue.enqueue", lambda task, *args: True)


def in_thread(target) -> tuple[threading.Thread, list]:
    errors: list = []

    def run():
        try:
            with scopes_disabled():
                target()
        except Exception as exc:  # reported to the test
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run, name="worker")
    thread.start()
    return thread, errors


@pytest.fixture
def held_render(monkeypatch):
    """``render_pdf`` that, in the worker thread, signals ``started`` and waits for
    ``go_on`` (then renders, or fails when ``fail`` is set); the page renders at once."""
    real = report.render_pdf
    state = {
        "started": threading.Event(),
        "go_on": threading.Event(),
        "fail": False,
        "renders": [],
    }

    def render(template_name, context):
        state["renders"].append(threading.current_thread().name)
        if threading.current_thread().name == "worker":
            state["started"].set()
            assert state["go_on"].wait(20)
            if state["fail"]:
                raise RuntimeError("weasyprint crashed")
        return real(template_name, context)

    monkeypatch.setattr(report, "render_pdf", render)
    yield state
    state["go_on"].set()


def test_the_page_waits_for_the_worker_and_serves_the_report_it_made(complete, held_render):
    worker, errors = in_thread(
        lambda: render_identification_report(complete.tenant_id, complete.pk)
    )
    assert held_render["started"].wait(20)
    threading.Timer(0.5, held_render["go_on"].set).start()

    stored = services.identification_report_store(identification=complete)
    worker.join(20)

    assert errors == []
    assert stored is not None and stored.content_type == "application/pdf"
    complete.refresh_from_db()
    assert (complete.report_state, complete.report_file_id) == ("ready", stored.pk)
    assert complete.report_claimed_at is None
    assert held_render["renders"] == ["worker"]  # made once, by the worker


def test_a_page_gives_up_after_its_wait_while_the_worker_is_still_at_it(complete, held_render):
    worker, errors = in_thread(
        lambda: render_identification_report(complete.tenant_id, complete.pk)
    )
    assert held_render["started"].wait(20)

    began = time.monotonic()
    stored = generated_file_get(
        queryset=report._report_rows(),
        pk=complete.pk,
        columns=services.REPORT_FILE,
        render=report._render_report,
        wait=0.3,
    )
    assert stored is None and time.monotonic() - began < 5
    held_render["go_on"].set()
    worker.join(20)
    assert errors == []
    complete.refresh_from_db()
    assert complete.report_state == "ready" and complete.report_file_id


def test_a_worker_that_fails_while_the_page_waits_leaves_the_report_to_the_page(
    complete, held_render
):
    held_render["fail"] = True
    worker, errors = in_thread(
        lambda: render_identification_report(complete.tenant_id, complete.pk)
    )
    assert held_render["started"].wait(20)
    threading.Timer(0.5, held_render["go_on"].set).start()

    stored = services.identification_report_store(identification=complete)
    worker.join(20)

    assert [str(e) for e in errors] == ["weasyprint crashed"]
    assert stored is not None
    complete.refresh_from_db()
    # The failed run gave its claim back; the page made the report and holds nothing.
    assert (complete.report_state, complete.report_file_id) == ("ready", stored.pk)
    assert complete.report_claimed_at is None
    assert held_render["renders"] == ["worker", "MainThread"]


def test_a_claim_whose_worker_is_gone_is_not_waited_for(complete):
    claimed_at = timezone.now()
    Identification.objects.filter(pk=complete.pk).update(
        report_state="running", report_claimed_at=claimed_at
    )
    began = time.monotonic()
    assert services.identification_report_store(identification=complete) is None
    assert time.monotonic() - began < 5  # far below the page's wait
    # The claim is left to its lease (the beat job takes it when it runs out).
    complete.refresh_from_db()
    assert (complete.report_state, complete.report_claimed_at) == ("running", claimed_at)
