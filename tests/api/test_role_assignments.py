"""/api/v1/role-assignments/: Admin Instansi give and take roles in the units they administer."""

import pytest

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import Role
from apps.audit.models import AuditEvent
from apps.tenants.models import Membership
from tests.factories import UserFactory, grant, make_member, make_unit

from .helpers import (
    MISSING_ID,
    assert_anonymous_refused,
    assert_bad_request,
    assert_forbidden,
    assert_not_found,
    count_queries,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/role-assignments/"


def detail(pk) -> str:
    return f"/api/v1/role-assignments/{pk}/"


def snapshot_counts() -> tuple[int, int]:
    return RoleAssignment.objects.count(), AuditEvent.objects.count()


def rows(response) -> list[tuple[str, str, str]]:
    return [(r["user_email"], r["unit_code"], r["role"]) for r in response.json()["results"]]


@pytest.fixture
def member_role(member):
    return RoleAssignment.objects.get(user=member)


@pytest.fixture
def other_role(other_admin):
    return RoleAssignment.objects.get(user=other_admin)


def test_anonymous_is_refused_everywhere(api, tree, no_role, member_role):
    payload = {"user": no_role.pk, "unit": tree["upt"].pk, "role": "ketua_tim"}
    assert_anonymous_refused(api.get(LIST))
    assert_anonymous_refused(api.get(detail(member_role.pk)))
    assert_anonymous_refused(api.post(LIST, payload, format="json"))
    assert_anonymous_refused(api.delete(detail(member_role.pk)))


def test_member_without_admin_role_is_forbidden(api_as, tree, member, member_role, no_role):
    client = api_as(member)
    before = snapshot_counts()
    assert_forbidden(client.get(LIST))
    assert_forbidden(client.get(detail(member_role.pk)))
    assert_forbidden(
        client.post(
            LIST, {"user": no_role.pk, "unit": tree["upt"].pk, "role": "ketua_tim"}, format="json"
        )
    )
    assert_forbidden(client.delete(detail(member_role.pk)))
    assert snapshot_counts() == before


def test_admin_lists_the_agency_roles(api_as, admin, member, sibling_member, other_admin):
    response = api_as(admin).get(LIST)
    assert response.status_code == 200
    assert rows(response) == [
        ("admin@alfa.go.id", "ALFA", "admin_instansi"),
        ("anggota@alfa.go.id", "UPT1", "ketua_pokja"),
        ("anggota2@alfa.go.id", "UPT2", "anggota_pokja"),
    ]
    first = response.json()["results"][1]
    assert (first["area"], first["role_label"]) == ("MP", "Ketua Pokja")


def test_admin_filters_roles(api_as, tree, admin, member, sibling_member, verifier):
    client = api_as(admin)
    assert rows(client.get(LIST, {"user": member.pk})) == [
        ("anggota@alfa.go.id", "UPT1", "ketua_pokja")
    ]
    assert rows(client.get(LIST, {"unit": tree["kanwil"].pk})) == [
        ("verif@alfa.go.id", "KW1", "verifikator")
    ]
    assert rows(client.get(LIST, {"role": "anggota_pokja"})) == [
        ("anggota2@alfa.go.id", "UPT2", "anggota_pokja")
    ]
    assert_bad_request(client.get(LIST, {"role": "raja"}), "role", "Peran tidak dikenal.")


def test_filters_by_other_tenant_ids_read_like_missing_ids(api_as, admin, other_admin, other_tree):
    client = api_as(admin)
    for field, foreign in [("user", other_admin.pk), ("unit", other_tree["upt"].pk)]:
        response = client.get(LIST, {field: foreign})
        assert_bad_request(response, field)
        assert response.json() == client.get(LIST, {field: MISSING_ID}).json()


def test_delegated_admin_sees_only_roles_in_their_subtree(api_as, tree, admin, member):
    delegated = UserFactory(email="delegasi@alfa.go.id")
    grant(delegated, tree["kanwil"], Role.ADMIN_INSTANSI)
    client = api_as(delegated)
    assert rows(client.get(LIST)) == [
        ("delegasi@alfa.go.id", "KW1", "admin_instansi"),
        ("anggota@alfa.go.id", "UPT1", "ketua_pokja"),
    ]
    root_role = RoleAssignment.objects.get(user=admin)
    assert_not_found(client.get(detail(root_role.pk)))
    assert_not_found(client.delete(detail(root_role.pk)))
    assert RoleAssignment.objects.filter(pk=root_role.pk).exists()


def test_other_tenant_role_is_404_like_a_missing_id(api_as, admin, other_role):
    client = api_as(admin)
    missing = client.get(detail(MISSING_ID))
    assert_not_found(missing)
    assert client.get(detail(other_role.pk)).json() == missing.json()
    assert client.delete(detail(other_role.pk)).json() == missing.json()
    assert RoleAssignment.objects.filter(pk=other_role.pk).exists()


def test_admin_assigns_a_role(api_as, tree, admin, no_role):
    response = api_as(admin).post(
        LIST,
        {"user": no_role.pk, "unit": tree["upt"].pk, "role": "anggota_pokja", "area": "SDM"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["user"], body["unit"], body["role"], body["area"]) == (
        no_role.pk,
        tree["upt"].pk,
        "anggota_pokja",
        "SDM",
    )
    assignment = RoleAssignment.objects.get(pk=body["id"])
    assert assignment.created_by == admin
    assert AuditEvent.objects.filter(action="role.assign", object_id=str(assignment.pk)).exists()


def test_admin_revokes_a_role_with_a_reason(api_as, admin, member_role):
    response = api_as(admin).delete(f"{detail(member_role.pk)}?reason=Mutasi")
    assert response.status_code == 204
    assert not RoleAssignment.objects.filter(pk=member_role.pk).exists()
    assert AuditEvent.objects.get(action="role.revoke").reason == "Mutasi"


def test_delegated_admin_cannot_assign_above_their_subtree(api_as, tree, no_role):
    delegated = UserFactory()
    grant(delegated, tree["kanwil"], Role.ADMIN_INSTANSI)
    grant(delegated, tree["es1"], Role.KETUA_TIM)  # sees ES1, does not administer it
    before = snapshot_counts()
    response = api_as(delegated).post(
        LIST, {"user": no_role.pk, "unit": tree["es1"].pk, "role": "ketua_tim"}, format="json"
    )
    assert_forbidden(response)
    assert snapshot_counts() == before


# --- Bad input ------------------------------------------------------------------------


def test_area_is_required_for_ketua_pokja(api_as, tree, admin, no_role):
    before = snapshot_counts()
    response = api_as(admin).post(
        LIST, {"user": no_role.pk, "unit": tree["upt"].pk, "role": "ketua_pokja"}, format="json"
    )
    assert_bad_request(response, "area", "Peran Ketua Pokja wajib memilih area.")
    assert snapshot_counts() == before


def test_unknown_role_is_refused(api_as, tree, admin, no_role):
    before = snapshot_counts()
    response = api_as(admin).post(
        LIST, {"user": no_role.pk, "unit": tree["upt"].pk, "role": "raja"}, format="json"
    )
    assert_bad_request(response, "role", "Peran tidak dikenal.")
    assert snapshot_counts() == before


def test_unknown_area_is_refused(api_as, tree, admin, no_role):
    response = api_as(admin).post(
        LIST,
        {"user": no_role.pk, "unit": tree["upt"].pk, "role": "ketua_pokja", "area": "XX"},
        format="json",
    )
    assert_bad_request(response, "area", "Area tidak dikenal.")


def test_the_same_role_cannot_be_given_twice(api_as, tree, admin, member):
    before = snapshot_counts()
    response = api_as(admin).post(
        LIST,
        {"user": member.pk, "unit": tree["upt"].pk, "role": "ketua_pokja", "area": "MP"},
        format="json",
    )
    assert_bad_request(response, message="Pengguna sudah memegang peran ini di unit tersebut.")
    assert snapshot_counts() == before


def test_a_suspended_member_gets_no_role(api_as, tree, admin, no_role):
    Membership.objects.filter(user=no_role).update(is_active=False)
    response = api_as(admin).post(
        LIST, {"user": no_role.pk, "unit": tree["upt"].pk, "role": "ketua_tim"}, format="json"
    )
    assert_bad_request(response, "user", "Pengguna bukan anggota aktif instansi ini.")


def test_other_tenant_user_or_unit_reads_like_a_missing_one(
    api_as, tree, admin, no_role, other_admin, other_tree
):
    client = api_as(admin)
    before = snapshot_counts()
    base = {"user": no_role.pk, "unit": tree["upt"].pk, "role": "ketua_tim"}
    for field, foreign, message in [
        ("user", other_admin.pk, "Pengguna tidak ditemukan di instansi ini."),
        ("unit", other_tree["upt"].pk, "Unit tidak ditemukan."),
    ]:
        response = client.post(LIST, {**base, field: foreign}, format="json")
        assert_bad_request(response, field, message)
        assert (
            response.json() == client.post(LIST, {**base, field: MISSING_ID}, format="json").json()
        )
    assert snapshot_counts() == before


def test_malformed_json_is_a_400(api_as, admin):
    response = api_as(admin).post(LIST, "[{", content_type="application/json")
    assert_bad_request(
        response, message="Isi permintaan tidak dapat dibaca: format JSON tidak valid."
    )


# --- Pagination and query budget ------------------------------------------------------


def test_list_is_paginated(api_as, admin, member, sibling_member):
    body = api_as(admin).get(LIST, {"page_size": 1, "page": 2}).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert (body["count"], len(body["results"])) == (3, 1)
    assert body["previous"] and body["next"]


def test_list_query_budget_does_not_grow_with_rows(
    api_as, tree, tenant, admin, django_assert_max_num_queries
):
    client = api_as(admin)
    client.get(LIST)
    baseline = count_queries(lambda: client.get(LIST))
    assert baseline <= 10
    for _ in range(30):
        grant(make_member(tenant), make_unit(tree["kanwil"]), Role.KETUA_POKJA, "PW")
    with django_assert_max_num_queries(baseline):
        response = client.get(LIST)
    assert response.json()["count"] == 31
