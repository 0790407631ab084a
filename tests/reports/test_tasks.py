"""Exactly once: the drafting job and the PDF task run twice, at the same time, after a
worker died holding a claim, or after the broker was down when beat fired."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone
from django_scopes import scope

from apps.files.models import StoredFile
from apps.reports import services
from apps.reports.models import Report
from apps.reports.tasks import (
    draft_due_reports,
    draft_tenant_reports,
    render_missing_report_pdfs,
    render_report_pdf,
)
from tests.factories import CycleFactory, lke_version

from .conftest import at, draft_all, issue, report_of, travel


@pytest.mark.django_db
def test_the_drafting_task_run_twice_makes_each_report_once(cycle, tenant):
    with travel(at(2026, 7, 1)):
        assert draft_tenant_reports(tenant.pk) == 6
        assert draft_tenant_reports(tenant.pk) == 0
    assert Report.objects.filter(unit=cycle.unit).count() == 6
    assert draft_tenant_reports(999999) is None  # an agency that is gone: nothing to do


@pytest.mark.django_db
def test_a_run_killed_half_way_is_completed_by_the_next(cycle, tenant):
    """A worker killed after drafting January to March (each report is its own
    transaction) leaves those; the redelivered task drafts the rest."""
    made = draft_all(tenant, at(2026, 4, 1))
    assert len(made) == 3
    with travel(at(2026, 7, 1)):
        assert draft_tenant_reports(tenant.pk) == 3
    months = sorted(Report.objects.values_list("period_start__month", flat=True))
    assert months == [1, 2, 3, 4, 5, 6]


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_time_make_each_report_once(tenant, tree):
    CycleFactory(unit=tree["upt"], template=lke_version())
    CycleFactory(unit=tree["upt2"], template=lke_version())
    moment = at(2026, 7, 1)
    start = threading.Barrier(2)
    made, errors = [], []

    def run():
        try:
            start.wait()
            with scope(tenant=tenant.pk):
                made.append(len(services.reports_draft_due(tenant=tenant, now=moment)))
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(made) == 12
    assert Report.objects.count() == 12
    assert Report.objects.values("unit", "period_start").distinct().count() == 12


@pytest.mark.django_db
def test_beat_with_the_broker_down_loses_nothing(cycle, tenant, private_broker):
    """Redis is down on the first working day: beat's fan-out queues nothing (logged),
    the next run (broker back) queues the agency, whose task drafts both missed months."""
    private_broker.stop()
    with travel(at(2026, 6, 2)):
        assert draft_due_reports() == 0
    assert not Report.objects.exists()
    private_broker.start()
    with travel(at(2026, 7, 1, 10)):
        assert draft_due_reports() >= 1  # the agency's drafting is queued again
        assert draft_tenant_reports(tenant.pk) == 6  # what the worker runs
    assert Report.objects.filter(unit=cycle.unit).count() == 6


def issued_june(cycle, tenant, ketua_tim, unit_leader):
    draft_all(tenant, at(2026, 7, 1))
    return issue(report_of(cycle, 6), ketua_tim, unit_leader, at(2026, 7, 7))


def pdfs():
    return StoredFile.objects.filter(original_name__startswith="laporan-monev-")


@pytest.mark.django_db
def test_the_pdf_task_run_twice_renders_once(cycle, tenant, ketua_tim, unit_leader, monkeypatch):
    import apps.reports.services.pdf as pdf_services

    june = issued_june(cycle, tenant, ketua_tim, unit_leader)
    renders = []
    real = pdf_services.render_pdf

    def render_and_redeliver(template_name, context):
        renders.append(template_name)
        # The same task delivered again while the first run holds the claim.
        assert render_report_pdf(june.tenant_id, june.pk) is False
        return real(template_name, context)

    monkeypatch.setattr(pdf_services, "render_pdf", render_and_redeliver)
    assert render_report_pdf(june.tenant_id, june.pk) is True
    assert render_report_pdf(june.tenant_id, june.pk) is False
    assert renders == ["reports/monev_pdf.html"]
    june.refresh_from_db()
    assert june.pdf_state == "ready" and pdfs().count() == 1
    stored = june.pdf_file
    assert stored.original_name == "laporan-monev-upt1-2026-06.pdf" and len(stored.sha256) == 64


@pytest.mark.django_db
def test_a_claim_whose_worker_died_is_rendered_by_the_next_run(
    cycle, tenant, ketua_tim, unit_leader, settings
):
    june = issued_june(cycle, tenant, ketua_tim, unit_leader)
    # A worker holding the claim (alive, within its lease): the next delivery leaves it.
    Report.objects.filter(pk=june.pk).update(pdf_state="running", pdf_claimed_at=timezone.now())
    assert render_report_pdf(june.tenant_id, june.pk) is False
    assert pdfs().count() == 0
    # Killed mid-render: once the lease has run out, the next run (redelivery or the beat
    # sweep) takes the row and renders it, once.
    stale = timezone.now() - datetime.timedelta(seconds=settings.TASK_CLAIM_SECONDS + 1)
    Report.objects.filter(pk=june.pk).update(pdf_claimed_at=stale)
    assert render_report_pdf(june.tenant_id, june.pk) is True
    assert render_report_pdf(june.tenant_id, june.pk) is False
    assert pdfs().count() == 1


@pytest.mark.django_db
def test_the_beat_sweep_queues_the_pdfs_still_due(
    cycle, tenant, ketua_tim, unit_leader, monkeypatch
):
    june = issued_june(cycle, tenant, ketua_tim, unit_leader)
    queued = []
    monkeypatch.setattr(
        "apps.reports.tasks.enqueue", lambda task, *args: queued.append((task.name, args)) or True
    )
    assert render_missing_report_pdfs() == 1
    assert queued == [("apps.reports.tasks.render_report_pdf", (june.tenant_id, june.pk))]
    assert render_report_pdf(june.tenant_id, june.pk) is True
    queued.clear()
    assert render_missing_report_pdfs() == 0 and queued == []


@pytest.mark.django_db
def test_a_draft_has_no_pdf(cycle, tenant):
    draft_all(tenant, at(2026, 7, 1))
    june = report_of(cycle, 6)
    assert render_report_pdf(june.tenant_id, june.pk) is False
    assert pdfs().count() == 0
