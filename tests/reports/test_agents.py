"""The quarterly Agen Perubahan report (FRM-05) on the reports mechanism: drafted by the
beat once per agent and quarter from the Rencana Aksi, plan vs actual recorded by the
agent, follow-up of last quarter's unrealised items, the agents' access, the head's
approval, the PDF read back, and the PRA1A/PRA1B figures."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope
from pypdf import PdfReader

from apps.assessment.portal_facts import PROVIDERS, Facts
from apps.core.exceptions import AccessDenied
from apps.lke.selectors import engine_template
from apps.reports import services
from apps.reports.agents import services as agent_services
from apps.reports.agents.selectors import agent_changes
from apps.reports.models import (
    ActionRealisation,
    AgentReportScope,
    Kind,
    Report,
    ReportStatus,
)

from .conftest import at, draft_all, travel

Q1 = datetime.date(2026, 1, 1)
Q2 = datetime.date(2026, 4, 1)
JAN, FEB, MAR, APR = (datetime.date(2026, m, 1) for m in (1, 2, 3, 4))


def record(user, item, month, status, note="", moment=None, evidence=None):
    with scope(tenant=item.tenant_id), travel(moment or at(month.year, month.month, 20)):
        return agent_services.agent_realisation_record(
            actor=user, item=item, month=month, status=status, note=note, evidence=evidence
        )


def agent_reports(cycle, start):
    return list(
        Report.objects.filter(cycle=cycle, kind=Kind.AGEN_PERUBAHAN, period_start=start).order_by(
            "agent_id"
        )
    )


def test_the_beat_drafts_one_report_per_agent_and_quarter_exactly_once(cycle, agents):
    # March 31: the quarter has not ended: nothing of Q1 yet.
    draft_all(cycle.tenant, at(2026, 3, 31, 20))
    with scope(tenant=cycle.tenant_id):
        assert agent_reports(cycle, Q1) == []
    made = draft_all(cycle.tenant, at(2026, 4, 1, 9))
    again = draft_all(cycle.tenant, at(2026, 4, 1, 10))
    with scope(tenant=cycle.tenant_id):
        reports = agent_reports(cycle, Q1)
        assert [r.agent_id for r in reports] == [agent.pk for _u, agent, _i in agents]
        assert all(r.period_end == datetime.date(2026, 3, 31) for r in reports)
        assert [r for r in again if r.kind == Kind.AGEN_PERUBAHAN] == []
        assert len([r for r in made if r.kind == Kind.AGEN_PERUBAHAN]) == 2
        assert str(reports[0]) == "Laporan Triwulan Agen Perubahan Triwulan I 2026"


def test_a_catch_up_run_drafts_every_missed_quarter_once(cycle, agents):
    draft_all(cycle.tenant, at(2026, 7, 2, 9))  # beat down from March to July
    draft_all(cycle.tenant, at(2026, 7, 2, 10))
    with scope(tenant=cycle.tenant_id):
        starts = sorted(
            Report.objects.filter(cycle=cycle, kind=Kind.AGEN_PERUBAHAN).values_list(
                "period_start", flat=True
            )
        )
    assert starts == [Q1, Q1, Q2, Q2]


def test_an_agency_that_reports_per_unit_gets_one_report_with_its_default_texts(
    cycle, agents, admin
):
    with scope(tenant=cycle.tenant_id):
        agent_services.agent_report_settings_update(
            actor=admin,
            tenant=cycle.tenant,
            scope=AgentReportScope.PER_UNIT,
            background="Agen Perubahan menjadi teladan.",
            purpose="Melaporkan pelaksanaan rencana aksi.",
            scope_text="Triwulan berjalan.",
        )
    draft_all(cycle.tenant, at(2026, 4, 1))
    with scope(tenant=cycle.tenant_id):
        (report,) = agent_reports(cycle, Q1)
        assert report.agent_id is None
        assert report.background == "Agen Perubahan menjadi teladan."
        assert report.scope == "Triwulan berjalan."


def test_only_an_agency_admin_changes_the_setting_and_bad_values_save_nothing(
    cycle, agents, ketua_tim, admin
):
    with scope(tenant=cycle.tenant_id):
        with pytest.raises(AccessDenied):
            agent_services.agent_report_settings_update(
                actor=ketua_tim, tenant=cycle.tenant, scope=AgentReportScope.PER_UNIT
            )
        with pytest.raises(ValidationError) as error:
            agent_services.agent_report_settings_update(
                actor=admin, tenant=cycle.tenant, scope="semua", background="x"
            )
        assert "Pilih per Agen Perubahan atau per unit." in error.value.message_dict["scope"]
        assert agent_services.agent_report_settings_of(cycle.tenant).pk is None


def test_plan_vs_actual_and_the_follow_up_of_last_quarter(cycle, agents):
    user, _agent, (first, second) = agents[0]
    record(user, first, JAN, "yes")
    record(user, first, FEB, "partly", "Foto baru sebagian dipasang.")
    record(user, first, MAR, "no", "Mading rusak.")
    for month in (JAN, FEB, MAR):
        record(user, second, month, "yes")
    draft_all(cycle.tenant, at(2026, 4, 1))
    with scope(tenant=cycle.tenant_id):
        q1 = agent_reports(cycle, Q1)[0]
        from apps.reports import sections

        built = sections.build(q1)
    assert built["plan_actual"]["done"] == 4 and built["plan_actual"]["total"] == 6
    assert built["plan_actual"]["percent"] == "66.67"
    row = built["plan_actual"]["rows"][0]
    assert [m["status"] for m in row["months"]] == ["yes", "partly", "no"]
    assert [i["activities"] for i in built["ideas"]] == [first.activities, second.activities]
    assert [a["name"] for a in built["agents"]] == ["Agen Dua", "Agen Satu"]
    assert [a["name"] for a in built["signers"]] == ["Agen Satu"]
    assert built["follow_up"]["rows"] == []  # the first quarter has no earlier one

    record(user, first, APR, "yes", moment=at(2026, 4, 20))
    draft_all(cycle.tenant, at(2026, 7, 1))
    with scope(tenant=cycle.tenant_id):
        q2 = agent_reports(cycle, Q2)[0]
        follow = sections.build(q2)["follow_up"]
    assert [r["activities"] for r in follow["rows"]] == [first.activities]
    assert follow["rows"][0]["missed"] == ["Februari 2026", "Maret 2026"]
    assert follow["rows"][0]["status"] == "done"


def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(cycle, agents, tree):
    user, _agent, (first, _second) = agents[0]
    other, _a, _items = agents[1]
    with pytest.raises(ValidationError) as error:
        record(user, first, FEB, "partly")
    assert "Tuliskan catatan" in error.value.message_dict["note"][0]
    with pytest.raises(ValidationError) as error:
        record(user, first, FEB, "maybe", "x")
    assert "status" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        record(user, first, datetime.date(2026, 5, 1), "yes", moment=at(2026, 4, 20))
    assert "setelah bulan itu dimulai" in error.value.message_dict["month"][0]
    with pytest.raises(AccessDenied):
        record(other, first, JAN, "yes")
    with scope(tenant=cycle.tenant_id):
        assert not ActionRealisation.objects.exists()


def test_the_agents_complete_submit_the_head_approves_and_the_pdf_reads_back(
    cycle, agents, unit_leader
):
    user, _agent, items = agents[0]
    other, _a, _items = agents[1]
    draft_all(cycle.tenant, at(2026, 4, 1))
    with scope(tenant=cycle.tenant_id):
        mine, _theirs = agent_reports(cycle, Q1)
        with pytest.raises(AccessDenied):
            agent_services.agent_report_update(actor=other, report=mine, obstacles="x")
        with travel(at(2026, 4, 2)), pytest.raises(ValidationError) as error:
            services.report_submit(actor=user, report=mine)
    assert any("Latar belakang" in m for m in error.value.messages)
    assert any("Realisasi belum dicatat" in m for m in error.value.messages)
    for item in items:
        for month in (JAN, FEB, MAR):
            record(user, item, month, "yes", moment=at(2026, 4, 2))
    with scope(tenant=cycle.tenant_id), travel(at(2026, 4, 3)):
        agent_services.agent_change_record(
            actor=user, item=items[0], before="Banyak terlambat", after="Tepat waktu",
            integrated=True,
        )  # fmt: skip
        agent_services.agent_report_update(
            actor=user,
            report=mine,
            background="Peran Agen Perubahan penting.",
            purpose="Melaporkan triwulan.",
            scope="Triwulan I.",
            obstacles="Mading rusak",
            agent_recommendations="Perluas ke seluruh seksi",
        )
        mine = services.report_submit(actor=user, report=mine)
        with pytest.raises(AccessDenied):
            services.report_approve(actor=user, report=mine)
        mine = services.report_approve(actor=unit_leader, report=mine)
        assert mine.status == ReportStatus.ISSUED
        stored = services.report_pdf_make(report_id=mine.pk)
        with stored.file.open("rb") as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    for expected in (
        "LAPORAN TRIWULAN AGEN PERUBAHAN",
        "A. Latar Belakang",
        "D. Susunan Agen Perubahan",
        "E. Gagasan Perubahan",
        "F. Jadwal Pelaksanaan",
        "G. Evaluasi Rencana Kerja Agen Perubahan Triwulan I 2026",
        "H. Dokumentasi",
        "Agen Satu",
        "Agen Dua",
        "Kepala UPT Satu",
        "6 (enam) dari 6 (enam)",
        "Banyak terlambat",
    ):
        assert expected in text, expected
    # The quarter is closed: its records change no more.
    with pytest.raises(ValidationError):
        record(user, items[0], JAN, "no", "x", moment=at(2026, 4, 5))


def test_agent_changes_counts_realised_and_integrated_changes_and_the_hints(cycle, agents, admin):
    from apps.assessment.models import Assessment

    user, _agent, (first, second) = agents[0]
    record(user, first, JAN, "yes")
    record(user, second, JAN, "partly", "Baru sebagian")
    with scope(tenant=cycle.tenant_id), travel(at(2026, 2, 3)):
        agent_services.agent_change_record(actor=user, item=first, after="Tertib", integrated=True)
    with scope(tenant=cycle.tenant_id):
        assert agent_changes(cycle, datetime.date(2026, 1, 31)) == (
            type(agent_changes(cycle, datetime.date(2026, 1, 31)))(
                agents=2, changes=1, integrated=0
            )
        )
        figures = agent_changes(cycle, datetime.date(2026, 2, 28))
        assert (figures.agents, figures.changes, figures.integrated) == (2, 1, 1)
        assessment = Assessment(cycle=cycle, template=cycle.template, tenant_id=cycle.tenant_id)
        questions = engine_template(cycle.template).questions
        facts = Facts(assessment, datetime.date(2026, 2, 28))
        a = PROVIDERS["PRA1A"](facts, questions["PRA1A"])
        b = PROVIDERS["PRA1B"](facts, questions["PRA1B"])
    assert a.suggestion == {"agents": 2, "changes": 1}
    assert b.suggestion == {"changes": 1, "integrated": 1}
    assert "1 perubahan" in a.figure
