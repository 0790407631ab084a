"""/api/v1/units/ and /api/v1/unit-types/: the access matrix, writes through the services,
bad input, pagination and query budgets."""

import json

import pytest

from apps.accounts.roles import Role
from apps.audit.models import AuditEvent
from apps.units.models import Unit, UnitType
from tests.factories import UserFactory, grant, make_unit

from .helpers import (
    MISSING_ID,
    assert_anonymous_refused,
    assert_bad_request,
    assert_forbidden,
    assert_not_found,
    count_queries,
    error_of,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/units/"
TREE = "/api/v1/units/tree/"
TYPES = "/api/v1/unit-types/"


def detail(pk) -> str:
    return f"/api/v1/units/{pk}/"


def move_url(pk) -> str:
    return f"/api/v1/units/{pk}/move/"


def codes(response) -> list[str]:
    return [u["code"] for u in response.json()["results"]]


def unit_type(tenant, code="upt") -> UnitType:
    return UnitType.objects.get(tenant=tenant, code=code)


def new_unit_payload(tree, tenant, **overrides) -> dict:
    return {
        "parent": tree["kanwil"].pk,
        "code": "UPT3",
        "name": "UPT Tiga",
        "unit_type": unit_type(tenant).pk,
        **overrides,
    }


def snapshot_counts() -> tuple[int, int]:
    return Unit.objects.count(), AuditEvent.objects.count()


# --- Anonymous ------------------------------------------------------------------------


def test_anonymous_is_refused_everywhere(api, tree, tenant):
    upt = tree["upt"].pk
    assert_anonymous_refused(api.get(LIST))
    assert_anonymous_refused(api.get(TREE))
    assert_anonymous_refused(api.get(TYPES))
    assert_anonymous_refused(api.get(detail(upt)))
    assert_anonymous_refused(api.post(LIST, new_unit_payload(tree, tenant), format="json"))
    assert_anonymous_refused(api.patch(detail(upt), {"name": "X"}, format="json"))
    assert_anonymous_refused(
        api.post(move_url(upt), {"new_parent": tree["es1"].pk, "reason": "x"}, format="json")
    )


# --- Member without admin role ----------------------------------------------------------


def test_member_lists_only_their_own_unit(api_as, tree, member):
    response = api_as(member).get(LIST)
    assert response.status_code == 200
    assert codes(response) == ["UPT1"]


def test_member_tree_is_their_unit_alone(api_as, tree, member):
    response = api_as(member).get(TREE)
    assert response.status_code == 200
    assert [(n["code"], n["children"]) for n in response.json()] == [("UPT1", [])]


def test_member_reads_their_unit(api_as, tree, member):
    response = api_as(member).get(detail(tree["upt"].pk))
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "UPT1"
    assert body["parent"] == tree["kanwil"].pk
    assert body["unit_type_name"] == "UPT / Satker"


def test_member_cannot_create_change_or_move(api_as, tree, tenant, member):
    client = api_as(member)
    before = snapshot_counts()
    upt = tree["upt"]
    assert_forbidden(
        client.post(LIST, new_unit_payload(tree, tenant, parent=upt.pk), format="json")
    )
    assert_forbidden(client.patch(detail(upt.pk), {"name": "Diganti"}, format="json"))
    assert_forbidden(client.patch(detail(upt.pk), {"is_active": False}, format="json"))
    assert_forbidden(
        client.post(move_url(upt.pk), {"new_parent": upt.pk, "reason": "x"}, format="json")
    )
    assert snapshot_counts() == before
    upt.refresh_from_db()
    assert (upt.name, upt.is_active) == ("UPT Satu", True)


def test_member_lists_unit_types(api_as, tree, member):
    response = api_as(member).get(TYPES)
    assert response.status_code == 200
    assert [t["code"] for t in response.json()["results"]] == [
        "instansi",
        "eselon-1",
        "unit-kerja",
        "upt",
    ]


# --- Sibling unit and other tenant: 404 like a missing id ---------------------------------


def test_sibling_unit_is_404_like_a_missing_id(api_as, tree, member):
    client = api_as(member)
    missing = client.get(detail(MISSING_ID))
    sibling = client.get(detail(tree["upt2"].pk))
    assert_not_found(sibling)
    assert sibling.json() == missing.json()


def test_sibling_unit_cannot_be_changed_or_moved(api_as, tree, member):
    client = api_as(member)
    upt2 = tree["upt2"].pk
    assert_not_found(client.patch(detail(upt2), {"name": "X"}, format="json"))
    assert_not_found(
        client.post(move_url(upt2), {"new_parent": tree["upt"].pk, "reason": "x"}, format="json")
    )


def test_other_tenant_unit_is_404_like_a_missing_id(api_as, tree, other_tree, admin):
    client = api_as(admin)
    missing = client.get(detail(MISSING_ID))
    foreign = client.get(detail(other_tree["upt"].pk))
    assert_not_found(missing)
    assert foreign.json() == missing.json()
    foreign_pk = other_tree["upt"].pk
    assert_not_found(client.patch(detail(foreign_pk), {"name": "Diambil"}, format="json"))
    assert_not_found(
        client.post(
            move_url(foreign_pk), {"new_parent": tree["es1"].pk, "reason": "x"}, format="json"
        )
    )
    other_tree["upt"].refresh_from_db()
    assert other_tree["upt"].name == "UPT Beta"


def test_other_tenant_parent_reads_like_a_missing_parent(api_as, tree, tenant, other_tree, admin):
    client = api_as(admin)
    before = snapshot_counts()
    foreign = client.post(
        LIST, new_unit_payload(tree, tenant, parent=other_tree["upt"].pk), format="json"
    )
    missing = client.post(LIST, new_unit_payload(tree, tenant, parent=MISSING_ID), format="json")
    assert_bad_request(foreign, "parent", "Unit tidak ditemukan.")
    assert foreign.json() == missing.json()
    assert snapshot_counts() == before


def test_other_tenant_unit_type_reads_like_a_missing_one(api_as, tree, tenant, other_tenant, admin):
    client = api_as(admin)
    foreign = client.post(
        LIST,
        new_unit_payload(tree, tenant, unit_type=unit_type(other_tenant).pk),
        format="json",
    )
    missing = client.post(LIST, new_unit_payload(tree, tenant, unit_type=MISSING_ID), format="json")
    assert_bad_request(foreign, "unit_type", "Jenis unit tidak dikenal di instansi ini.")
    assert foreign.json() == missing.json()


def test_other_tenant_new_parent_reads_like_a_missing_one(api_as, tree, other_tree, admin):
    client = api_as(admin)
    url = move_url(tree["upt"].pk)
    foreign = client.post(url, {"new_parent": other_tree["root"].pk, "reason": "x"}, format="json")
    missing = client.post(url, {"new_parent": MISSING_ID, "reason": "x"}, format="json")
    assert_bad_request(foreign, "new_parent", "Unit tidak ditemukan.")
    assert foreign.json() == missing.json()


def test_lists_never_show_other_tenants(api_as, tree, other_tree, admin, other_admin):
    client = api_as(admin)
    assert "B-UPT" not in codes(client.get(LIST))
    assert len(client.get(TYPES).json()["results"]) == 4
    client = api_as(other_admin)
    assert codes(client.get(LIST)) == ["BETA", "B-UPT"]


# --- Admin ----------------------------------------------------------------------------


def test_admin_lists_every_unit_in_tree_order(api_as, tree, admin):
    response = api_as(admin).get(LIST)
    assert codes(response) == ["ALFA", "ES1", "KW1", "UPT1", "UPT2"]
    parents = {u["code"]: u["parent"] for u in response.json()["results"]}
    assert parents["ALFA"] is None
    assert parents["UPT2"] == tree["kanwil"].pk


def test_list_filters_by_search_and_parent(api_as, tree, admin):
    client = api_as(admin)
    assert codes(client.get(LIST, {"q": "upt"})) == ["UPT1", "UPT2"]
    assert codes(client.get(LIST, {"q": "kanwil"})) == ["KW1"]
    assert codes(client.get(LIST, {"parent": tree["kanwil"].pk})) == ["UPT1", "UPT2"]
    assert codes(client.get(LIST, {"parent": tree["root"].pk})) == ["ES1"]


def test_parent_filter_only_accepts_visible_units(api_as, tree, member):
    client = api_as(member)
    assert_bad_request(client.get(LIST, {"parent": tree["kanwil"].pk}), "parent")
    assert_bad_request(client.get(LIST, {"parent": "abc"}), "parent")


def test_admin_tree_is_nested(api_as, tree, admin):
    response = api_as(admin).get(TREE)
    assert response.status_code == 200
    [root] = response.json()
    assert root["code"] == "ALFA"
    [es1] = root["children"]
    [kanwil] = es1["children"]
    assert [c["code"] for c in kanwil["children"]] == ["UPT1", "UPT2"]


def test_tree_hangs_units_under_their_nearest_visible_ancestor(api_as, tree, member):
    """A person who sees UPT1 and (through another role) the Eselon I unit gets UPT1 below
    it, although the Kanwil between them is hidden."""
    grant(member, tree["es1"], Role.KETUA_TIM)
    [es1] = api_as(member).get(TREE).json()
    assert es1["code"] == "ES1"
    assert [c["code"] for c in es1["children"]] == ["UPT1"]


def test_admin_creates_a_unit(api_as, tree, tenant, admin):
    response = api_as(admin).post(
        LIST,
        new_unit_payload(tree, tenant, head_nip="198501012010011001", head_name="Budi"),
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["code"], body["parent"], body["head_nip"]) == (
        "UPT3",
        tree["kanwil"].pk,
        "198501012010011001",
    )
    unit = Unit.objects.get(pk=body["id"])
    assert Unit.objects.get_parent(unit) == tree["kanwil"]
    assert AuditEvent.objects.filter(action="unit.create", object_id=str(unit.pk)).exists()


def test_delegated_admin_cannot_create_outside_their_subtree(api_as, tree, tenant):
    delegated = UserFactory()
    grant(delegated, tree["kanwil"], Role.ADMIN_INSTANSI)
    client = api_as(delegated)
    assert client.post(LIST, new_unit_payload(tree, tenant), format="json").status_code == 201
    # ES1 is not visible to them: it reads as missing.
    assert_bad_request(
        client.post(
            LIST, new_unit_payload(tree, tenant, code="X9", parent=tree["es1"].pk), format="json"
        ),
        "parent",
    )


def test_admin_changes_a_unit(api_as, tree, admin):
    response = api_as(admin).patch(
        detail(tree["upt"].pk), {"name": "UPT Satu Baru", "head_title": "Kepala"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "UPT Satu Baru"
    tree["upt"].refresh_from_db()
    assert (tree["upt"].name, tree["upt"].head_title) == ("UPT Satu Baru", "Kepala")
    assert AuditEvent.objects.filter(action="unit.update").count() == 1


def test_admin_deactivates_a_unit_instead_of_deleting_it(api_as, tree, admin):
    client = api_as(admin)
    response = client.patch(detail(tree["upt2"].pk), {"is_active": False}, format="json")
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    response = client.delete(detail(tree["upt2"].pk))
    assert response.status_code == 405
    assert error_of(response)["message"] == "Metode DELETE tidak diizinkan di alamat ini."
    assert Unit.objects.filter(pk=tree["upt2"].pk).exists()


def test_admin_moves_a_unit(api_as, tree, admin):
    response = api_as(admin).post(
        move_url(tree["upt2"].pk),
        {"new_parent": tree["es1"].pk, "reason": "Reorganisasi"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["parent"] == tree["es1"].pk
    tree["upt2"].refresh_from_db()
    assert Unit.objects.get_parent(tree["upt2"]) == tree["es1"]
    event = AuditEvent.objects.get(action="unit.move")
    assert event.reason == "Reorganisasi"


# --- Bad input: 400, Indonesian, nothing saved ----------------------------------------


def test_duplicate_code_is_refused(api_as, tree, tenant, admin):
    before = snapshot_counts()
    response = api_as(admin).post(LIST, new_unit_payload(tree, tenant, code="UPT2"), format="json")
    assert_bad_request(response, message="Kode unit sudah dipakai oleh unit lain di instansi ini.")
    assert snapshot_counts() == before


def test_duplicate_code_on_change_is_refused(api_as, tree, admin):
    response = api_as(admin).patch(detail(tree["upt"].pk), {"code": "UPT2"}, format="json")
    assert_bad_request(response)
    tree["upt"].refresh_from_db()
    assert tree["upt"].code == "UPT1"
    assert not AuditEvent.objects.filter(action="unit.update").exists()


def test_invalid_head_nip_is_refused(api_as, tree, tenant, admin):
    before = snapshot_counts()
    response = api_as(admin).post(
        LIST, new_unit_payload(tree, tenant, head_nip="12345"), format="json"
    )
    assert_bad_request(response, "head_nip", "NIP harus terdiri dari 18 angka.")
    assert response.json()["error"]["message"] == "Data yang dikirim tidak valid."
    assert snapshot_counts() == before


def test_missing_fields_are_named(api_as, tree, admin):
    response = api_as(admin).post(LIST, {"parent": tree["kanwil"].pk}, format="json")
    error = assert_bad_request(response)
    assert error["fields"]["code"] == ["Bidang ini harus diisi."]
    assert set(error["fields"]) == {"code", "name", "unit_type"}


def test_moving_under_own_descendant_is_refused(api_as, tree, admin):
    before = Unit.objects.order_by("pk").values_list("pk", "path")
    before = list(before)
    response = api_as(admin).post(
        move_url(tree["kanwil"].pk),
        {"new_parent": tree["upt"].pk, "reason": "Salah"},
        format="json",
    )
    assert_bad_request(
        response,
        "new_parent",
        "Unit tidak dapat dipindahkan ke bawah dirinya sendiri atau unit di bawahnya.",
    )
    assert list(Unit.objects.order_by("pk").values_list("pk", "path")) == before
    assert not AuditEvent.objects.filter(action="unit.move").exists()


def test_move_needs_a_reason(api_as, tree, admin):
    response = api_as(admin).post(
        move_url(tree["upt"].pk), {"new_parent": tree["es1"].pk}, format="json"
    )
    assert_bad_request(response, "reason", "Bidang ini harus diisi.")


def test_root_cannot_be_deactivated(api_as, tree, admin):
    response = api_as(admin).patch(detail(tree["root"].pk), {"is_active": False}, format="json")
    assert_bad_request(response, message="Unit induk instansi tidak dapat dinonaktifkan.")
    tree["root"].refresh_from_db()
    assert tree["root"].is_active


def test_malformed_json_is_a_400_in_indonesian(api_as, tree, admin):
    before = snapshot_counts()
    response = api_as(admin).post(LIST, '{"code": "X",', content_type="application/json")
    assert_bad_request(
        response, message="Isi permintaan tidak dapat dibaca: format JSON tidak valid."
    )
    assert error_of(response)["code"] == "parse_error"
    assert snapshot_counts() == before


@pytest.mark.parametrize("body", [[1, 2], "teks", 12, None])
def test_a_json_value_other_than_an_object_is_a_400(api_as, tree, admin, body):
    response = api_as(admin).post(LIST, json.dumps(body), content_type="application/json")
    assert_bad_request(response, message="Data tidak valid: kirim sebuah objek JSON.")


def test_wrong_types_are_400_not_500(api_as, tree, admin):
    client = api_as(admin)
    response = client.patch(detail(tree["upt"].pk), {"is_active": "mungkin"}, format="json")
    assert_bad_request(response, "is_active", "Harus bernilai true atau false.")
    response = client.patch(detail(tree["upt"].pk), {"name": {"a": 1}}, format="json")
    assert_bad_request(response, "name", "Harus berupa teks.")
    response = client.patch(detail(tree["upt"].pk), {"head_nip": None}, format="json")
    assert_bad_request(response, "head_nip")
    response = client.post(
        move_url(tree["upt"].pk), {"new_parent": [1], "reason": "x"}, format="json"
    )
    assert_bad_request(response, "new_parent", "Id unit harus berupa angka.")


def test_non_numeric_id_is_404(api_as, tree, admin):
    assert_not_found(api_as(admin).get(detail("abc")))


# --- Pagination and query budgets -----------------------------------------------------


def test_list_is_paginated(api_as, tree, admin):
    response = api_as(admin).get(LIST, {"page_size": 2})
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 5
    assert len(body["results"]) == 2
    assert body["previous"] is None
    assert "page=2" in body["next"]
    last = api_as(admin).get(LIST, {"page_size": 2, "page": 3}).json()
    assert (len(last["results"]), last["next"]) == (1, None)


def test_page_out_of_range_is_404_in_indonesian(api_as, tree, admin):
    assert_not_found(api_as(admin).get(LIST, {"page": 99}))


@pytest.mark.parametrize("url", [LIST, TREE, TYPES])
def test_list_query_budget_does_not_grow_with_rows(
    api_as, tree, admin, url, django_assert_max_num_queries
):
    client = api_as(admin)
    client.get(url)  # warm per-process caches (content types)
    baseline = count_queries(lambda: client.get(url))
    assert baseline <= 10
    for _ in range(30):
        make_unit(tree["kanwil"])
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert response.status_code == 200
    if url == LIST:
        assert response.json()["count"] == 35
