"""The FRM-05 reports through the API: listed and read as monev reports are, the agent's
own draft written, another agent's read only, plan vs actual recorded (bad input: 400,
nothing saved), the PDF downloaded, and the list's query budget."""

import datetime
import io

import pytest
from django_scopes import scope
from pypdf import PdfReader
from rest_framework.test import APIClient

from apps.reports.models import ActionRealisation, Kind, Report
from tests.api.helpers import assert_bad_request, assert_forbidden, assert_not_found, count_queries

from .conftest import at, draft_all, travel

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"
REALISATIONS = "/api/v1/agent-realisations/"


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_the_api_lists_reads_and_lets_each_agent_write_only_their_own(
    cycle, agents, unit_leader, verifier, sibling_sekretaris, ketua_tim
):
    (user, agent, items), (other, _a, _i) = agents
    draft_all(cycle.tenant, at(2026, 4, 1))
    with scope(tenant=cycle.tenant_id):
        mine = Report.objects.get(kind=Kind.AGEN_PERUBAHAN, agent=agent)
    with travel(at(2026, 4, 2)):
        for reader in (user, other, unit_leader, verifier, ketua_tim):
            rows = api_as(reader).get(REPORTS, {"kind": "agen_perubahan"}).json()["results"]
            assert {r["agent_name"] for r in rows} == {"Agen Satu", "Agen Dua"}, reader
        assert_not_found(api_as(sibling_sekretaris).get(f"{REPORTS}{mine.pk}/"))
        detail = api_as(other).get(f"{REPORTS}{mine.pk}/").json()
        assert detail["figures"]["activities"] == {"done": 0, "total": 6, "percent": "0.00"}
        assert_forbidden(api_as(other).patch(f"{REPORTS}{mine.pk}/", {"obstacles": "x"}))
        assert_forbidden(api_as(ketua_tim).patch(f"{REPORTS}{mine.pk}/", {"obstacles": "x"}))
        ok = api_as(user).patch(f"{REPORTS}{mine.pk}/", {"background": "Penting."}, format="json")
        assert ok.status_code == 200, ok.content
        assert_bad_request(
            api_as(user).patch(f"{REPORTS}{mine.pk}/", {"meeting_place": "x"}, format="json"),
            "meeting_place",
        )
        # Plan vs actual: bad input refused with a message, nothing saved.
        bad = api_as(user).post(
            REALISATIONS,
            {"item": items[0].pk, "month": "2026-02-01", "status": "partly"},
            format="json",
        )
        assert_bad_request(bad, "note")
        assert_forbidden(
            api_as(other).post(
                REALISATIONS,
                {"item": items[0].pk, "month": "2026-02-01", "status": "yes"},
                format="json",
            )
        )
        with scope(tenant=cycle.tenant_id):
            assert not ActionRealisation.objects.exists()
        done = api_as(user).post(
            REALISATIONS,
            {"item": items[0].pk, "month": "2026-02-14", "status": "yes"},
            format="json",
        )
        assert done.status_code == 200, done.content
        assert done.json()["month"] == "2026-02-01"
        listed = api_as(unit_leader).get(REALISATIONS, {"cycle": cycle.pk}).json()["results"]
        assert [(r["agent_name"], r["status"]) for r in listed] == [("Agen Satu", "yes")]
        assert api_as(sibling_sekretaris).get(REALISATIONS).json()["results"] == []


def test_the_pdf_downloads_once_issued(cycle, agents, unit_leader):
    from apps.reports import services
    from apps.reports.agents import services as agent_services

    user, agent, items = agents[0]
    draft_all(cycle.tenant, at(2026, 4, 1))
    with scope(tenant=cycle.tenant_id), travel(at(2026, 4, 2)):
        for item in items:
            for month in (1, 2, 3):
                agent_services.agent_realisation_record(
                    actor=user, item=item, month=datetime.date(2026, month, 1), status="yes"
                )
        report = Report.objects.get(kind=Kind.AGEN_PERUBAHAN, agent=agent)
        agent_services.agent_report_update(
            actor=user, report=report, background="a", purpose="b", scope="c"
        )
        services.report_submit(actor=user, report=report)
        services.report_approve(actor=unit_leader, report=report)
    response = api_as(user).get(f"{REPORTS}{report.pk}/pdf/")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert "Agen Satu" in " ".join(text.split())


def test_the_list_costs_the_same_queries_for_more_agents(cycle, agents, admin, tree, verifier):
    from apps.accounts.roles import Role
    from apps.teams import services as team_services
    from tests.conftest import person

    draft_all(cycle.tenant, at(2026, 4, 1))
    c = api_as(verifier)
    small = count_queries(lambda: c.get(REPORTS))
    with scope(tenant=cycle.tenant_id), travel(at(2026, 1, 9)):
        for n in range(4):
            user = person(tree["upt"], Role.ANGGOTA_POKJA, "TL", full_name=f"Agen Tambahan {n}")
            team_services.agent_add(actor=admin, cycle=cycle, user=user)
    draft_all(cycle.tenant, at(2026, 7, 1))
    with scope(tenant=cycle.tenant_id):
        assert (
            Report.objects.filter(kind=Kind.AGEN_PERUBAHAN).count() == 6 + 6
        )  # two quarters of six agents
    assert count_queries(lambda: c.get(REPORTS)) == small


def test_the_report_page_shows_the_agents_and_the_head_sees_the_decision(
    client, cycle, agents, unit_leader, sibling_sekretaris
):
    user, agent, _items = agents[0]
    draft_all(cycle.tenant, at(2026, 4, 1))
    with scope(tenant=cycle.tenant_id):
        report = Report.objects.get(kind=Kind.AGEN_PERUBAHAN, agent=agent)
    client.force_login(user)
    page = client.get(f"/laporan/{report.pk}/")
    assert page.status_code == 200
    assert b"Agen Dua" in page.content and b'data-testid="missing"' in page.content
    client.force_login(sibling_sekretaris)
    assert client.get(f"/laporan/{report.pk}/").status_code == 404


SETTINGS = "/api/v1/agent-report-settings/"


def test_the_agency_setting_is_read_by_members_and_changed_by_the_agency_admin_only(
    tenant, admin, kanwil_admin, ketua_tim, other_admin, agents
):
    from apps.reports.models import AgentReportSettings

    assert APIClient().get(SETTINGS).status_code in (401, 403)
    body = {"scope": "per_unit", "background": "Latar belakang instansi."}
    shown = api_as(ketua_tim).get(SETTINGS)
    assert shown.status_code == 200 and shown.json()["scope"] == "per_agent"
    for person in (kanwil_admin, ketua_tim, agents[0][0]):
        assert_forbidden(api_as(person).patch(SETTINGS, body, format="json"))
    assert_bad_request(api_as(admin).patch(SETTINGS, {"scope": "per_moon"}, format="json"))
    changed = api_as(admin).patch(SETTINGS, body, format="json")
    assert changed.status_code == 200
    assert changed.json()["scope"] == "per_unit"
    # Another agency's admin sees and changes their own agency's setting only.
    assert api_as(other_admin).get(SETTINGS).json()["scope"] == "per_agent"
    api_as(other_admin).patch(SETTINGS, {"background": "Beta"}, format="json")
    with scope(tenant=tenant.pk):
        setting = AgentReportSettings.objects.get(tenant=tenant)
    assert (setting.scope, setting.background) == ("per_unit", "Latar belakang instansi.")
    assert api_as(ketua_tim).get(SETTINGS).json()["background"] == "Latar belakang instansi."
