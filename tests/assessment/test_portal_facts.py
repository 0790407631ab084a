"""The "menurut data portal" providers (apps/assessment/portal_facts.py): each with data,
without data and at its edges; the share rubric at its exact boundaries; both LKE
versions; the registry."""

import datetime
from fractions import Fraction

import pytest
from django.urls import reverse
from django_scopes import scope

from apps.assessment import portal_facts
from apps.assessment.portal_facts import PROVIDERS, share_letter
from apps.lke.models import TemplateVersion
from apps.lke.selectors import engine_template
from apps.workplan import services as workplan
from apps.workplan.models import TaskStatus
from tests.factories import AssessmentFactory, CycleFactory

from . import hint_data

pytestmark = pytest.mark.django_db

AFTER_THE_YEAR = datetime.date(2027, 1, 20)  # every month of 2026 has ended
T, S, B = TaskStatus.TELAH, TaskStatus.SEDANG, TaskStatus.BELUM


def hints(assessment, as_of=AFTER_THE_YEAR, codes=None):
    with scope(tenant=assessment.tenant_id):
        return portal_facts.hints_for(assessment, codes, as_of=as_of)


# --- the rubric of "semua / sebagian besar / sebagian kecil / belum" -----------------------


@pytest.mark.parametrize(
    ("share", "letter"),
    [
        (Fraction(1), "A"),
        (Fraction(999, 1000), "B"),
        (Fraction(1, 2), "B"),  # exactly half is "sebagian besar"
        (Fraction(4999, 10000), "C"),
        (Fraction(1, 10**6), "C"),
        (Fraction(0), "D"),
    ],
)
def test_the_share_of_activities_done_reads_as_the_rubric_letter(share, letter):
    assert share_letter(share) == letter


def test_a_suggestion_follows_the_answer_type_of_the_question(lke):
    questions = engine_template(lke).questions
    abcd, yes_no = questions["PPA3A"], questions["PPA1A"]
    assert portal_facts.share_choice(abcd, 5, 8) == ("B", "B: sebagian besar")
    assert portal_facts.share_choice(abcd, 0, 8) == ("D", "D: belum")
    # LKE 2014's options are bare letters: the wording is added.
    mp3a = engine_template(TemplateVersion.objects.get(code="lke-2014")).questions["MP3a"]
    assert portal_facts.share_choice(mp3a, 8, 8) == ("A", "A – semua")
    # A figure that does not fit the type suggests nothing.
    assert portal_facts.share_choice(yes_no, 5, 8) is None
    assert portal_facts.yes_no(abcd, True) is None
    assert portal_facts.yes_no(yes_no, False) == ("Tidak", "Tidak")


def test_every_registered_code_is_a_question_of_a_shipped_lke_version(lke):
    codes = set()
    for version in TemplateVersion.objects.filter(code__in=["lke-2021", "lke-2014"]):
        codes |= set(engine_template(version).questions)
    assert set(PROVIDERS) <= codes
    assert {"PPA1A", "PPA2A", "PPA3A", "MP1a", "MP2a", "MP3a"} <= set(PROVIDERS)
    assert PROVIDERS["PPA3A"] is PROVIDERS["MP3a"]


def test_a_code_cannot_get_two_providers():
    with pytest.raises(ValueError, match="PPA1A"):
        portal_facts.provider("PPA1A")(lambda facts, question: None)


# --- PPA1A: the Tim Kerja ------------------------------------------------------------------


def test_without_team_records_there_is_no_team_hint(tpu_assessment):
    assert "PPA1A" not in hints(tpu_assessment)


def test_a_team_with_its_decree_suggests_ya_with_links(tpu_assessment, admin, ketua_tim, member):
    hint_data.team(tpu_assessment.cycle, admin, [ketua_tim, member])
    hint = hints(tpu_assessment)["PPA1A"]
    assert hint.suggestion == "Ya"
    assert "2 anggota tercatat" in hint.figure
    assert "KPTS/UPT1/01/2026 tanggal 10 Januari 2026" in hint.figure
    urls = [link.url for link in hint.links]
    assert urls[0] == reverse("teams:team", args=[tpu_assessment.cycle_id])
    assert urls[1].startswith("/tim/sk/")


def test_members_without_a_decree_suggest_tidak(tpu_assessment, admin, ketua_tim):
    hint_data.team(tpu_assessment.cycle, admin, [ketua_tim], decree=False)
    hint = hints(tpu_assessment)["PPA1A"]
    assert hint.suggestion == "Tidak"
    assert "SK Tim Kerja belum diunggah" in hint.figure
    assert len(hint.links) == 1


def test_a_decree_without_members_suggests_tidak(tpu_assessment, admin):
    hint_data.team(tpu_assessment.cycle, admin, [])
    hint = hints(tpu_assessment)["PPA1A"]
    assert hint.suggestion == "Tidak" and "0 anggota" in hint.figure


def test_a_decree_signed_after_the_assessment_date_does_not_count(tpu_assessment, admin, ketua_tim):
    hint_data.team(tpu_assessment.cycle, admin, [ketua_tim], signed_on=datetime.date(2026, 3, 1))
    early = hints(tpu_assessment, as_of=datetime.date(2026, 2, 28))
    # Recorded in the portal today, the members did not exist on that date either.
    assert "PPA1A" not in early
    assert hints(tpu_assessment)["PPA1A"].suggestion == "Ya"


# --- PPA2A: the ratified Rencana Kerja -------------------------------------------------------


def test_without_a_plan_there_are_no_plan_hints(tpu_assessment):
    found = hints(tpu_assessment)
    assert "PPA2A" not in found and "PPA3A" not in found


def test_a_draft_plan_suggests_tidak_and_gives_no_share(tpu_assessment, ketua_tim, member):
    hint_data.plan(tpu_assessment.cycle, ketua_tim, member)
    found = hints(tpu_assessment)
    assert found["PPA2A"].suggestion == "Tidak"
    assert "revisi terakhir (1) berstatus draf" in found["PPA2A"].figure
    assert "PPA3A" not in found


def test_a_ratified_plan_suggests_ya_and_links_to_it(
    tpu_assessment, ketua_tim, member, unit_leader
):
    hint_data.plan(tpu_assessment.cycle, ketua_tim, member, unit_leader, ([1], [2, 3]))
    hint = hints(tpu_assessment)["PPA2A"]
    assert hint.suggestion == "Ya"
    assert "revisi 1 disahkan" in hint.figure and "Kepala UPT Satu" in hint.figure
    assert "memuat 2 kegiatan" in hint.figure
    assert hint.links[0].url == reverse("workplan:plan", args=[tpu_assessment.cycle_id])


def test_a_plan_ratified_after_the_assessment_date_was_not_ratified_then(
    tpu_assessment, ketua_tim, member, unit_leader
):
    hint_data.plan(
        tpu_assessment.cycle, ketua_tim, member, unit_leader, on=datetime.date(2026, 2, 3)
    )
    before = hints(tpu_assessment, as_of=datetime.date(2026, 2, 2))
    assert before["PPA2A"].suggestion == "Tidak"
    assert "disahkan sesudah tanggal itu" in before["PPA2A"].figure
    assert "PPA3A" not in before


# --- PPA3A: the share of planned activities done ---------------------------------------------


@pytest.fixture
def ratified(tpu_assessment, ketua_tim, member, unit_leader):
    """Two MP activities: one planned for January and February, one for March."""
    return hint_data.plan(tpu_assessment.cycle, ketua_tim, member, unit_leader, ([1, 2], [3]))


@pytest.mark.parametrize(
    ("jan", "feb", "mar", "figure", "suggestion"),
    [
        ([T], [T, T], [T], "3 dari 3", "A"),
        ([T], [T, S], [B], "1 dari 3", "C"),
        ([T], [T], [], "2 dari 3", "B"),  # March has no task: not done
        ([], [], [], "0 dari 3", "D"),
        ([S], [B], [T, B], "0 dari 3", "D"),
    ],
)
def test_the_share_counts_each_planned_month_done_when_all_its_tasks_are(
    tpu_assessment, ratified, jan, feb, mar, figure, suggestion
):
    first, second = hint_data.items(ratified)
    hint_data.tasks(first, 1, jan)
    hint_data.tasks(first, 2, feb)
    hint_data.tasks(second, 3, mar)
    hint = hints(tpu_assessment)["PPA3A"]
    assert figure + " kegiatan terjadwal Januari–Desember 2026 telah dilaksanakan" in hint.figure
    assert hint.suggestion == suggestion


def test_exactly_half_done_suggests_b(tpu_assessment, ketua_tim, member, unit_leader):
    revision = hint_data.plan(tpu_assessment.cycle, ketua_tim, member, unit_leader, ([1, 2],))
    (item,) = hint_data.items(revision)
    hint_data.tasks(item, 1, [T])
    hint_data.tasks(item, 2, [S])
    hint = hints(tpu_assessment)["PPA3A"]
    assert "1 dari 2" in hint.figure and "(50 %)" in hint.figure
    assert "1 sedang dilaksanakan, 0 belum (0 tanpa tugas)" in hint.figure
    assert (hint.suggestion, hint.suggestion_label) == ("B", "B: sebagian besar")


def test_only_months_ended_before_the_assessment_date_are_due(tpu_assessment, ratified):
    first, second = hint_data.items(ratified)
    hint_data.tasks(first, 1, [T], done_on=datetime.date(2026, 1, 20))
    hint_data.tasks(second, 3, [B])
    # On 10 March only January and February have ended: March is not due yet.
    hint = hints(tpu_assessment, as_of=datetime.date(2026, 3, 10))["PPA3A"]
    assert "1 dari 2 kegiatan terjadwal Januari–Februari 2026" in hint.figure
    assert hint.suggestion == "B"


def test_a_task_done_after_the_assessment_date_does_not_count(tpu_assessment, ratified):
    first, _second = hint_data.items(ratified)
    hint_data.tasks(first, 1, [T], done_on=datetime.date(2026, 4, 2))
    hint = hints(tpu_assessment, as_of=datetime.date(2026, 3, 10))["PPA3A"]
    assert hint.figure.startswith("0 dari 2") and hint.suggestion == "D"


def test_with_no_activity_due_yet_there_is_a_figure_but_no_suggestion(tpu_assessment, ratified):
    # 20 January: no month of the plan has ended.
    hint = hints(tpu_assessment, as_of=datetime.date(2026, 1, 20))["PPA3A"]
    assert hint.suggestion is None and hint.suggestion_label == ""
    assert "belum memuat kegiatan yang jadwalnya berakhir sebelum 20 Januari 2026" in hint.figure
    assert portal_facts.due_months(2026, datetime.date(2025, 12, 31)) == []
    assert portal_facts.due_months(2026, datetime.date(2026, 12, 31)) == list(range(1, 12))


def test_tasks_of_an_earlier_revision_count_for_its_copy(
    tpu_assessment, ratified, ketua_tim, member, unit_leader
):
    first, _second = hint_data.items(ratified)
    hint_data.tasks(first, 1, [T])
    hint_data.tasks(first, 2, [T])
    cycle = tpu_assessment.cycle
    with scope(tenant=cycle.tenant_id):
        draft = workplan.plan_revise(actor=ketua_tim, cycle=cycle, reason="Tambah bulan April")
        workplan.plan_area_approve(actor=member, revision=draft, area="MP")
        workplan.plan_ratify(actor=unit_leader, revision=draft)
    hint = hints(tpu_assessment)["PPA3A"]
    assert "revisi 2" in hint.basis
    assert hint.figure.startswith("2 dari 3")


def test_the_2014_lke_gets_the_same_hints_under_its_own_codes(
    tree, admin, ketua_tim, member, unit_leader
):
    cycle = CycleFactory(
        unit=tree["upt"], year=2025, template=TemplateVersion.objects.get(code="lke-2014")
    )
    mandiri = AssessmentFactory(actor=admin, cycle=cycle, level="mandiri", lead=ketua_tim)
    hint_data.team(cycle, admin, [ketua_tim], signed_on=datetime.date(2025, 1, 10))
    revision = hint_data.plan(
        cycle, ketua_tim, member, unit_leader, ([1],), on=datetime.date(2025, 1, 6)
    )
    (item,) = hint_data.items(revision)
    hint_data.tasks(item, 1, [T], year=2025, done_on=datetime.date(2025, 1, 20))
    found = hints(mandiri)
    assert set(found) == {"MP1a", "MP2a", "MP3a"}
    assert found["MP1a"].suggestion == "Ya" and found["MP2a"].suggestion == "Ya"
    assert found["MP3a"].suggestion == "A"
