"""The home page's "Yang perlu Anda kerjakan": for each person of tests/conftest.py's cast
(the roles of the demo agency), exactly what waits for them, most urgent first, with a
link to the page where it is done; nothing of another unit or agency."""

import datetime

import pytest
from django.urls import reverse

from apps.declaration import services as declaration_services
from apps.evidence import services as evidence_services
from apps.identification import services as identification_services
from apps.lke.models import Question
from apps.reports import services as report_services
from apps.workplan import services as plan_services
from tests.factories import (
    AssessmentFactory,
    CycleFactory,
    EvidenceItemFactory,
    TaskFactory,
    UserFactory,
    plan_item_values,
)
from tests.identification.conftest import fill
from tests.reports.conftest import complete
from tests.workplan.conftest import ratified_plan

from .support import home_lines, kinds, on

pytestmark = pytest.mark.django_db


# --- who may open it ------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_person_in_no_agency_goes_to_their_invitations(client, db):
    client.force_login(UserFactory())
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("my_invitations")


def test_nothing_waiting_says_so_kindly(client, admin):
    client.force_login(admin)
    body = client.get(reverse("home")).content.decode()
    assert "Tidak ada pekerjaan yang menunggu Anda." in body
    # The rest of the page is still there, below.
    assert body.index("Yang perlu Anda kerjakan") < body.index("Unit dan peran Anda")


# --- Pokja tasks ------------------------------------------------------------------------


@pytest.fixture
def plan(cycle, ketua_tim, member, pokja_tl, unit_leader):
    return ratified_plan(cycle, ketua_tim, [member, pokja_tl], unit_leader)


def test_an_assigned_member_sees_their_task_with_its_deadline_and_link(
    client, plan, member, anggota, sibling_member, other_admin, verifier
):
    task = TaskFactory(
        actor=member,
        item=plan.items.get(area="MP"),
        title="Susun notulen rapat",
        due_on=datetime.date(2026, 2, 15),
        assignees=[anggota],
    )
    with on(2026, 2, 10):
        [line] = home_lines(client, anggota)
        body = client.get(reverse("home")).content.decode()
    assert line.kind == "workplan.task"
    assert line.title == "Susun notulen rapat"
    assert line.unit == "UPT Satu"
    assert line.url == reverse("workplan:task", args=[task.pk])
    assert line.urgency == "soon"
    assert "5 hari lagi" in body
    # Not assigned, other unit, other agency: not theirs.
    for person in (member, sibling_member, verifier, other_admin):
        assert "workplan.task" not in kinds(home_lines(client, person)), person
    # Done: gone.
    plan_services.task_set_status(actor=anggota, task=task, status="telah")
    with on(2026, 2, 10):
        assert home_lines(client, anggota) == []


def test_overdue_first_then_the_nearest_deadline_then_the_oldest_waiting(
    client, plan, member, anggota, verifier
):
    item = plan.items.get(area="MP")
    for title, due in [
        ("Nanti", datetime.date(2026, 3, 1)),
        ("Terlambat", datetime.date(2026, 1, 20)),
        ("Segera", datetime.date(2026, 2, 12)),
        ("Paling terlambat", datetime.date(2026, 1, 5)),
    ]:
        TaskFactory(actor=member, item=item, title=title, due_on=due, assignees=[anggota])
    with on(2026, 2, 10):
        lines = home_lines(client, anggota)
    assert [line.title for line in lines] == ["Paling terlambat", "Terlambat", "Segera", "Nanti"]
    assert [line.urgency for line in lines] == ["overdue", "overdue", "soon", "later"]


def test_at_most_ten_tasks_and_a_link_to_all_of_them(client, plan, member, anggota):
    item = plan.items.get(area="MP")
    for i in range(12):
        TaskFactory(
            actor=member,
            item=item,
            title=f"Tugas {i:02d}",
            due_on=datetime.date(2026, 3, 1) + datetime.timedelta(days=i),
            assignees=[anggota],
        )
    with on(2026, 2, 10):
        lines = home_lines(client, anggota)
        body = client.get(reverse("home")).content.decode()
    assert [line.title for line in lines] == [f"Tugas {i:02d}" for i in range(10)]
    assert f'href="{reverse("workplan:my_tasks")}"' in body
    assert "lihat semua (12)" in body


# --- the work plan: approvals and ratification -------------------------------------------


def test_each_area_waits_for_its_ketua_pokja_and_the_plan_for_the_head(
    client, cycle, ketua_tim, member, pokja_tl, anggota, unit_leader, sibling_sekretaris
):
    revision = plan_services.plan_start(actor=ketua_tim, cycle=cycle)
    for area in ("MP", "TL", "SDM"):
        plan_services.plan_item_add(actor=ketua_tim, revision=revision, **plan_item_values(area))
    url = reverse("workplan:plan", args=[cycle.pk])
    with on(2026, 2, 10):
        [mp] = home_lines(client, member)
        [tl] = home_lines(client, pokja_tl)
        # SDM has no Ketua Pokja in the unit: the Ketua Tim approves it in their place.
        [sdm] = home_lines(client, ketua_tim)
        assert home_lines(client, unit_leader) == []
        assert home_lines(client, anggota) == []
        assert home_lines(client, sibling_sekretaris) == []
    assert (mp.kind, mp.url) == ("workplan.approve", url)
    assert mp.title == "Setujui area Manajemen Perubahan Rencana Kerja revisi 1"
    assert "Penataan Tata Laksana" in tl.title
    assert "Penataan Sistem Manajemen SDM" in sdm.title
    plan_services.plan_area_approve(actor=member, revision=revision, area="MP")
    plan_services.plan_area_approve(actor=pokja_tl, revision=revision, area="TL")
    assert home_lines(client, member) == []
    assert kinds(home_lines(client, ketua_tim)) == ["workplan.approve"]
    assert home_lines(client, unit_leader) == []
    plan_services.plan_area_approve(actor=ketua_tim, revision=revision, area="SDM")
    assert home_lines(client, ketua_tim) == []
    [ratify] = home_lines(client, unit_leader)
    assert (ratify.kind, ratify.url) == ("workplan.ratify", url)
    assert ratify.title == "Sahkan Rencana Kerja revisi 1"


# --- evidence: verification and returned items --------------------------------------------


def test_the_verifier_sees_what_waits_and_the_area_sees_what_was_returned(
    client, cycle, question, member, pokja_tl, anggota, sibling_member, verifier, es1_verifier
):
    with on(2026, 2, 1):
        item = EvidenceItemFactory(actor=member, cycle=cycle, question=question, submit=True)
        EvidenceItemFactory(actor=member, cycle=cycle, question=question, submit=True)
    with on(2026, 2, 10):
        [line] = home_lines(client, verifier)
        body = client.get(reverse("home")).content.decode()
        assert "Menunggu 9 hari" in body
        assert home_lines(client, es1_verifier) == []  # the second level, not yet
    assert line.kind == "evidence.verify"
    assert line.title == "2 bukti area MP menunggu verifikasi Anda"
    assert line.unit == "UPT Satu"
    assert line.url == f"{reverse('evidence:queue')}?unit={cycle.unit_id}&area=MP"
    assert home_lines(client, member) == []
    evidence_services.evidence_return(actor=verifier, item=item, comment="Belum bertanda tangan.")
    with on(2026, 2, 10):
        [line] = home_lines(client, verifier)
        assert line.title == "1 bukti area MP menunggu verifikasi Anda"
        for person in (member, anggota):
            [returned] = home_lines(client, person)
            assert returned.kind == "evidence.returned"
            assert returned.url == reverse("evidence:question", args=[cycle.pk, question.code])
        # Another area, another unit: not theirs to fix.
        assert home_lines(client, pokja_tl) == []
        assert home_lines(client, sibling_member) == []


# --- identification -----------------------------------------------------------------------


def test_the_unit_completes_its_identification_and_the_tpu_decides_it(
    client, tree, template, ketua_tim, member, tpu_user, conflicted_tpu, other_tpu
):
    cycle = CycleFactory(unit=tree["upt"], template=template, stage="identifikasi", year=2027)
    identification = identification_services.identification_open(actor=ketua_tim, cycle=cycle)
    url = reverse("identification:detail", args=[cycle.pk])
    [line] = home_lines(client, ketua_tim)
    assert (line.kind, line.url) == ("identification.fill", url)
    assert line.title == "Lengkapi dan ajukan identifikasi"
    assert home_lines(client, member) == []  # a Ketua Pokja does not fill it
    assert home_lines(client, tpu_user) == []
    fill(identification, ketua_tim)
    identification_services.identification_submit(actor=ketua_tim, identification=identification)
    assert home_lines(client, ketua_tim) == []
    [line] = home_lines(client, tpu_user)
    assert (line.kind, line.url) == ("identification.decide", url)
    # A TPU assessor who works in the unit may not decide; another agency's never sees it.
    assert home_lines(client, conflicted_tpu) == []
    assert home_lines(client, other_tpu) == []


# --- assessment ---------------------------------------------------------------------------


def test_an_assessor_sees_the_unanswered_questions_of_their_area(
    client, admin, cycle, tpu_user, tpu_user_tl, tpi_user
):
    cycle.stage = "penilaian_pendahuluan"
    cycle.save(update_fields=["stage"])
    assessment = AssessmentFactory(
        actor=admin, cycle=cycle, level="tpu", lead=tpu_user, assessors=[(tpu_user_tl, "TL")]
    )
    questions = Question.objects.filter(
        version_id=cycle.template_id,
        indicator__aspect__area__code="TL",
        computation__isnull=True,
    ).count()
    [line] = home_lines(client, tpu_user_tl)
    assert line.kind == "assessment.answer"
    assert line.title == f"Jawab {questions} pertanyaan LKE (area TL)"
    assert line.url == reverse("assessment:detail", args=[assessment.pk])
    assert home_lines(client, tpi_user) == []


# --- reports ------------------------------------------------------------------------------


def test_the_team_writes_the_report_and_the_head_approves_it(
    client, cycle, ketua_tim, sekretaris, member, pokja_tl, unit_leader, sibling_sekretaris
):
    with on(2026, 2, 3):
        report = report_services.report_draft(
            actor=ketua_tim, cycle=cycle, kind="monev", year=2026, month=1
        )
        url = reverse("reports:detail", args=[report.pk])
        for person in (ketua_tim, sekretaris, member):
            [line] = home_lines(client, person)
            assert (line.kind, line.url) == ("reports.write", url), person
            assert line.title == "Lengkapi dan ajukan Laporan Monitoring dan Evaluasi Januari 2026"
            assert line.urgency == "soon"  # due 5 February (the agency calendar)
        for person in (pokja_tl, unit_leader, sibling_sekretaris):
            assert home_lines(client, person) == [], person
    report = complete(report, ketua_tim)
    report_services.report_submit(actor=ketua_tim, report=report)
    with on(2026, 2, 10):
        [line] = home_lines(client, unit_leader)
        assert home_lines(client, ketua_tim) == []
    assert (line.kind, line.url, line.urgency) == ("reports.approve", url, "overdue")


# --- the Pakta Integritas -------------------------------------------------------------------


def test_an_employee_whose_only_duty_is_the_pact_is_told_to_sign_it(
    client, admin, tree, staff_user
):
    placement = declaration_services.employee_add(
        actor=admin,
        unit=tree["upt"],
        nip=staff_user.nip,
        name=staff_user.full_name,
        position="Pengadministrasi Umum",
        lhkpn_obliged=False,
    )
    client.force_login(staff_user)
    body = client.get(reverse("home")).content.decode()
    assert "Hubungi Admin Instansi" not in body
    [line] = home_lines(client, staff_user)
    assert (line.kind, line.title) == ("declaration.pact", "Tandatangani Pakta Integritas")
    assert line.url == reverse("declaration:pact", args=[placement.pk])
    assert line.unit == "UPT Satu"
    declaration_services.pact_sign(
        actor=staff_user, placement=placement, ip_address="127.0.0.1", agreed=True
    )
    assert home_lines(client, staff_user) == []


def test_a_member_without_any_duty_is_still_told_to_ask_the_admin(client, no_role):
    client.force_login(no_role)
    body = client.get(reverse("home")).content.decode()
    assert "Tidak ada pekerjaan yang menunggu Anda." in body
    assert "Hubungi Admin Instansi" in body


# --- leaders: their units' progress ---------------------------------------------------------


def test_heads_and_leaders_see_their_units_progress_and_others_do_not(
    client, cycle, unit_leader, es1_leader, anggota, verifier
):
    completeness = reverse("evidence:completeness")
    # The head: their unit; a leader above: their unit and the units one level below it.
    for leader, shown in (
        (unit_leader, ["UPT Satu"]),
        (es1_leader, ["Ditjen Satu", "Kanwil Satu"]),
    ):
        client.force_login(leader)
        home = client.get(reverse("home")).content.decode()
        assert f'hx-get="{reverse("home_progress")}"' in home, leader
        body = client.get(reverse("home_progress")).content.decode()
        assert 'data-testid="unit-progress"' in body, leader
        section = body[body.index('data-testid="unit-progress"') :]
        section = section[: section.index("</section>")]
        assert f'href="{completeness}?tahun=2026' in section
        # Both lead to their dashboard (dashboard.view: Pimpinan Unit, Pimpinan).
        assert f'href="{reverse("dashboard:index")}?tahun=2026"' in section
        for name in shown:
            assert name in section, name
        assert "UPT Dua" not in section
    for person in (anggota, verifier):
        client.force_login(person)
        assert "unit-progress" not in client.get(reverse("home")).content.decode()
        assert client.get(reverse("home_progress")).status_code == 204


def test_the_progress_fragment_is_for_members_only(client, other_admin, tree):
    response = client.get(reverse("home_progress"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
