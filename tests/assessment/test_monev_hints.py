"""PPA3B/MP3b and PPA3C/MP3c from the monthly monev reports (apps/assessment/portal_facts.py):
with data, without data, at the rubric's boundaries, as of the assessment's date, and
through the reports' own services once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from apps.assessment import portal_facts
from apps.assessment.portal_facts import monev_letter
from apps.lke.models import TemplateVersion
from apps.reports import services as reports
from apps.reports.models import FollowUp, Recommendation, Report
from tests.factories import AssessmentFactory, CycleFactory
from tests.reports.conftest import at, complete, draft_all, issue, report_of, travel

pytestmark = pytest.mark.django_db

AFTER_THE_YEAR = datetime.date(2027, 1, 20)


def hints(assessment, as_of=AFTER_THE_YEAR, codes=("PPA3B", "PPA3C", "MP3b", "MP3c")):
    with scope(tenant=assessment.tenant_id):
        return portal_facts.hints_for(assessment, list(codes), as_of=as_of)


def moment(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def monev(cycle, months, *, issued_on=None, drafts=()):
    """Issued monev reports of ``cycle`` for ``months`` ({month: head attended}), issued on
    the 5th of the next month (or ``issued_on``), and drafts for the months ``drafts``."""
    rows = []
    for month, head in months.items():
        start = datetime.date(cycle.year, month, 1)
        day = issued_on or (start + datetime.timedelta(days=35)).replace(day=5)
        rows.append(
            Report(
                tenant_id=cycle.tenant_id,
                unit_id=cycle.unit_id,
                cycle=cycle,
                kind="monev",
                period_start=start,
                period_end=(start + datetime.timedelta(days=32)).replace(day=1)
                - datetime.timedelta(days=1),
                status="issued",
                issued_at=moment(day),
                head_attended=head,
            )
        )
    for month in drafts:
        start = datetime.date(cycle.year, month, 1)
        rows.append(
            Report(
                tenant_id=cycle.tenant_id,
                unit_id=cycle.unit_id,
                cycle=cycle,
                kind="monev",
                period_start=start,
                period_end=start + datetime.timedelta(days=27),
            )
        )
    return {r.period_start.month: r for r in Report.objects.bulk_create(rows)}


def recommendations(report, pic, statuses, *, closed_in=None):
    """One recommendation of ``report`` per status; the done ones closed in ``closed_in``."""
    return Recommendation.objects.bulk_create(
        Recommendation(
            tenant_id=report.tenant_id,
            unit_id=report.unit_id,
            cycle_id=report.cycle_id,
            report=report,
            area="MP",
            text=f"Rekomendasi {i}",
            pic=pic,
            target_on=datetime.date(2026, 12, 31),
            status=status,
            closed_in=closed_in if status == FollowUp.TELAH else None,
        )
        for i, status in enumerate(statuses)
    )


# --- the rubric -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "reported", "head", "letter"),
    [
        (12, 12, 12, "A"),
        (12, 12, 11, "B"),  # one meeting without the head: no longer "melibatkan pimpinan"
        (12, 11, 11, "B"),  # one month missing: no longer "berkala"
        (12, 6, 3, "B"),  # exactly half the months, the head at exactly half of them
        (12, 5, 5, "C"),
        (12, 6, 2, "C"),
        (12, 1, 0, "C"),
        (12, 0, 0, "D"),
        (0, 0, 0, "D"),
    ],
)
def test_the_monev_rubric_at_its_boundaries(months, reported, head, letter):
    assert monev_letter(months, reported, head) == letter


# --- PPA3B ----------------------------------------------------------------------------------


def test_without_monev_reports_there_is_no_monev_hint(tpu_assessment):
    assert hints(tpu_assessment) == {}


def test_every_month_issued_with_the_head_suggests_a(tpu_assessment):
    monev(tpu_assessment.cycle, dict.fromkeys(range(1, 13), True))
    hint = hints(tpu_assessment)["PPA3B"]
    assert hint.figure.startswith("12 dari 12 bulan (Januari–Desember 2026)")
    assert "pimpinan hadir di 12" in hint.figure
    assert hint.suggestion == "A"
    assert hint.links[0].url == reverse("reports:cycle", args=[tpu_assessment.cycle_id])
    assert hint.links[1].url == reverse("reports:index") + "?tahun=2026"


def test_months_count_from_the_first_monev_report_to_the_assessment_date(tpu_assessment):
    # Reports from March (the cycle entered pembangunan then); October is still a draft,
    # November was issued after the date, the head missed two meetings.
    heads = {3: True, 4: True, 5: False, 6: True, 7: True, 8: True, 9: False}
    monev(tpu_assessment.cycle, heads, drafts=[10])
    monev(tpu_assessment.cycle, {11: True}, issued_on=datetime.date(2026, 12, 20))
    hint = hints(tpu_assessment, as_of=datetime.date(2026, 12, 10))["PPA3B"]
    assert hint.figure.startswith("7 dari 9 bulan (Maret–November 2026)")
    assert "pimpinan hadir di 5" in hint.figure
    assert hint.suggestion == "B"
    assert hint.as_of == datetime.date(2026, 12, 10)


def test_reports_for_less_than_half_the_months_suggest_c(tpu_assessment):
    monev(tpu_assessment.cycle, {1: True, 2: True}, drafts=range(3, 13))
    hint = hints(tpu_assessment)["PPA3B"]
    assert hint.figure.startswith("2 dari 12 bulan") and hint.suggestion == "C"


def test_only_drafts_suggest_d(tpu_assessment):
    monev(tpu_assessment.cycle, {}, drafts=[1, 2])
    found = hints(tpu_assessment)
    assert found["PPA3B"].figure.startswith("0 dari 12 bulan")
    assert found["PPA3B"].suggestion == "D"
    assert found["PPA3C"].suggestion is None  # no recommendation issued yet


def test_before_the_first_month_ends_the_figure_suggests_nothing(tpu_assessment):
    monev(tpu_assessment.cycle, {}, drafts=[1])
    hint = hints(tpu_assessment, as_of=datetime.date(2026, 1, 20))["PPA3B"]
    assert hint.suggestion is None and "Belum ada bulan monev" in hint.figure


def test_lke_2014_reads_the_same_records(tree, admin, ketua_tim):
    cycle = CycleFactory(
        unit=tree["upt"], year=2025, template=TemplateVersion.objects.get(code="lke-2014")
    )
    mandiri = AssessmentFactory(actor=admin, cycle=cycle, level="mandiri", lead=ketua_tim)
    monev(cycle, dict.fromkeys(range(1, 13), True))
    found = hints(mandiri, as_of=datetime.date(2026, 1, 20))
    assert found["MP3b"].suggestion == "A" and found["MP3b"].suggestion_label == "A – semua"
    assert "MP3c" in found


# --- PPA3C ----------------------------------------------------------------------------------


def test_recommendations_followed_up_by_issued_reports_give_the_share(tpu_assessment, member):
    reports_ = monev(tpu_assessment.cycle, {5: True, 6: True, 7: True}, drafts=[8])
    # May: 4, of which 2 recorded done in June's report; June: 2 in progress, 1 not
    # started; the draft of August has one that does not count yet.
    recommendations(reports_[5], member, ["done", "done", "in_progress", "not_started"],
                    closed_in=reports_[6])  # fmt: skip
    recommendations(reports_[6], member, ["in_progress", "in_progress", "not_started"])
    recommendations(reports_[8], member, ["not_started"])
    hint = hints(tpu_assessment)["PPA3C"]
    assert hint.figure == (
        "2 dari 7 rekomendasi monev telah ditindaklanjuti (28,57 %); 3 sedang "
        "ditindaklanjuti, 2 belum."
    )
    assert hint.suggestion == "C"


def test_half_followed_up_suggests_b_and_all_suggest_a(tpu_assessment, member):
    reports_ = monev(tpu_assessment.cycle, {5: True, 6: True})
    recommendations(reports_[5], member, ["done", "not_started"], closed_in=reports_[6])
    assert hints(tpu_assessment)["PPA3C"].suggestion == "B"
    Recommendation.objects.filter(status="not_started").update(status="done", closed_in=reports_[6])
    assert hints(tpu_assessment)["PPA3C"].suggestion == "A"


def test_a_follow_up_recorded_after_the_date_does_not_count(tpu_assessment, member):
    reports_ = monev(tpu_assessment.cycle, {5: True})
    later = monev(tpu_assessment.cycle, {6: True}, issued_on=datetime.date(2026, 8, 1))[6]
    recommendations(reports_[5], member, ["done"], closed_in=later)
    on_date = hints(tpu_assessment, as_of=datetime.date(2026, 7, 15))["PPA3C"]
    assert on_date.figure.startswith("0 dari 1 rekomendasi") and on_date.suggestion == "D"
    assert hints(tpu_assessment)["PPA3C"].suggestion == "A"


def test_issued_reports_without_recommendations_suggest_nothing(tpu_assessment):
    monev(tpu_assessment.cycle, {1: True})
    hint = hints(tpu_assessment)["PPA3C"]
    assert hint.suggestion is None and "belum memuat rekomendasi" in hint.figure


# --- through the reports' own services -------------------------------------------------------


def test_reports_made_through_the_services_feed_both_hints(
    cycle, admin, tpu_user, tenant, ketua_tim, unit_leader, anggota
):
    draft_all(tenant, at(2026, 3, 2))  # January and February
    january = report_of(cycle, 1)
    with scope(tenant=tenant.pk):
        rec = reports.recommendation_add(
            actor=ketua_tim,
            report=january,
            area="MP",
            text="Lengkapi notulen rapat monev",
            pic=anggota,
            target_on=datetime.date(2026, 3, 31),
        )
    issue(january, ketua_tim, unit_leader, at(2026, 2, 5))
    february = report_of(cycle, 2)
    with scope(tenant=tenant.pk):
        reports.recommendation_follow_up(
            actor=ketua_tim, report=february, recommendation=rec, status="done",
            follow_up="Notulen dilengkapi.", evidence_note="Notulen",
        )  # fmt: skip
    february = complete(february, ketua_tim, at(2026, 3, 5), head_attended=False)
    with scope(tenant=tenant.pk), travel(at(2026, 3, 5)):
        february = reports.report_submit(actor=ketua_tim, report=february)
        reports.report_approve(actor=unit_leader, report=february)
    assessment = AssessmentFactory(actor=admin, cycle=cycle, level="tpu", lead=tpu_user)
    found = hints(assessment, as_of=datetime.date(2026, 3, 10))
    assert found["PPA3B"].figure.startswith("2 dari 2 bulan (Januari–Februari 2026)")
    assert "pimpinan hadir di 1" in found["PPA3B"].figure
    assert found["PPA3B"].suggestion == "B"
    assert found["PPA3C"].figure.startswith("1 dari 1 rekomendasi")
    assert found["PPA3C"].suggestion == "A"
