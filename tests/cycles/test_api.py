"""/api/v1/cycles/ and /api/v1/calendar/: the access matrix, writes through the services,
bad input with Indonesian messages in the one error body, and 404 like a missing id."""

import pytest
from rest_framework.test import APIClient

from apps.audit.models import AuditEvent
from apps.core.models import StateChange
from apps.cycles import services
from apps.cycles.models import CalendarEntry, Cycle, Stage
from tests.api.helpers import (
    MISSING_ID,
    assert_anonymous_refused,
    assert_bad_request,
    assert_forbidden,
    assert_not_found,
    error_of,
)

from .conftest import MAIN, advance

pytestmark = pytest.mark.django_db

LIST = "/api/v1/cycles/"
CALENDAR = "/api/v1/calendar/"
ENSURE = "/api/v1/calendar/ensure/"


@pytest.fixture
def api_as():
    def _login(user):
        client = APIClient()
        client.force_login(user)
        return client

    return _login


def detail(pk) -> str:
    return f"/api/v1/cycles/{pk}/"


def stage_url(pk) -> str:
    return f"/api/v1/cycles/{pk}/stage/"


def entry_url(pk) -> str:
    return f"/api/v1/calendar/{pk}/"


def counts() -> tuple[int, int, int, int]:
    return (
        Cycle.objects.count(),
        StateChange.objects.count(),
        CalendarEntry.objects.count(),
        AuditEvent.objects.count(),
    )


def payload(tree, **overrides) -> dict:
    return {
        "unit": tree["upt"].pk,
        "year": 2027,
        "target": "wbk",
        "template": "uji-2021",
        **overrides,
    }


def stored_entry(tenant, key="usulan_tpi", year=2026) -> CalendarEntry:
    return CalendarEntry.objects.get(tenant=tenant, year=year, key=key)


# --- Anonymous --------------------------------------------------------------------------


def test_anonymous_is_refused_everywhere(tree, cycle, tenant):
    api = APIClient()
    entry = stored_entry(tenant)
    before = counts()
    assert_anonymous_refused(api.get(LIST))
    assert_anonymous_refused(api.get(detail(cycle.pk)))
    assert_anonymous_refused(api.post(LIST, payload(tree), format="json"))
    assert_anonymous_refused(
        api.post(stage_url(cycle.pk), {"to_stage": "identifikasi", "reason": "x"}, format="json")
    )
    assert_anonymous_refused(api.get(CALENDAR))
    assert_anonymous_refused(api.patch(entry_url(entry.pk), {"label": "X"}, format="json"))
    assert_anonymous_refused(api.post(ENSURE, {"year": 2030}, format="json"))
    assert counts() == before


# --- Reading ----------------------------------------------------------------------------


def test_member_lists_and_reads_their_units_cycles_only(
    api_as, member, cycle, sibling_cycle, other_cycle
):
    client = api_as(member)
    response = client.get(LIST)
    assert response.status_code == 200
    assert [c["id"] for c in response.json()["results"]] == [cycle.pk]
    body = client.get(detail(cycle.pk)).json()
    assert body["unit_code"] == "UPT1"
    assert (body["target"], body["target_label"]) == ("wbk", "Menuju WBK")
    assert (body["template"], body["stage"], body["stage_label"]) == (
        "uji-2021",
        "pencanangan",
        "Pencanangan",
    )
    assert body["can_change_stage"] is False and body["next_stages"] == []
    assert [h["to_stage"] for h in body["history"]] == ["pencanangan"]


def test_admin_reads_the_allowed_next_stages(api_as, admin, cycle):
    advance(cycle, admin, Stage.IDENTIFIKASI)
    body = api_as(admin).get(detail(cycle.pk)).json()
    assert body["can_change_stage"] is True
    assert body["next_stages"] == [
        {"stage": "pembangunan", "kind": "forward"},
        {"stage": "pencanangan", "kind": "back"},
    ]
    assert body["history"][-1]["actor_name"] == "Admin Alfa"
    assert body["history"][-1]["reason"] == "Sesuai jadwal."


def test_list_filters(api_as, admin, tree, template, cycle, sibling_cycle):
    advance(sibling_cycle, admin, Stage.IDENTIFIKASI)
    services.cycle_create(actor=admin, unit=tree["upt"], year=2027, target="wbk", template=template)
    client = api_as(admin)

    def ids(**params):
        return {c["id"] for c in client.get(LIST, params).json()["results"]}

    assert len(ids()) == 3
    assert ids(stage="identifikasi") == {sibling_cycle.pk}
    assert ids(year=2026, unit=tree["upt"].pk) == {cycle.pk}
    assert_bad_request(client.get(LIST, {"stage": "selesai"}), "stage", "Tahap tidak dikenal.")
    assert_bad_request(
        client.get(LIST, {"year": 1990}), "year", "Tahun harus antara 2014 dan 2100."
    )
    assert_bad_request(client.get(LIST, {"unit": MISSING_ID}), "unit")


def test_sibling_and_other_tenant_cycles_are_404_like_a_missing_id(
    api_as, member, other_admin, sibling_cycle, cycle
):
    missing = api_as(member).get(detail(MISSING_ID))
    assert_not_found(missing)
    sibling = api_as(member).get(detail(sibling_cycle.pk))
    assert_not_found(sibling)
    assert sibling.json() == missing.json()
    other = api_as(other_admin).get(detail(cycle.pk))
    assert_not_found(other)
    assert other.json() == missing.json()
    assert_not_found(api_as(member).get(detail("abc")))


# --- Creating ---------------------------------------------------------------------------


def test_admin_opens_a_cycle(api_as, admin, tree, template):
    response = api_as(admin).post(LIST, payload(tree), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["stage"], body["template"]) == (
        "Pembangunan ZI 2027",
        "pencanangan",
        "uji-2021",
    )
    assert Cycle.objects.filter(pk=body["id"], created_by=admin).exists()


def test_member_cannot_open_a_cycle(api_as, member, tree, template):
    before = counts()
    assert_forbidden(api_as(member).post(LIST, payload(tree), format="json"))
    assert counts() == before


def test_units_out_of_sight_read_as_not_found(api_as, member, other_admin, tree, template):
    before = counts()
    assert_bad_request(
        api_as(member).post(LIST, payload(tree, unit=tree["upt2"].pk), format="json"),
        "unit",
        "Unit tidak ditemukan.",
    )
    assert_bad_request(
        api_as(other_admin).post(LIST, payload(tree), format="json"),
        "unit",
        "Unit tidak ditemukan.",
    )
    assert counts() == before


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"year": 1999}, "year", "Tahun harus antara 2014 dan 2100."),
        ({"year": "dua"}, "year", "Tahun harus berupa angka."),
        ({"template": "uji-draf"}, "template", "tidak berlaku; pilih versi yang berlaku"),
        ({"template": "lke-1999"}, "template", "Versi template LKE tidak ditemukan."),
        # PostgreSQL refuses a NUL in a query: this was a 500 (found by schemathesis).
        ({"template": "lke\x002021"}, "template", "Kode versi template LKE tidak valid."),
        ({"target": "wbx"}, "target", "Target harus wbk atau wbbm."),
        ({"target": "wbbm"}, "target", "hanya untuk unit yang sudah berpredikat WBK"),
        ({"year": 2026}, "non_field_errors", "sudah memiliki siklus ZI"),
    ],
)
def test_bad_create_input_gets_an_indonesian_message_and_saves_nothing(
    api_as, admin, tree, template, draft_template, cycle, overrides, field, message
):
    before = counts()
    response = api_as(admin).post(LIST, payload(tree, **overrides), format="json")
    error = assert_bad_request(response, field)
    assert any(message in m for m in error["fields"][field]), error
    assert counts() == before


def test_a_body_that_is_not_an_object_is_refused(api_as, admin, tree, template):
    response = api_as(admin).post(LIST, [1, 2], format="json")
    assert_bad_request(response, message="Data tidak valid: kirim sebuah objek JSON.")


# --- Changing the stage -----------------------------------------------------------------


def test_admin_changes_the_stage(api_as, admin, cycle):
    response = api_as(admin).post(
        stage_url(cycle.pk), {"to_stage": "identifikasi", "reason": "Piagam."}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["stage"] == "identifikasi"
    assert body["history"][-1]["from_stage"] == "pencanangan"
    assert body["history"][-1]["reason"] == "Piagam."


def test_stage_change_access_matrix(api_as, member, sibling_member, other_admin, cycle):
    data = {"to_stage": "identifikasi", "reason": "x"}
    before = counts()
    assert_forbidden(api_as(member).post(stage_url(cycle.pk), data, format="json"))
    assert_forbidden(api_as(member).post(stage_url(cycle.pk), {}, format="json"))
    assert_not_found(api_as(sibling_member).post(stage_url(cycle.pk), data, format="json"))
    other = api_as(other_admin).post(stage_url(cycle.pk), data, format="json")
    missing = api_as(other_admin).post(stage_url(MISSING_ID), data, format="json")
    assert_not_found(other)
    assert other.json() == missing.json()
    assert counts() == before


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"to_stage": "identifikasi", "reason": " "}, "reason", "Alasan perubahan tahap wajib"),
        ({"to_stage": "identifikasi"}, "reason", "Bidang ini harus diisi."),
        ({"to_stage": "selesai", "reason": "x"}, "to_stage", "Tahap tidak dikenal."),
        (
            {"to_stage": "ditetapkan", "reason": "x"},
            "to_stage",
            "Tahap Pencanangan tidak dapat diubah menjadi Ditetapkan.",
        ),
    ],
)
def test_refused_stage_changes_say_why_and_log_nothing(api_as, admin, cycle, data, field, message):
    before = counts()
    error = assert_bad_request(api_as(admin).post(stage_url(cycle.pk), data, format="json"), field)
    assert any(message in m for m in error["fields"][field]), error
    assert counts() == before


def test_guard_messages_come_back_together(api_as, admin, cycle):
    services.register_stage_guard("identifikasi")(lambda c, a: "Piagam belum dicatat.")
    services.register_stage_guard("identifikasi")(lambda c, a: "Pakta Integritas belum lengkap.")
    response = api_as(admin).post(
        stage_url(cycle.pk), {"to_stage": "identifikasi", "reason": "x"}, format="json"
    )
    error = assert_bad_request(response, "non_field_errors")
    assert error["message"] == "Piagam belum dicatat."
    assert error["fields"]["non_field_errors"] == [
        "Piagam belum dicatat.",
        "Pakta Integritas belum lengkap.",
    ]


def test_the_whole_line_through_the_api(api_as, admin, cycle):
    client = api_as(admin)
    for stage in [*MAIN, "ditetapkan", "dicabut"]:
        response = client.post(
            stage_url(cycle.pk), {"to_stage": stage, "reason": "Sesuai jadwal."}, format="json"
        )
        assert response.status_code == 200, (stage, response.content)
    assert client.get(detail(cycle.pk)).json()["stage"] == "dicabut"


# --- Calendar ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["member", "no_role", "kanwil_admin"])
def test_every_member_reads_the_calendar(request, api_as, tenant, who):
    response = api_as(request.getfixturevalue(who)).get(CALENDAR, {"year": 2027})
    assert response.status_code == 200
    rows = response.json()
    keys = [r["key"] for r in rows]
    assert "usulan_tpi" in keys and "laporan_zi" in keys
    row = rows[keys.index("usulan_tpn")]
    assert row == {
        "id": None,
        "year": 2027,
        "key": "usulan_tpn",
        "label": "Pengajuan usulan ke TPN melalui PMPZI",
        "starts_on": None,
        "due_on": "2027-05-31",
        "note": "Paling lambat 31 Mei.",
        "is_default": True,
    }


def test_the_calendar_without_a_year_is_this_years(api_as, member):
    rows = api_as(member).get(CALENDAR).json()
    assert {r["year"] for r in rows} == {2026}


def test_calendar_year_out_of_range_is_a_bad_request(api_as, member):
    assert_bad_request(
        api_as(member).get(CALENDAR, {"year": 3000}), "year", "Tahun harus antara 2014 dan 2100."
    )


def test_an_agency_admin_stores_the_defaults_and_edits(api_as, admin, tenant):
    client = api_as(admin)
    response = client.post(ENSURE, {"year": 2027}, format="json")
    assert response.status_code == 200
    assert all(not r["is_default"] for r in response.json())
    entry = stored_entry(tenant, year=2027)
    response = client.patch(
        entry_url(entry.pk), {"due_on": "2027-03-21", "note": "Diundur."}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["due_on"], body["note"], body["starts_on"]) == (
        "2027-03-21",
        "Diundur.",
        "2027-03-08",
    )
    assert AuditEvent.objects.filter(action="calendar_entry.update", actor=admin).exists()
    response = client.patch(entry_url(entry.pk), {"starts_on": None}, format="json")
    assert response.json()["starts_on"] is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"starts_on": "2026-04-01"}, "non_field_errors", "Tanggal mulai tidak boleh setelah"),
        ({"label": ""}, "label", "Bidang ini tidak boleh kosong."),
        ({"due_on": "31-05-2026"}, "due_on", "Format tanggal salah"),
        ({"due_on": None}, "due_on", 'tidak boleh diisi dengan "null"'),
    ],
)
def test_bad_calendar_edits_are_refused(api_as, admin, cycle, tenant, data, field, message):
    entry = stored_entry(tenant)
    before = counts()
    error = assert_bad_request(api_as(admin).patch(entry_url(entry.pk), data, format="json"), field)
    assert any(message in m for m in error["fields"][field]), error
    assert counts() == before


def test_calendar_writes_access_matrix(api_as, member, kanwil_admin, other_admin, cycle, tenant):
    entry = stored_entry(tenant)
    before = counts()
    for user in (member, kanwil_admin):
        assert_forbidden(api_as(user).patch(entry_url(entry.pk), {"label": "X"}, format="json"))
        assert_forbidden(api_as(user).post(ENSURE, {"year": 2030}, format="json"))
    other = api_as(other_admin).patch(entry_url(entry.pk), {"label": "X"}, format="json")
    missing = api_as(other_admin).patch(entry_url(MISSING_ID), {"label": "X"}, format="json")
    assert_not_found(other)
    assert other.json() == missing.json()
    assert_not_found(api_as(member).patch(entry_url("abc"), {"label": "X"}, format="json"))
    assert counts() == before
    assert error_of(api_as(member).delete(entry_url(entry.pk)))["status"] == 405
