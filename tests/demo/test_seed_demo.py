"""seed_demo end to end: run twice on one database (the second run must change nothing),
then what each app shows of the demo agency.

The demo is seeded once for this module, in a transaction rolled back at its end (each
test runs in a savepoint inside it): the one place where the whole seed_demo runs, next to
tests/api/test_schemathesis.py (fuzzed as the demo admin), tests/core/
test_same_tenant_references.py, the phone/axe journey (tests/e2e) and the backup round trip
(tests/files/test_backup.py). Every other test builds what it needs from tests/conftest.py
and tests/factories.py.
"""

import datetime
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django_scopes import scope, scopes_disabled

from apps.accounts.models import RoleAssignment, User
from apps.accounts.roles import Role
from apps.assessment.models import Answer, Assessment
from apps.audit.models import AuditEvent
from apps.core.models import StateChange
from apps.core.workflow import history_of
from apps.cycles.models import CalendarEntry, Cycle
from apps.cycles.services import calendar_default_entries
from apps.dashboard.models import CycleSummary, DashboardExport
from apps.declaration.models import Declaration, Employee, Pact, Placement
from apps.declaration.selectors import pact_share
from apps.evidence.models import EvidenceComment, EvidenceItem
from apps.identification.models import Identification, ServiceUser
from apps.lke.models import TemplateVersion
from apps.reports.models import ActionRealisation, AgentChange, Recommendation, Report
from apps.reports.periods import quarter_start
from apps.reports.services import unit_today
from apps.teams.models import ActionPlanItem, ChangeAgent, Decree, TeamMember
from apps.tenants.models import Tenant
from apps.units.models import Unit
from apps.workplan.models import AreaApproval, PlanItem, PlanRevision, Task, TaskAttachment

# One worker seeds it for the whole module (make test runs pytest-xdist with loadgroup).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("seed_demo")]

COUNTED = (
    Tenant,
    Unit,
    User,
    RoleAssignment,
    AuditEvent,
    TemplateVersion,
    EvidenceItem,
    EvidenceComment,
    Assessment,
    Answer,
    Cycle,
    StateChange,
    CalendarEntry,
    Declaration,
    Employee,
    Placement,
    Pact,
    Identification,
    ServiceUser,
    TeamMember,
    PlanRevision,
    PlanItem,
    AreaApproval,
    Task,
    TaskAttachment,
    Report,
    Recommendation,
    ActionRealisation,
    AgentChange,
    CycleSummary,
    DashboardExport,
)


@dataclass
class Seeded:
    output: str  # what the first run printed
    first: dict  # row counts after the first run
    second: dict  # row counts after the second run


def counts() -> dict:
    return {m.__name__: m.objects.count() for m in COUNTED}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), scopes_disabled(), transaction.atomic():
        assert connection.settings_dict["NAME"].startswith("test_"), "not the test database"
        out = StringIO()
        call_command("seed_demo", stdout=out)
        first = counts()
        call_command("seed_demo", stdout=StringIO())
        yield Seeded(out.getvalue(), first, counts())
        transaction.set_rollback(True)


def test_a_second_run_changes_nothing(seeded):
    assert seeded.second == seeded.first
    assert history_of(Identification.objects.get(unit__code="PJN1-JBR")).count() == 5


def test_the_demo_agency_and_every_login(seeded):
    tenant = Tenant.objects.get(code="PU-DEMO")
    units = Unit.objects.filter(tenant=tenant)
    assert units.filter(unit_type__code="eselon-1").count() == 2
    assert units.filter(unit_type__code="unit-kerja").count() == 4
    assert units.filter(unit_type__code="upt").count() == 12
    held = set(RoleAssignment.objects.filter(tenant=tenant).values_list("role", flat=True))
    assert held == set(Role.values)
    for user in User.objects.filter(role_assignments__tenant=tenant).distinct():
        assert user.email in seeded.output
    assert "operator@zi-portal.local" in seeded.output
    assert TemplateVersion.objects.filter(code="lke-2021").exists()


def test_evidence_and_the_tpu_assessment(seeded):
    # Evidence: a verifier's question in a waiting item's thread, answered by the unit.
    waiting = EvidenceItem.objects.get(title="Dokumentasi Sosialisasi ZI Triwulan I")
    assert waiting.status == "in_verification"
    thread = list(
        waiting.comments.order_by("created_at", "id").values_list("author__email", "body")
    )
    assert [author for author, _ in thread] == [
        "verifikator@pu-demo.go.id",
        "anggota.pokja@pu-demo.go.id",
    ]
    assert thread[0][1].endswith("Mohon sebutkan pesertanya.")

    # The TPU assessment started from the final mandiri: most answers are copied, keeping
    # their answerer; the TPU's own findings are not.
    tpu = Assessment.objects.get(level="tpu", unit__code="PJN1-JBR")
    copied = tpu.answers.filter(copied_from="mandiri")
    assert copied.count() > 100
    assert copied.filter(updated_by__email="ketua.tim@pu-demo.go.id").exists()
    assert not tpu.answers.filter(question__code="PPA1B", copied_from="mandiri").exists()


def test_the_tpu_assessment_shows_hints_from_the_units_records(seeded, client):
    """The demo unit's Tim Kerja with its SK and its ratified Rencana Kerja answer PPA1A
    and PPA2A on the scoring page ("menurut data portal"), next to the TPU's answers."""
    tpu = Assessment.objects.get(level="tpu", unit__code="PJN1-JBR")
    client.force_login(User.objects.get(email="penilai.tpu@pu-demo.go.id"))
    body = client.get(f"/penilaian/{tpu.pk}/").content.decode()
    assert 'data-testid="hint-PPA1A"' in body and 'data-testid="hint-PPA2A"' in body
    assert 'data-testid="hint-suggestion-PPA1A">Ya<' in body
    assert "Rencana Kerja revisi 1 disahkan" in body
    assert 'data-testid="hint-PPA3A"' in body


def test_two_cycles_with_their_history(seeded):
    jbr = Cycle.objects.get(unit__code="PJN1-JBR", unit__tenant__code="PU-DEMO")
    assert (jbr.name, jbr.year, jbr.target, jbr.template.code, jbr.stage) == (
        "Pembangunan ZI 2026",
        2026,
        "wbk",
        "lke-2021",
        # Moved on for the TPU's preliminary assessment (apps.demo.assessment).
        "penilaian_pendahuluan",
    )
    history = list(history_of(jbr).values_list("to_state", "actor__email"))
    assert history == [
        ("pencanangan", "admin@pu-demo.go.id"),
        ("identifikasi", "admin@pu-demo.go.id"),
        ("pembangunan", "admin@pu-demo.go.id"),
        ("penilaian_pendahuluan", "admin@pu-demo.go.id"),
    ]
    jtm = Cycle.objects.get(unit__code="PJN1-JTM")
    assert jtm.stage == "identifikasi"
    assert CalendarEntry.objects.filter(tenant=jbr.tenant, year=2026).count() == len(
        calendar_default_entries(2026)
    )


def test_charters_and_a_roster_with_pacts(seeded):
    jbr = Cycle.objects.get(unit__code="PJN1-JBR", year=2026)
    assert jbr.stage != "pencanangan"  # the guard let it through: charter and scan recorded
    declaration = Declaration.objects.get(cycle=jbr)
    assert declaration.scan is not None and declaration.witnesses.count() == 2
    assert Declaration.objects.get(cycle__unit__code="PJN1-JTM").scan is not None
    unit = Unit.objects.get(code="PJN1-JBR")
    share = pact_share(unit)
    assert share.total == 18 and 0 < share.signed < share.total
    assert set(Pact.objects.filter(unit=unit).values_list("method", flat=True)) == {
        "online",
        "scan",
    }
    moved = Employee.objects.get(nip="198306062008011011")
    assert [p.unit.code for p in moved.placements.order_by("started_on")] == [
        "PJN2-JBR",
        "PJN1-JBR",
    ]


def test_the_identification_returned_once_then_complete(seeded):
    """PJN1-JBR returned once, then complete, and its cycle moved on to pembangunan (every
    stage guard active), and later to penilaian pendahuluan for the TPU's assessment."""
    identification = Identification.objects.get(unit__code="PJN1-JBR")
    assert identification.status == "complete"
    assert identification.decided_by.email == "penilai.tpu@pu-demo.go.id"
    assert list(history_of(identification).values_list("transition", flat=True)) == [
        "open",
        "submit",
        "return",
        "submit",
        "complete",
    ]
    returned = history_of(identification).get(transition="return")
    assert "Perjanjian Kinerja tahun 2023 belum ada." in returned.data["missing_items"]
    assert ServiceUser.objects.filter(cycle=identification.cycle).count() == 12
    cycle = Cycle.objects.get(pk=identification.cycle_id)
    assert list(history_of(cycle).values_list("to_state", flat=True))[2:] == [
        "pembangunan",
        "penilaian_pendahuluan",
    ]
    assert "PJN1-JBR: identifikasi lengkap (Calon Unit Kerja), lanjut ke tahap pembangunan." in (
        seeded.output
    )


def test_the_team_the_agents_the_plan_in_both_states_and_tasks(seeded):
    """The plan in both states and tasks in every status; in the draft, an area approved
    by the Ketua Tim in place and a deleted, restorable item."""
    revisions = PlanRevision.objects.filter(unit__code="PJN1-JBR").order_by("number")
    assert [(r.number, r.status) for r in revisions] == [(1, "ratified"), (2, "draft")]
    assert revisions[1].reason
    assert sorted(revisions[0].approvals.values_list("area", flat=True)) == ["MP", "TL"]
    assert set(Task.objects.values_list("status", flat=True)) == {"belum", "sedang", "telah"}
    assert TaskAttachment.objects.count() == 1
    assert TeamMember.objects.filter(function="ketua_pokja", area="TL", granted=True).exists()
    assert Decree.objects.count() == 2
    assert ChangeAgent.objects.count() == 1 and ActionPlanItem.objects.count() == 2
    draft = revisions[1]
    # SDM has no Ketua Pokja in the demo unit: the Ketua Tim approved it in their place.
    approval = draft.approvals.get()
    assert (approval.area, approval.in_place, approval.approved_by.email) == (
        "SDM",
        True,
        "ketua.tim@pu-demo.go.id",
    )
    assert not TeamMember.objects.filter(cycle=draft.cycle, function="ketua_pokja", area="SDM")
    # Deleted from the draft, kept (restorable) until ratification.
    removed = draft.items.get(removed_at__isnull=False)
    assert removed.action.startswith("Penerapan e-office")
    assert removed.removed_by.email == "ketua.tim@pu-demo.go.id"
    assert draft.items.filter(removed_at__isnull=True).count() == 5


def test_the_pacts_and_the_ratified_plan_have_their_pdfs_made_by_the_worker(seeded):
    """Every demo pact and the ratified plan are due for the worker (make run renders them
    on commit, the beat catches up); rendered, they carry the unit's kop."""
    import io

    from pypdf import PdfReader

    from apps.declaration.tasks import render_pact_pdf
    from apps.workplan.tasks import render_plan_pdf

    def text_of(stored):
        with stored.file.open("rb") as fh:
            pages = PdfReader(io.BytesIO(fh.read())).pages
        return " ".join(" ".join(p.extract_text().split()) for p in pages)

    unit = Unit.objects.get(code="PJN1-JBR")
    pacts = Pact.objects.filter(unit=unit)
    assert pacts.count() >= 10 and set(pacts.values_list("pdf_state", flat=True)) == {"pending"}
    revisions = PlanRevision.objects.filter(unit=unit)
    assert dict(revisions.values_list("status", "pdf_state")) == {
        "ratified": "pending",
        "draft": "",
    }
    # The head's own pact: witnessed by the head of the Balai Besar above.
    pact = pacts.get(signer__email="pimpinan.unit@pu-demo.go.id")
    assert render_pact_pdf(unit.tenant_id, pact.pk) is True
    pact.refresh_from_db()
    text = text_of(pact.pdf_file)
    assert "KEMENTERIAN PEKERJAAN UMUM (DEMO) DIREKTORAT JENDERAL BINA MARGA" in text
    assert "SATKER PJN WILAYAH I JAWA BARAT Jl. Soekarno-Hatta No. 206" in text
    assert "Menyaksikan, Kepala Balai Besar Pelaksanaan Jalan Nasional Jawa Barat" in text
    ratified = revisions.get(status="ratified")
    assert render_plan_pdf(unit.tenant_id, ratified.pk) is True
    ratified.refresh_from_db()
    text = text_of(ratified.pdf_file)
    assert "Mengesahkan, Kepala Satker PJN Wilayah I Jawa Barat Yusuf Maulana" in text
    assert "Monitoring dan evaluasi pembangunan ZI" in text


def test_monev_reports_issued_for_several_months_and_one_draft(seeded):
    """Run after May 2026 (the demo's year): January to March issued, April a draft."""
    reports = Report.objects.filter(unit__code="PJN1-JBR", kind="monev").order_by("period_start")
    assert [(r.period_start.month, r.status) for r in reports] == [
        (1, "issued"),
        (2, "issued"),
        (3, "issued"),
        (4, "draft"),
    ]
    january = reports[0]
    assert january.scan is not None and january.pdf_state == "pending"
    assert january.signer_name == "Yusuf Maulana"
    february = reports[1].sections
    assert (february["b"]["done"], february["b"]["total"]) == (1, 1)
    # March carries February's two recommendations (one in progress, one not started),
    # April carries them again.
    assert reports[2].sections["b"]["total"] == 2
    assert Recommendation.objects.filter(unit__code="PJN1-JBR", closed_in__isnull=True).count() == 2


def test_the_agents_first_quarter_issued_and_the_current_one_recorded(seeded):
    """Run after March 2026: the agent's first quarter recorded in March (one month partly
    realised), drafted by the agent, submitted and approved in April; within 2026, the
    months of the current quarter already past are recorded too."""
    agent = ChangeAgent.objects.select_related("user", "unit").get()
    assert agent.created_at.date() == datetime.date(2026, 1, 12)
    report = Report.objects.get(kind="agen_perubahan", agent=agent)
    assert (report.period_start, report.status) == (datetime.date(2026, 1, 1), "issued")
    assert report.signer_name == "Yusuf Maulana" and report.pdf_state == "pending"
    assert report.submitted_at.date() == datetime.date(2026, 4, 2)
    figures = report.sections["plan_actual"]
    assert (figures["done"], figures["total"], figures["percent"]) == (5, 6, "83.33")
    partly = [m for row in figures["rows"] for m in row["months"] if m["status"] == "partly"]
    assert len(partly) == 1 and "mading lantai 1" in partly[0]["note"]
    integrated = [row for row in report.sections["contribution"] if row["integrated"]]
    assert [row["integrated_on"] for row in integrated] == ["2026-03-26"]
    assert AgentChange.objects.filter(integrated_on__isnull=True).count() == 1
    assert report.sections["documentation"], "the unit's evidence on March's record"

    today = unit_today(agent.unit)
    later = ActionRealisation.objects.filter(month__gte=datetime.date(2026, 4, 1))
    if today.year != 2026:
        assert not later.exists()
        return
    current = quarter_start(today)
    months = sorted({r.month for r in later})
    assert months and all(quarter_start(m) == current and m <= today for m in months)
    assert set(later.values_list("status", flat=True)) == {"yes", "no"}
    assert not later.filter(status="no", note="").exists()


def test_the_leadership_dashboard_has_something_in_every_panel(seeded):
    """apps.demo.dashboard: summaries exist right after seeding; the Admin Instansi's
    dashboard of 2026 has units in six stages, failing and eligible units, scores in every
    band, evidence waiting at every verification level and overdue tasks; the trend has
    2025 (decided cycles with released TPU and TPI results) and 2026."""
    from apps.dashboard.selectors import dashboard_for

    admin = User.objects.get(email="admin@pu-demo.go.id")
    with scope(tenant=Tenant.objects.get(code="PU-DEMO").pk):
        now = dashboard_for(admin, year=2026)
        before = dashboard_for(admin, year=2025)
        lower = dashboard_for(User.objects.get(email="pimpinan@pu-demo.go.id"), year=2026)

    assert [step.stage for step in now.funnel if step.total] == [
        "pencanangan",
        "identifikasi",
        "pembangunan",
        "penilaian_pendahuluan",
        "usulan_tpi",
        "evaluasi_tpi",
    ]
    assert {step.stage: step.total for step in before.outcomes if step.total} == {
        "ditetapkan": 2,
        "tidak_ditetapkan": 2,
    }
    assert now.funnel[2].counts["wbbm"] == 2  # units that hold WBK since 2025
    failing = {listed.unit.code: listed.summary for listed in now.failing}
    assert {"P2JN-JBR", "P2JN-JTM", "BDG-CTR"} <= set(failing)
    assert all(summary.failed_rules for summary in failing.values())
    assert "OP-BRT" in {listed.unit.code for listed in now.eligible}
    bands = {
        cell.score_band
        for dashboard in (now, lower)
        for row in dashboard.rows
        for cell in row.cells.values()
    }
    assert {"wbbm", "wbk", "below"} <= bands
    # One line per level name, at its first position (a Balai's chain skips Eselon I).
    assert [b.name for b in now.backlog] == [
        "Verifikasi Unit Kerja/Kanwil",
        "Verifikasi Eselon I",
        "Verifikasi TPI",
    ]
    assert len({b.oldest.date() for b in now.backlog}) > 1
    assert now.total.tasks_overdue > 0 and now.total.items_returned > 0
    trend = {t.year: t for t in now.year_trend}
    assert set(trend) == {2025, 2026}
    assert trend[2025].tpu is not None and trend[2025].tpi is not None
    assert trend[2026].tpi is not None


def test_surveys_a_closed_skm_with_hundreds_of_answers_and_the_ipak_ipkp_pair(seeded):
    """apps.demo.surveys: PJN1-JBR's SKM of semester I closed above its minimum sample,
    the SKM of semester II open, the IPAK and IPKP of 2026 closed with ≥ 30 respondents."""
    from apps.surveys.models import Kind, Status, Survey
    from apps.surveys.selectors import survey_result

    surveys = {
        (s.kind, s.period): s for s in Survey.objects.filter(unit__code="PJN1-JBR", year=2026)
    }
    skm1 = survey_result(surveys[(Kind.SKM, "s1")])
    assert surveys[(Kind.SKM, "s1")].status == Status.CLOSED
    assert skm1.respondents >= skm1.sample_minimum >= 300
    assert skm1.grade is not None and not skm1.warnings
    # Published in July with every suggestion reviewed (the public page /s/hasil/<pk>/).
    assert surveys[(Kind.SKM, "s1")].published_at.month == 7
    assert not surveys[(Kind.SKM, "s1")].responses.filter(suggestion_state="pending").exists()
    assert surveys[(Kind.SKM, "s1")].responses.filter(suggestion_state="approved").exists()
    assert surveys[(Kind.SKM, "s1")].report_file is not None  # the report PDF, made
    # SKM semester II: single-use links for the identification's service users, e-mailed,
    # a few already answered (spent).
    personal = surveys[(Kind.SKM, "s2")].links.filter(kind="personal")
    assert personal.filter(sent_at__isnull=False).exists()
    assert personal.filter(used_at__isnull=False).count() == 3
    assert surveys[(Kind.SKM, "s2")].status == Status.OPEN
    for kind in (Kind.IPAK, Kind.IPKP):
        result = survey_result(surveys[(kind, "year")])
        assert surveys[(kind, "year")].status == Status.CLOSED
        assert result.respondents >= 30 and 0 < result.lke_value <= 4 and not result.warnings


def test_the_assessments_take_hba_and_hpa_from_the_closed_ipak_ipkp(seeded, client):
    """apps.demo: PJN1-JBR's 2026 assessments hold the IPAK/IPKP surveys' values in
    HBA/HPA with the survey as their source, shown on the TPU's scoring page."""
    from apps.assessment.survey_values import answer_value
    from apps.lke.selectors import engine_template
    from apps.surveys.models import Kind, Survey
    from apps.surveys.selectors import survey_result

    tpu = Assessment.objects.get(level="tpu", unit__code="PJN1-JBR")
    template = engine_template(tpu.template)
    for level in ("mandiri", "tpu"):
        assessment = Assessment.objects.get(level=level, unit__code="PJN1-JBR")
        for kind, code in ((Kind.IPAK, "HBA"), (Kind.IPKP, "HPA")):
            survey = Survey.objects.get(unit__code="PJN1-JBR", year=2026, kind=kind)
            answer = assessment.answers.get(question__code=code)
            assert answer.source_survey == survey and not answer.override_reason
            assert answer.value == answer_value(survey_result(survey), template)
    client.force_login(User.objects.get(email="penilai.tpu@pu-demo.go.id"))
    body = client.get(f"/penilaian/{tpu.pk}/").content.decode()
    assert "Dari survei IPKP Tahunan 2026" in body and "Dari survei IPAK Tahunan 2026" in body
    assert 'data-testid="survey-in-use-HPA"' in body
