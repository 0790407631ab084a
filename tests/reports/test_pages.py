"""Report pages: the access matrix of every page (anonymous, no role, wrong role, other
unit, other agency), the way through the forms, bad input and the query budgets."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scope

from apps.reports import services
from apps.reports.models import Recommendation, Report
from tests.factories import make_unit

from .conftest import JUNE, at, complete, draft_all, issue, report_of, travel

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    """A client of its own for ``user`` (the journeys below need two at once)."""
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def state(cycle, tenant, ketua_tim, unit_leader, anggota):
    """May issued (with a recommendation, its PDF made), June submitted, July a draft."""
    draft_all(tenant, at(2026, 6, 2))
    may = report_of(cycle, 5)
    with scope(tenant=tenant.pk):
        rec = services.recommendation_add(
            actor=ketua_tim,
            report=may,
            area="SDM",
            text="Susun analisis beban kerja",
            pic=anggota,
            target_on=datetime.date(2026, 10, 31),
        )
    may = issue(may, ketua_tim, unit_leader, at(2026, 6, 5))
    with scope(tenant=tenant.pk):
        services.report_pdf_make(report_id=may.pk)
    draft_all(tenant, at(2026, 8, 3))
    june = complete(report_of(cycle, 6), ketua_tim, at(2026, 7, 6))
    with scope(tenant=tenant.pk), travel(at(2026, 7, 6)):
        june = services.report_submit(actor=ketua_tim, report=june)
    return {"may": may, "june": june, "july": report_of(cycle, 7), "rec": rec}


READERS = ["ketua_tim", "unit_leader", "member", "anggota", "verifier", "es1_leader"]
# Same agency without report.view over UPT1: no role, an assessor above it, another unit;
# and another agency's admin.
OUTSIDERS = ["no_role", "tpu_user", "sibling_member", "other_admin"]


def people(request, names):
    return [(name, request.getfixturevalue(name)) for name in names]


def reads(state):
    may, june, july, rec = state["may"], state["june"], state["july"], state["rec"]
    return [
        reverse("reports:cycle", args=[may.cycle_id]),
        reverse("reports:detail", args=[may.pk]),
        reverse("reports:detail", args=[june.pk]),
        reverse("reports:detail", args=[july.pk]),
        reverse("reports:pdf", args=[may.pk]),
        reverse("reports:recommendation_edit", args=[rec.pk]),
        reverse("reports:follow_up", args=[july.pk, rec.pk]),
    ]


def test_readers_read_every_page_outsiders_get_404_and_anonymous_logs_in(
    request, client, client_for, state
):
    urls = reads(state)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"], url
    for name, user in people(request, READERS):
        c = client_for(user)
        for url in urls:
            assert c.get(url).status_code == 200, (name, url)
    for name, user in people(request, OUTSIDERS):
        c = client_for(user)
        for url in urls:
            assert c.get(url).status_code == 404, (name, url)
        page = c.get(reverse("reports:index")).content.decode()
        assert "Belum ada laporan yang dapat Anda baca." in page, name


def test_the_list_shows_what_the_reader_may_read_with_deadlines(state, es1_leader):
    c = login(es1_leader)
    with travel(at(2026, 8, 3)):
        page = c.get(reverse("reports:index")).content.decode()
        overdue = c.get(reverse("reports:index") + "?status=terlambat").content.decode()
        june = c.get(reverse("reports:index") + "?bulan=2026-06").content.decode()
        wrong = c.get(reverse("reports:index") + "?bulan=2026-13")
    assert page.count('data-testid="report-row"') == 7  # January to July of UPT1
    assert "Laporan Monitoring dan Evaluasi Mei 2026" in page
    # Due on the 5th of the next month: on 3 August January to June are late except May
    # (issued; June is only submitted), July is not due yet.
    assert overdue.count('data-testid="report-row"') == 5
    assert "Evaluasi Mei 2026" not in overdue and "Evaluasi Juli 2026" not in overdue
    assert overdue.count('data-testid="overdue"') == 5
    assert june.count('data-testid="report-row"') == 1
    assert wrong.status_code == 404


def test_every_write_asks_its_capability(
    request, client, client_for, state, ketua_tim, unit_leader
):
    may, june, july, rec = state["may"], state["june"], state["july"], state["rec"]
    team_writes = [
        (reverse("reports:update", args=[july.pk]), {"meeting_place": "Aula"}),
        (reverse("reports:notes", args=[july.pk]), {}),
        (reverse("reports:submit", args=[july.pk]), {}),
        (
            reverse("reports:recommendation_add", args=[july.pk]),
            {"text": "X", "pic": ketua_tim.pk, "target_on": "2026-09-30"},
        ),
        (
            reverse("reports:follow_up", args=[july.pk, rec.pk]),
            {"status": "in_progress", "follow_up": "Sedang"},
        ),
        (reverse("reports:correct", args=[may.pk]), {"reason": "Salah ketik"}),
        (reverse("reports:cycle", args=[may.cycle_id]), {"month": "8"}),
    ]
    head_writes = [
        (reverse("reports:return", args=[june.pk]), {"reason": "Lengkapi"}),
        (reverse("reports:approve", args=[june.pk]), {}),
    ]
    before = (Report.objects.count(), Recommendation.objects.count())
    for url, data in team_writes + head_writes:
        client.logout()
        response = client.post(url, data)
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"], url
        for name, user in people(request, OUTSIDERS):
            assert client_for(user).post(url, data).status_code == 404, (name, url)
    for url, data in team_writes:
        for name, user in people(request, ["unit_leader", "verifier", "es1_leader", "pokja_tl"]):
            assert client_for(user).post(url, data).status_code == 403, (name, url)
    for url, data in head_writes:
        for name, user in people(request, ["ketua_tim", "member", "verifier"]):
            assert client_for(user).post(url, data).status_code == 403, (name, url)
    assert (Report.objects.count(), Recommendation.objects.count()) == before
    assert report_of(july.cycle, 7).meeting_place == ""
    assert report_of(june.cycle, 6).status == "submitted"
    # The allowed ones.
    assert client_for(ketua_tim).post(*team_writes[0]).status_code == 302
    assert report_of(july.cycle, 7).meeting_place == "Aula"
    assert client_for(unit_leader).post(*head_writes[1]).status_code == 302
    assert report_of(june.cycle, 6).status == "issued"


def test_the_month_by_month_page_drafts_a_past_month(client_for, cycle, tenant, ketua_tim):
    draft_all(tenant, at(2026, 3, 2))
    url = reverse("reports:cycle", args=[cycle.pk])
    with travel(at(2026, 4, 20)):
        page = client_for(ketua_tim).get(url).content.decode()
        assert "Buat draf" in page and 'data-testid="month-03"' in page
        response = client_for(ketua_tim).post(url, {"month": "3"})
        assert response.status_code == 302
        march = report_of(cycle, 3)
        assert response["Location"] == reverse("reports:detail", args=[march.pk])
        refused = client_for(ketua_tim).post(url, {"month": "9"})
    assert refused.status_code == 400
    assert "Laporan bulan September 2026 baru dapat disusun setelah bulan itu berakhir." in (
        refused.content.decode()
    )


def test_the_team_completes_and_submits_and_the_head_returns_then_approves(
    plan, cycle, tenant, ketua_tim, unit_leader, anggota
):
    draft_all(tenant, at(2026, 7, 1))
    june = report_of(cycle, 6)
    url = reverse("reports:detail", args=[june.pk])
    team = login(ketua_tim)
    with travel(at(2026, 7, 6)):
        page = team.get(url).content.decode()
        assert "5 (lima) kegiatan dari 8 (delapan) rencana kerja" in page and "62,50%" in page
        assert "Tanggal rapat monev belum diisi." in page
        bad = team.post(reverse("reports:update", args=[june.pk]), {"meeting_on": "2026-05-01"})
        assert bad.status_code == 400
        assert "Rapat monev bulan Juni 2026 tidak mungkin sebelum bulan itu dimulai." in (
            bad.content.decode()
        )
        form = {
            "meeting_on": "2026-07-06",
            "meeting_place": "Ruang Rapat",
            "meeting_agenda": "Monev Juni",
            "meeting_chair": "Kepala UPT Satu",
            "head_attended": "1",
            "attendees": "Kepala UPT Satu\nKetua Tim Satu",
            "obstacles": "",
            "conclusions": "",
        }
        assert team.post(reverse("reports:update", args=[june.pk]), form).status_code == 302
        item = plan.items.get(action=JUNE[2][1])
        team.post(reverse("reports:notes", args=[june.pk]), {f"note_{item.pk}": "Oktober"})
        missing = team.post(
            reverse("reports:recommendation_add", args=[june.pk]), {"text": "Susun ABK"}
        )
        assert missing.status_code == 400
        body = missing.content.decode()
        assert "Pilih PIC: pegawai yang bertanggung jawab menindaklanjuti." in body
        assert "Isi target waktu tindak lanjut rekomendasi." in body
        assert not Recommendation.objects.exists()
        team.post(
            reverse("reports:recommendation_add", args=[june.pk]),
            {"text": "Susun ABK", "area": "SDM", "pic": anggota.pk, "target_on": "2026-10-31"},
        )
        team.post(reverse("reports:submit", args=[june.pk]))
        head = login(unit_leader)
        assert "Keputusan Pimpinan Unit" in head.get(url).content.decode()
        empty = head.post(reverse("reports:return", args=[june.pk]), {"reason": ""})
        assert empty.status_code == 400
        head.post(reverse("reports:return", args=[june.pk]), {"reason": "Tambah peserta."})
        page = team.get(url).content.decode()
        assert "Tambah peserta." in page and 'data-testid="report-form"' in page
        team.post(reverse("reports:submit", args=[june.pk]))
        head.post(reverse("reports:approve", args=[june.pk]))
    june.refresh_from_db()
    assert (
        june.status == "issued" and june.sections["c"]["areas"][2]["rows"][0]["note"] == "Oktober"
    )
    response = team.get(reverse("reports:pdf", args=[june.pk]) + "?unduh=1")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    refused = team.post(reverse("reports:update", args=[june.pk]), form)
    assert refused.status_code == 400
    assert "sudah terbit dan tidak dapat diubah" in refused.content.decode()


def test_a_draft_has_no_pdf_and_a_scan_is_uploaded_after_issue(
    client_for, state, ketua_tim, unit_leader
):
    from tests.factories import pdf

    team = client_for(ketua_tim)
    assert team.get(reverse("reports:pdf", args=[state["july"].pk])).status_code == 404
    url = reverse("reports:scan", args=[state["july"].pk])
    response = team.post(url, {"file": pdf("ttd.pdf", b"draft")}, follow=True)
    assert "setelah laporan disetujui dan terbit" in response.content.decode()
    may = state["may"]
    response = client_for(unit_leader).post(
        reverse("reports:scan", args=[may.pk]), {"file": pdf("laporan-ttd.pdf", b"signed")}
    )
    assert response.status_code == 302
    may.refresh_from_db()
    assert may.scan.original_name == "laporan-ttd.pdf"
    assert team.get(reverse("reports:scan", args=[may.pk])).status_code == 200


def test_the_calendar_links_monev_deadlines_to_the_reports(client_for, state, es1_leader):
    page = client_for(es1_leader).get(reverse("cycles:calendar") + "?year=2026").content.decode()
    assert reverse("reports:index") + "?bulan=2026-06" in page


def test_list_pages_have_a_fixed_query_budget(
    client_for, cycle, tenant, tree, es1_leader, django_assert_max_num_queries
):
    from tests.factories import CycleFactory

    for i in range(6):
        unit = make_unit(tree["kanwil"], code=f"UPTX{i}", name=f"UPT Tambahan {i}")
        CycleFactory(unit=unit)
    draft_all(tenant, at(2026, 7, 1))
    assert Report.objects.count() == 42
    c = client_for(es1_leader)
    # One page first: the process-wide caches (content types) are warm, as in a server.
    # 15: the page's 14 and the bell's unread count (issue 14).
    c.get(reverse("reports:cycle", args=[cycle.pk]))
    with travel(at(2026, 7, 20)), django_assert_max_num_queries(15):
        assert c.get(reverse("reports:index")).status_code == 200
    with travel(at(2026, 7, 20)), django_assert_max_num_queries(15):
        assert c.get(reverse("reports:index") + "?status=terlambat").status_code == 200
    with travel(at(2026, 7, 20)), django_assert_max_num_queries(15):
        assert c.get(reverse("reports:cycle", args=[cycle.pk])).status_code == 200
