"""/api/v1/users/: Admin Instansi manage the agency's members through the services."""

import pytest

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.tenants.models import Membership
from tests.factories import UserFactory, grant, make_member

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

LIST = "/api/v1/users/"
VALID_NIP = "198501012010011001"


def detail(pk) -> str:
    return f"/api/v1/users/{pk}/"


def emails(response) -> list[str]:
    return sorted(u["email"] for u in response.json()["results"])


def snapshot_counts() -> tuple[int, int, int]:
    return User.objects.count(), Membership.objects.count(), AuditEvent.objects.count()


def every_request(client, pk):
    yield client.get(LIST)
    yield client.get(detail(pk))
    yield client.post(LIST, {"email": "baru@alfa.go.id", "full_name": "Baru"}, format="json")
    yield client.patch(detail(pk), {"full_name": "Diganti"}, format="json")
    yield client.post(f"{detail(pk)}suspend/")
    yield client.post(f"{detail(pk)}activate/")


def test_anonymous_is_refused_everywhere(api, member):
    for response in every_request(api, member.pk):
        assert_anonymous_refused(response)


def test_member_without_admin_role_is_forbidden_everywhere(api_as, member, sibling_member):
    before = snapshot_counts()
    for response in every_request(api_as(member), sibling_member.pk):
        assert_forbidden(response)
        assert error_of(response)["message"] == (
            "Hanya Admin Instansi yang dapat mengelola pengguna dan peran."
        )
    assert snapshot_counts() == before
    sibling_member.refresh_from_db()
    assert sibling_member.full_name == "Anggota Dua"


def test_admin_lists_the_agency_members_only(api_as, admin, member, no_role, other_admin):
    response = api_as(admin).get(LIST)
    assert response.status_code == 200
    assert emails(response) == ["admin@alfa.go.id", "anggota@alfa.go.id", "tanpaperan@alfa.go.id"]
    by_email = {u["email"]: u for u in response.json()["results"]}
    assert by_email["anggota@alfa.go.id"]["role_count"] == 1
    assert by_email["tanpaperan@alfa.go.id"]["role_count"] == 0
    assert by_email["anggota@alfa.go.id"]["membership_active"] is True


def test_admin_searches_members(api_as, admin, member, no_role):
    client = api_as(admin)
    assert emails(client.get(LIST, {"q": "tanpa"})) == ["tanpaperan@alfa.go.id"]
    assert emails(client.get(LIST, {"q": "ANGGOTA@"})) == ["anggota@alfa.go.id"]


def test_admin_reads_a_member(api_as, admin, member):
    response = api_as(admin).get(detail(member.pk))
    assert response.status_code == 200
    assert response.json()["full_name"] == "Anggota Satu"


def test_other_tenant_user_is_404_like_a_missing_id(api_as, admin, other_admin):
    client = api_as(admin)
    missing = client.get(detail(MISSING_ID))
    assert_not_found(missing)
    for response in [
        client.get(detail(other_admin.pk)),
        client.patch(detail(other_admin.pk), {"full_name": "Diambil"}, format="json"),
        client.post(f"{detail(other_admin.pk)}suspend/"),
    ]:
        assert response.json() == missing.json()
    other_admin.refresh_from_db()
    assert other_admin.full_name == "Admin Beta"
    assert Membership.objects.get(user=other_admin).is_active


def test_non_numeric_id_is_404(api_as, admin):
    assert_not_found(api_as(admin).get(detail("abc")))


def test_admin_invites_a_new_e_mail(api_as, admin, tenant):
    response = api_as(admin).post(
        LIST,
        {"email": " Baru@Alfa.go.id ", "full_name": "Orang Baru", "nip": VALID_NIP},
        format="json",
    )
    assert response.status_code == 202, response.content
    body = response.json()
    assert (body["email"], body["full_name"], body["status"]) == (
        "baru@alfa.go.id",
        "Orang Baru",
        "pending",
    )
    user = User.objects.get(email="baru@alfa.go.id")
    assert not user.has_usable_password() and user.nip == VALID_NIP
    assert not Membership.objects.filter(user=user).exists()


def test_an_existing_account_is_invited_with_the_same_answer(api_as, admin, tenant, other_admin):
    """Issue 10: no 200-vs-201 oracle, nothing of the person in the body."""
    fresh = api_as(admin).post(LIST, {"email": "nobody@x.go.id", "full_name": "A"}, format="json")
    known = api_as(admin).post(
        LIST, {"email": "admin@beta.go.id", "full_name": "Nama Lain"}, format="json"
    )
    assert known.status_code == fresh.status_code == 202, known.content
    assert set(known.json()) == set(fresh.json())
    assert known.json()["full_name"] == "Nama Lain"  # what the admin typed, not the person's
    assert "Admin Beta" not in known.content.decode()
    assert not Membership.objects.filter(user=other_admin, tenant=tenant).exists()


def test_a_member_cannot_be_created_twice(api_as, admin, member):
    before = snapshot_counts()
    response = api_as(admin).post(
        LIST, {"email": "ANGGOTA@alfa.go.id", "full_name": "Lagi"}, format="json"
    )
    assert_bad_request(
        response, "email", "Pengguna dengan e-mail ini sudah terdaftar di instansi ini."
    )
    assert snapshot_counts() == before


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("12345", "NIP harus terdiri dari 18 angka."),
        ("198513012010011001", "NIP tidak valid: 8 angka pertama harus tanggal lahir (TTTTBBHH)."),
        ("198501012010013001", "NIP tidak valid: angka ke-15 (jenis kelamin) harus 1 atau 2."),
    ],
)
def test_invalid_nip_is_refused_and_nothing_is_saved(api_as, admin, nip, message):
    before = snapshot_counts()
    response = api_as(admin).post(
        LIST, {"email": "baru@alfa.go.id", "full_name": "Baru", "nip": nip}, format="json"
    )
    assert_bad_request(response, "nip", message)
    assert snapshot_counts() == before


def test_invalid_email_is_refused(api_as, admin):
    before = snapshot_counts()
    response = api_as(admin).post(
        LIST, {"email": "bukan-email", "full_name": "Baru"}, format="json"
    )
    assert_bad_request(response, "email", "Masukkan alamat email dengan format yang benar.")
    assert snapshot_counts() == before


def test_malformed_json_is_a_400(api_as, admin):
    before = snapshot_counts()
    response = api_as(admin).post(LIST, "{email:", content_type="application/json")
    assert_bad_request(
        response, message="Isi permintaan tidak dapat dibaca: format JSON tidak valid."
    )
    assert snapshot_counts() == before


def test_admin_changes_a_member(api_as, admin, member):
    response = api_as(admin).patch(
        detail(member.pk),
        {"full_name": "Anggota Satu Baru", "nip": VALID_NIP, "email": "lain@alfa.go.id"},
        format="json",
    )
    assert response.status_code == 200, response.content
    member.refresh_from_db()
    assert (member.full_name, member.nip) == ("Anggota Satu Baru", VALID_NIP)
    assert member.email == "anggota@alfa.go.id"  # not editable here; ignored
    assert AuditEvent.objects.filter(action="user.update").count() == 1


def test_invalid_change_saves_nothing(api_as, admin, member):
    response = api_as(admin).patch(
        detail(member.pk), {"full_name": "Baru", "nip": "1234"}, format="json"
    )
    assert_bad_request(response, "nip", "NIP harus terdiri dari 18 angka.")
    member.refresh_from_db()
    assert (member.full_name, member.nip) == ("Anggota Satu", None)
    assert not AuditEvent.objects.filter(action="user.update").exists()


def test_blank_name_is_refused(api_as, admin, member):
    response = api_as(admin).patch(detail(member.pk), {"full_name": ""}, format="json")
    assert_bad_request(response, "full_name", "Bidang ini tidak boleh kosong.")


def test_admin_suspends_and_restores_a_member(api_as, api, admin, member):
    client = api_as(admin)
    response = client.post(f"{detail(member.pk)}suspend/")
    assert response.status_code == 200, response.content
    assert response.json()["membership_active"] is False
    assert not Membership.objects.get(user=member).is_active
    # A suspended member no longer acts in the agency.
    api.force_login(member)
    assert_forbidden(api.get("/api/v1/units/"))
    client = api_as(admin)
    response = client.post(f"{detail(member.pk)}activate/")
    assert response.json()["membership_active"] is True
    assert (
        AuditEvent.objects.filter(action__in=["membership.suspend", "membership.activate"]).count()
        == 2
    )


def test_admin_cannot_suspend_themselves(api_as, admin):
    response = api_as(admin).post(f"{detail(admin.pk)}suspend/")
    assert_bad_request(response, message="Anda tidak dapat menonaktifkan akun Anda sendiri.")
    assert Membership.objects.get(user=admin).is_active


def test_list_is_paginated(api_as, admin, member, no_role):
    body = api_as(admin).get(LIST, {"page_size": 2}).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert (body["count"], len(body["results"])) == (3, 2)


def test_list_query_budget_does_not_grow_with_rows(
    api_as, admin, tree, tenant, django_assert_max_num_queries
):
    client = api_as(admin)
    client.get(LIST)
    baseline = count_queries(lambda: client.get(LIST))
    assert baseline <= 10
    for _ in range(30):
        grant(make_member(tenant), tree["upt"], "ketua_tim")
    with django_assert_max_num_queries(baseline):
        response = client.get(LIST)
    assert response.json()["count"] == 31


def test_delegated_admin_manages_members_too(api_as, tree, member):
    """Admin Instansi given below the root still counts as an agency admin here."""
    delegated = UserFactory()
    grant(delegated, tree["kanwil"], "admin_instansi")
    assert api_as(delegated).get(detail(member.pk)).status_code == 200
