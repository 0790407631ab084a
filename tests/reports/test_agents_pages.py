"""The change agents' pages (FRM-05): the recording page of plan vs actual and of the
changes, the draft's texts, submit and the head's decision through the pages, the links
where agents land, the monev-only pages refusing an agent's report, and the agency's
setting screen; with the access matrix of every one (anonymous, wrong role, the other
agent, another unit, another agency)."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from apps.reports.models import (
    ActionRealisation,
    AgentChange,
    AgentReportScope,
    AgentReportSettings,
    Kind,
    Recommendation,
    Report,
    ReportStatus,
)
from tests.factories import EvidenceItemFactory

from .conftest import at, draft_all, travel

pytestmark = pytest.mark.django_db

Q1 = datetime.date(2026, 1, 1)
OUTSIDERS = ["no_role", "tpu_user", "sibling_member", "other_admin"]


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def people(request, names):
    return [(name, request.getfixturevalue(name)) for name in names]


@pytest.fixture
def q1(cycle, agents):
    """Q1 over: each agent's draft made by the beat on 1 April."""
    draft_all(cycle.tenant, at(2026, 4, 1))
    with scope(tenant=cycle.tenant_id):
        reports = list(
            Report.objects.filter(cycle=cycle, kind=Kind.AGEN_PERUBAHAN, period_start=Q1)
            .select_related("agent")
            .order_by("agent_id")
        )
    return reports


def realisation_url(item, month):
    return reverse("reports:agent_realisation", args=[item.pk, month])


def test_readers_and_both_agents_read_the_pages_outsiders_get_404_anonymous_logs_in(
    request, client, cycle, agents, q1, unit_leader, ketua_tim, member, verifier
):
    (user, agent, _items), (other, _other_agent, _i) = agents
    urls = [
        reverse("reports:agent_record", args=[agent.pk]),
        reverse("reports:agent_record", args=[agent.pk]) + "?triwulan=2026-1",
        reverse("reports:detail", args=[q1[0].pk]),
        reverse("reports:cycle", args=[cycle.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"], url
    with travel(at(2026, 4, 2)):
        for reader in (user, other, unit_leader, ketua_tim, member, verifier):
            c = login(reader)
            for url in urls:
                assert c.get(url).status_code == 200, (reader, url)
        for name, outsider in people(request, OUTSIDERS):
            c = login(outsider)
            for url in urls:
                assert c.get(url).status_code == 404, (name, url)
        # A quarter outside the cycle's year, or not a quarter: 404.
        c = login(user)
        for bad in ("2025-1", "2026-5", "x"):
            url = reverse("reports:agent_record", args=[agent.pk]) + f"?triwulan={bad}"
            assert c.get(url).status_code == 404, bad
        own = c.get(urls[1]).content.decode()
        theirs = login(other).get(urls[1]).content.decode()
    assert own.count('data-testid="realisation-form"') == 6  # two items, three months
    assert theirs.count('data-testid="realisation-form"') == 0
    assert 'data-testid="read-only"' in theirs


def test_the_agent_records_a_month_with_a_note_and_the_units_evidence(
    cycle, agents, member, question, tree
):
    user, agent, items = agents[0]
    evidence = EvidenceItemFactory(
        actor=member, cycle=cycle, question=question, title="Foto mading"
    )
    c = login(user)
    prefix = f"r{items[0].pk}-2"
    with travel(at(2026, 2, 20)):
        page = c.get(reverse("reports:agent_record", args=[agent.pk])).content.decode()
        assert "Triwulan I 2026" in page and "Februari 2026" in page
        # Partly realised without a note: refused with the reason, nothing saved.
        refused = c.post(realisation_url(items[0], 2), {f"{prefix}-status": "partly"})
        assert refused.status_code == 400
        assert "Tuliskan catatan" in refused.content.decode()
        # March has not begun: no form, and a post is refused.
        early = c.post(
            realisation_url(items[0], 3),
            {f"r{items[0].pk}-3-status": "yes"},
        )
        assert early.status_code == 400
        assert "setelah bulan itu dimulai" in early.content.decode()
        done = c.post(
            realisation_url(items[0], 2),
            {
                f"{prefix}-status": "partly",
                f"{prefix}-note": "Mading baru terpasang di satu lantai",
                f"{prefix}-evidence": [str(evidence.pk)],
            },
        )
        assert done.status_code == 302
        assert done["Location"].endswith(f"?triwulan=2026-1#item-{items[0].pk}")
        page = c.get(done["Location"]).content.decode()
        assert "Terealisasi sebagian" in page and "Foto mading" in page
        assert c.post(realisation_url(items[0], 13), {}).status_code == 404
    with scope(tenant=cycle.tenant_id):
        record = ActionRealisation.objects.get()
        assert (record.item_id, record.month, record.status) == (
            items[0].pk,
            datetime.date(2026, 2, 1),
            "partly",
        )
        assert list(record.evidence.values_list("title", flat=True)) == ["Foto mading"]


def test_only_the_items_own_agent_records_it(request, client, cycle, agents, member, q1):
    _user, _agent, items = agents[0]
    other = agents[1][0]
    data = {f"r{items[0].pk}-1-status": "yes"}
    change = {f"c{items[0].pk}-before": "a", f"c{items[0].pk}-after": "b", f"c{items[0].pk}-integrated": "0"}  # fmt: skip
    texts = {"obstacles": "Tidak ada"}
    writes = [
        (realisation_url(items[0], 1), data),
        (reverse("reports:agent_change", args=[items[0].pk]), change),
        (reverse("reports:agent_texts", args=[q1[0].pk]), texts),
    ]
    with travel(at(2026, 3, 20)):
        for url, body in writes:
            response = client.post(url, body)
            assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
            # The other agent and a reader of another role (Ketua Pokja): read-only, 403.
            for name, person in (("other agent", other), ("member", member)):
                assert login(person).post(url, body).status_code == 403, (name, url)
            for name, outsider in people(request, OUTSIDERS):
                assert login(outsider).post(url, body).status_code == 404, (name, url)
    with scope(tenant=cycle.tenant_id):
        assert not ActionRealisation.objects.exists()
        assert not AgentChange.objects.exists()
        assert Report.objects.get(pk=q1[0].pk).obstacles == ""


def test_the_agent_records_a_change_integrated_into_the_management_system(cycle, agents):
    user, _agent, items = agents[0]
    p = f"c{items[1].pk}"
    c = login(user)
    with travel(at(2026, 3, 10)):
        refused = c.post(
            reverse("reports:agent_change", args=[items[1].pk]) + "?triwulan=2026-1",
            {f"{p}-before": "Antrian panjang", f"{p}-integrated": "1"},
        )
        assert refused.status_code == 400
        assert "kondisi sesudah" in refused.content.decode()
        done = c.post(
            reverse("reports:agent_change", args=[items[1].pk]) + "?triwulan=2026-1",
            {
                f"{p}-before": "Antrian panjang",
                f"{p}-after": "Antrian tertib",
                f"{p}-integrated": "1",
            },
        )
        assert done.status_code == 302
        page = c.get(done["Location"]).content.decode()
    assert "terintegrasi ke sistem manajemen sejak 10 Mar 2026" in page
    with scope(tenant=cycle.tenant_id):
        change = AgentChange.objects.get()
        assert change.integrated_on == datetime.date(2026, 3, 10)


def test_the_agent_completes_submits_the_head_returns_then_approves_through_the_pages(
    cycle, agents, q1, unit_leader
):
    user, agent, items = agents[0]
    report = q1[0]
    c = login(user)
    head = login(unit_leader)
    url = reverse("reports:detail", args=[report.pk])
    with travel(at(2026, 4, 2)):
        page = c.get(url).content.decode()
        assert 'data-testid="texts-form"' in page and "data-confirm=" in page
        assert 'data-testid="record-link"' in page and "?triwulan=2026-1" in page
        c.post(reverse("reports:submit", args=[report.pk]))
        with scope(tenant=cycle.tenant_id):
            assert Report.objects.get(pk=report.pk).status == ReportStatus.DRAFT
        for item in items:
            for month in (1, 2, 3):
                p = f"r{item.pk}-{month}"
                assert (
                    c.post(realisation_url(item, month), {f"{p}-status": "yes"}).status_code == 302
                )
        too_long = c.post(
            reverse("reports:agent_texts", args=[report.pk]), {"background": "x" * 8001}
        )
        assert too_long.status_code == 400
        saved = c.post(
            reverse("reports:agent_texts", args=[report.pk]),
            {
                "background": "Peran Agen Perubahan penting.",
                "purpose": "Melaporkan triwulan.",
                "scope": "Triwulan I.",
                "obstacles": "",
                "agent_recommendations": "Perluas ke seluruh seksi",
            },
        )
        assert saved.status_code == 302
        assert c.post(reverse("reports:submit", args=[report.pk])).status_code == 302
        assert 'data-testid="decide"' in head.get(url).content.decode()
        head.post(reverse("reports:return", args=[report.pk]), {"reason": "Lengkapi kendala"})
        assert "Lengkapi kendala" in c.get(url).content.decode()
        c.post(reverse("reports:agent_texts", args=[report.pk]), {"obstacles": "Mading rusak", "background": "Peran Agen Perubahan penting.", "purpose": "Melaporkan triwulan.", "scope": "Triwulan I.", "agent_recommendations": "Perluas"})  # fmt: skip
        c.post(reverse("reports:submit", args=[report.pk]))
        # The agent cannot approve their own report.
        assert c.post(reverse("reports:approve", args=[report.pk])).status_code == 403
        head.post(reverse("reports:approve", args=[report.pk]))
        # Issued: the recording page closes the quarter, the texts are read-only.
        closed = c.get(reverse("reports:agent_record", args=[agent.pk]) + "?triwulan=2026-1")
        issued = c.get(url).content.decode()
    with scope(tenant=cycle.tenant_id):
        report.refresh_from_db()
    assert report.status == ReportStatus.ISSUED and report.obstacles == "Mading rusak"
    assert 'data-testid="realisation-form"' not in closed.content.decode()
    assert "tidak dapat diubah lagi" in closed.content.decode()
    assert 'data-testid="texts-form"' not in issued and "Mading rusak" in issued


def test_the_monev_pages_refuse_an_agents_report_with_a_message(
    cycle, agents, q1, ketua_tim, anggota
):
    user = agents[0][0]
    report = q1[0]
    with travel(at(2026, 4, 2)):
        for c, url, body in (
            (login(user), reverse("reports:update", args=[report.pk]), {"obstacles": "x"}),
            (login(user), reverse("reports:notes", args=[report.pk]), {}),
            (
                login(user),
                reverse("reports:recommendation_add", args=[report.pk]),
                {"text": "x", "pic": anggota.pk, "target_on": "2026-06-30"},
            ),
        ):
            response = c.post(url, body)
            assert response.status_code == 400, url
            assert "hanya ada pada laporan monev bulanan" in response.content.decode(), url
    with scope(tenant=cycle.tenant_id):
        assert Report.objects.get(pk=report.pk).obstacles == ""
        assert not Recommendation.objects.exists()
    # And the agents' texts page is the agents' report's alone.
    draft_all(cycle.tenant, at(2026, 2, 2))
    with scope(tenant=cycle.tenant_id):
        monev = Report.objects.filter(kind=Kind.MONEV).first()
    response = login(ketua_tim).post(reverse("reports:agent_texts", args=[monev.pk]), {})
    assert response.status_code == 404


def test_agents_find_their_page_from_the_menu_the_team_page_and_the_cycle(
    cycle, agents, q1, member
):
    user, agent, _items = agents[0]
    c = login(user)
    with travel(at(2026, 4, 2)):
        home = c.get("/").content.decode()
        assert 'data-testid="nav-my-agent"' in home
        landing = c.get(reverse("reports:my_agent"))
        assert landing.status_code == 302
        assert landing["Location"] == reverse("reports:agent_record", args=[agent.pk])
        team = c.get(reverse("teams:agents", args=[cycle.pk])).content.decode()
        assert reverse("reports:agent_record", args=[agent.pk]) in team
        page = c.get(reverse("reports:cycle", args=[cycle.pk])).content.decode()
        listing = c.get(reverse("reports:index")).content.decode()
        nobody = login(member).get(reverse("reports:my_agent"))
    assert "Laporan triwulan Agen Perubahan" in page
    assert page.count(reverse("reports:detail", args=[q1[0].pk])) >= 1
    assert "Agen Satu" in page and "Agen Dua" in page
    assert reverse("reports:agent_record", args=[agent.pk]) in page
    assert "Laporan Triwulan Agen Perubahan Triwulan I 2026" in listing and "Agen Dua" in listing
    assert nobody.status_code == 200
    assert "belum ditetapkan sebagai Agen Perubahan" in nobody.content.decode()
    assert 'data-testid="nav-my-agent"' not in nobody.content.decode()


def test_the_record_page_has_a_query_budget_independent_of_the_records(cycle, agents):
    user, agent, items = agents[0]
    c = login(user)
    url = reverse("reports:agent_record", args=[agent.pk]) + "?triwulan=2026-1"
    with travel(at(2026, 4, 2)):
        c.get(url)
        with CaptureQueriesContext(connection) as empty:
            c.get(url)
        for item in items:
            for month in (1, 2, 3):
                p = f"r{item.pk}-{month}"
                c.post(realisation_url(item, month), {f"{p}-status": "no", f"{p}-note": "Belum"})
        with CaptureQueriesContext(connection) as full:
            c.get(url)
    assert len(empty.captured_queries) <= 20
    # Evidence is prefetched once for all six records, not per record.
    assert len(full.captured_queries) <= len(empty.captured_queries) + 1


# --- The agency's setting ------------------------------------------------------------------------


def test_the_agency_admin_sets_per_unit_and_the_default_texts(
    request, client, tenant, admin, kanwil_admin, ketua_tim, other_admin, agents
):
    url = reverse("reports:agent_settings")
    body = {
        "scope": AgentReportScope.PER_UNIT,
        "background": "Latar belakang instansi.",
        "purpose": "Maksud instansi.",
        "scope_text": "Ruang lingkup instansi.",
    }
    assert client.get(url).status_code == 302
    assert client.post(url, body).status_code == 302
    for person in (kanwil_admin, ketua_tim, agents[0][0]):
        c = login(person)
        assert c.get(url).status_code == 403
        assert c.post(url, body).status_code == 403
    c = login(admin)
    page = c.get(url).content.decode()
    assert "Satu laporan per Agen Perubahan" in page
    bad = c.post(url, {**body, "scope": "per_moon"})
    assert bad.status_code == 400
    assert c.post(url, body).status_code == 302
    # Another agency's admin changes their own agency's setting only.
    login(other_admin).post(url, {**body, "background": "Beta"})
    with scope(tenant=tenant.pk):
        setting = AgentReportSettings.objects.get(tenant=tenant)
    assert setting.scope == AgentReportScope.PER_UNIT
    assert setting.background == "Latar belakang instansi."
    assert setting.updated_by == admin
    calendar = c.get(reverse("cycles:calendar")).content.decode()
    assert url in calendar
