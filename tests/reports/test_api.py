"""/api/v1/reports/ and /api/v1/recommendations/: the access matrix (anonymous, wrong
role, other unit, other agency), writes through the services, bad input refused with the
one error body and nothing saved, the PDF, and the lists' query budgets."""

import datetime

import pytest
from django_scopes import scope
from rest_framework.test import APIClient

from apps.reports import services
from apps.reports.models import Recommendation, Report
from tests.api.helpers import (
    MISSING_ID,
    assert_anonymous_refused,
    assert_bad_request,
    assert_forbidden,
    assert_not_found,
    count_queries,
)
from tests.factories import CycleFactory, make_unit

from .conftest import at, complete, draft_all, issue, report_of, travel

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"
RECOMMENDATIONS = "/api/v1/recommendations/"


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def state(cycle, tenant, ketua_tim, unit_leader, anggota):
    """May issued with a recommendation, June submitted, July a draft (3 August 2026)."""
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
    draft_all(tenant, at(2026, 8, 3))
    june = complete(report_of(cycle, 6), ketua_tim, at(2026, 7, 6))
    with scope(tenant=tenant.pk), travel(at(2026, 7, 6)):
        june = services.report_submit(actor=ketua_tim, report=june)
    return {"may": may, "june": june, "july": report_of(cycle, 7), "rec": rec}


def test_readers_list_and_read_reports_and_recommendations(request, state):
    may, rec = state["may"], state["rec"]
    for name in ["ketua_tim", "unit_leader", "anggota", "verifier", "es1_leader"]:
        c = api_as(request.getfixturevalue(name))
        with travel(at(2026, 8, 3)):
            listing = c.get(REPORTS).json()
            detail = c.get(f"{REPORTS}{may.pk}/").json()
        assert listing["count"] == 7, name
        assert detail["status"] == "issued" and detail["signer_name"] == "Kepala UPT Satu"
        assert detail["figures"]["activities"] == {"done": 0, "total": 0, "percent": None}
        assert c.get(f"{RECOMMENDATIONS}{rec.pk}/").json()["pic_name"] == "Anggota Pokja MP"
        assert c.get(RECOMMENDATIONS, {"open": "true"}).json()["count"] == 1


def test_the_list_says_the_deadline_and_whether_it_is_overdue(state, es1_leader):
    with travel(at(2026, 8, 3)):
        rows = api_as(es1_leader).get(REPORTS, {"year": 2026}).json()["results"]
    by_month = {row["period_start"]: row for row in rows}
    assert by_month["2026-06-01"]["due_on"] == "2026-07-05"
    assert by_month["2026-06-01"]["overdue"] is True  # submitted, not issued
    assert by_month["2026-05-01"]["overdue"] is False  # issued
    assert by_month["2026-07-01"]["overdue"] is False  # due on 5 August
    assert by_month["2026-05-01"]["has_pdf"] is True


def test_outsiders_get_404_and_anonymous_401(request, client, state):
    may, rec = state["may"], state["rec"]
    urls = [
        f"{REPORTS}{may.pk}/",
        f"{REPORTS}{may.pk}/pdf/",
        f"{RECOMMENDATIONS}{rec.pk}/",
    ]
    for url in [REPORTS, *urls]:
        assert_anonymous_refused(APIClient().get(url))
    for name in ["no_role", "tpu_user", "sibling_member", "other_admin"]:
        c = api_as(request.getfixturevalue(name))
        assert c.get(REPORTS).json()["count"] == 0, name
        assert c.get(RECOMMENDATIONS).json()["count"] == 0, name
        for url in urls:
            assert_not_found(c.get(url))
        assert_not_found(c.patch(f"{REPORTS}{state['july'].pk}/", {"meeting_place": "X"}))
    assert_not_found(api_as(request.getfixturevalue("ketua_tim")).get(f"{REPORTS}{MISSING_ID}/"))


def test_the_team_drafts_a_month_and_a_month_outside_the_cycle_is_refused(cycle, ketua_tim):
    c = api_as(ketua_tim)
    with travel(at(2026, 3, 3)):
        created = c.post(REPORTS, {"cycle": cycle.pk, "year": 2026, "month": 2}, format="json")
        assert created.status_code == 201, created.content
        assert created.json()["period_start"] == "2026-02-01"
        assert created.json()["status"] == "draft"
        for data, message in [
            ({"year": 2025, "month": 12}, "Bulan Desember 2025 di luar siklus"),
            ({"year": 2026, "month": 13}, "Bulan 13/2026 di luar siklus"),
            ({"year": 2026, "month": 4}, "baru dapat disusun setelah bulan itu berakhir"),
            ({"year": 2026, "month": 2}, "Laporan bulan Februari 2026 sudah ada."),
        ]:
            response = c.post(REPORTS, {"cycle": cycle.pk, **data}, format="json")
            error = assert_bad_request(response, "month")
            assert message in error["fields"]["month"][0], data
    assert Report.objects.count() == 1


def test_writes_ask_the_capability_and_an_issued_report_is_frozen(
    state, ketua_tim, unit_leader, verifier
):
    may, june, july = state["may"], state["june"], state["july"]
    assert_forbidden(api_as(unit_leader).patch(f"{REPORTS}{july.pk}/", {"meeting_place": "X"}))
    assert_forbidden(api_as(verifier).patch(f"{REPORTS}{july.pk}/", {"meeting_place": "X"}))
    assert_forbidden(api_as(ketua_tim).post(f"{REPORTS}{june.pk}/approve/"))
    frozen = api_as(ketua_tim).patch(f"{REPORTS}{may.pk}/", {"meeting_place": "X"}, format="json")
    error = assert_bad_request(frozen)
    assert "sudah terbit dan tidak dapat diubah" in error["message"]
    assert Report.objects.get(pk=may.pk).meeting_place == "Ruang Rapat Balai"
    with travel(at(2026, 8, 4)):
        saved = api_as(ketua_tim).patch(
            f"{REPORTS}{july.pk}/", {"meeting_place": "Aula", "head_attended": False}, format="json"
        )
    assert saved.status_code == 200 and saved.json()["meeting_place"] == "Aula"
    returned = api_as(unit_leader).post(
        f"{REPORTS}{june.pk}/return/", {"reason": ""}, format="json"
    )
    assert_bad_request(returned, "reason", "Tuliskan alasan laporan dikembalikan.")
    returned = api_as(unit_leader).post(
        f"{REPORTS}{june.pk}/return/", {"reason": "Lengkapi"}, format="json"
    )
    assert (
        returned.json()["status"] == "returned" and returned.json()["return_reason"] == "Lengkapi"
    )


def test_a_recommendation_needs_pic_and_date_and_is_followed_up(state, ketua_tim, anggota):
    july, rec = state["july"], state["rec"]
    c = api_as(ketua_tim)
    missing = c.post(RECOMMENDATIONS, {"report": july.pk, "text": "Susun SOP"}, format="json")
    error = assert_bad_request(missing)
    assert error["fields"] == {
        "pic": ["Pilih PIC: pegawai yang bertanggung jawab menindaklanjuti."],
        "target_on": ["Isi target waktu tindak lanjut rekomendasi."],
    }
    assert Recommendation.objects.count() == 1
    made = c.post(
        RECOMMENDATIONS,
        {"report": july.pk, "text": "Susun SOP", "pic": anggota.pk, "target_on": "2026-09-30"},
        format="json",
    )
    assert made.status_code == 201 and made.json()["is_open"] is True
    followed = c.post(
        f"{RECOMMENDATIONS}{rec.pk}/follow-up/",
        {"report": july.pk, "status": "done", "follow_up": "ABK ditetapkan."},
        format="json",
    )
    assert followed.status_code == 200 and followed.json()["status"] == "done"
    frozen = c.patch(f"{RECOMMENDATIONS}{rec.pk}/", {"text": "Diubah"}, format="json")
    assert "sudah diajukan atau terbit" in assert_bad_request(frozen)["message"]


def test_the_pdf_of_an_issued_report(state, ketua_tim):
    c = api_as(ketua_tim)
    response = c.get(f"{REPORTS}{state['may'].pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    assert_not_found(c.get(f"{REPORTS}{state['july'].pk}/pdf/"))


def test_the_schema_lists_the_report_operations(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    assert {
        "/api/v1/reports/",
        "/api/v1/reports/{id}/",
        "/api/v1/reports/{id}/pdf/",
        "/api/v1/reports/{id}/submit/",
        "/api/v1/reports/{id}/return/",
        "/api/v1/reports/{id}/approve/",
        "/api/v1/recommendations/",
        "/api/v1/recommendations/{id}/",
        "/api/v1/recommendations/{id}/follow-up/",
    } <= set(paths)


def test_the_lists_have_a_fixed_query_budget(cycle, tenant, tree, es1_leader):
    draft_all(tenant, at(2026, 3, 2))
    c = api_as(es1_leader)
    small = count_queries(lambda: c.get(REPORTS))
    for i in range(5):
        CycleFactory(unit=make_unit(tree["kanwil"], code=f"UPTX{i}", name=f"UPT {i}"))
    draft_all(tenant, at(2026, 7, 1))
    assert Report.objects.count() == 36
    assert count_queries(lambda: c.get(REPORTS)) == small
    assert count_queries(lambda: c.get(RECOMMENDATIONS)) <= small
