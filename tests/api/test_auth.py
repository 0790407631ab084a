"""Token and session authentication, /api/v1/me/, and the X-Tenant header."""

import pytest

from apps.accounts.models import ApiToken, hash_token_key
from apps.accounts.roles import Role
from apps.tenants.models import Membership
from tests.factories import PASSWORD, UserFactory, grant, make_tenant

from .helpers import assert_anonymous_refused, assert_bad_request, assert_forbidden, error_of

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
ME = "/api/v1/me/"
UNITS = "/api/v1/units/"
NO_TENANT = (
    "Anda belum menjadi anggota instansi mana pun, atau instansi yang diminta tidak dikenal."
)


@pytest.fixture
def both(tree, other_tree):
    """Ketua Tim in UPT1 of ALFA and in the UPT of BETA."""
    user = UserFactory(email="dua.instansi@example.go.id")
    grant(user, tree["upt"], Role.KETUA_TIM)
    grant(user, other_tree["upt"], Role.KETUA_TIM)
    return user


def token_client(api, user):
    token, key = ApiToken.issue(user=user, name="tes")
    token.save()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def unit_codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [u["code"] for u in response.json()["results"]]


# --- Obtaining a token ----------------------------------------------------------------


def test_token_is_issued_for_email_and_password(api, member):
    response = api.post(TOKEN, {"email": "ANGGOTA@alfa.go.id", "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    token = ApiToken.objects.get(user=member)
    assert body["id"] == token.pk and body["name"] == "API"
    # Only the key's hash is stored; the key itself is in this one answer.
    assert token.key_hash == hash_token_key(body["token"]) != body["token"]
    # Asking again gives a second, separate token (one per script).
    again = api.post(
        TOKEN,
        {"email": "anggota@alfa.go.id", "password": PASSWORD, "name": "skrip rekap"},
        format="json",
    )
    assert again.json()["token"] != body["token"]
    assert sorted(ApiToken.objects.filter(user=member).values_list("name", flat=True)) == [
        "API",
        "skrip rekap",
    ]


def test_token_accepts_a_form_post_too(api, member):
    response = api.post(TOKEN, {"email": "anggota@alfa.go.id", "password": PASSWORD})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "payload",
    [
        {"email": "anggota@alfa.go.id", "password": "salah-sekali"},
        {"email": "tidak.ada@alfa.go.id", "password": PASSWORD},
    ],
)
def test_wrong_credentials_get_one_indonesian_message(api, member, payload):
    response = api.post(TOKEN, payload, format="json")
    assert_bad_request(response, message="E-mail atau kata sandi salah.")
    assert not ApiToken.objects.exists()


def test_inactive_account_gets_no_token(api, member):
    member.is_active = False
    member.save(update_fields=["is_active"])
    response = api.post(TOKEN, {"email": member.email, "password": PASSWORD}, format="json")
    assert_bad_request(response, message="E-mail atau kata sandi salah.")


def test_token_request_needs_both_fields(api):
    error = assert_bad_request(api.post(TOKEN, {}, format="json"))
    assert set(error["fields"]) == {"email", "password"}
    assert error["fields"]["email"] == ["Bidang ini harus diisi."]


def test_token_request_with_malformed_json_is_a_400(api):
    response = api.post(TOKEN, "{", content_type="application/json")
    assert_bad_request(
        response, message="Isi permintaan tidak dapat dibaca: format JSON tidak valid."
    )


def test_token_endpoint_ignores_a_session_without_csrf(member):
    """A logged-in browser may still ask for a token: the view takes no session, so there
    is no CSRF check to fail."""
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(TOKEN, {"email": member.email, "password": PASSWORD}, format="json")
    assert response.status_code == 200


# --- Using a token --------------------------------------------------------------------


def test_token_authenticates_api_requests(api, tree, member):
    client = token_client(api, member)
    assert unit_codes(client.get(UNITS)) == ["UPT1"]
    me = client.get(ME).json()
    assert (me["email"], me["tenant"]) == ("anggota@alfa.go.id", "ALFA")
    assert [(r["unit_code"], r["role"], r["area"]) for r in me["roles"]] == [
        ("UPT1", "ketua_pokja", "MP")
    ]


def test_invalid_token_is_refused_in_indonesian(api, tree):
    api.credentials(HTTP_AUTHORIZATION="Token bukan-token-yang-sah")
    response = api.get(UNITS)
    assert response.status_code in (401, 403)
    assert error_of(response) == {
        "status": response.status_code,
        "code": "authentication_failed",
        "message": "Token atau data masuk tidak valid.",
        "fields": {},
    }


def test_x_tenant_selects_an_agency_the_user_belongs_to(api, both):
    client = token_client(api, both)
    assert unit_codes(client.get(UNITS)) == ["UPT1"]  # first agency by name
    assert unit_codes(client.get(UNITS, HTTP_X_TENANT="BETA")) == ["B-UPT"]
    assert unit_codes(client.get(UNITS, HTTP_X_TENANT="alfa")) == ["UPT1"]
    assert client.get(ME, HTTP_X_TENANT="BETA").json()["tenant"] == "BETA"
    assert client.get(ME).json()["tenants"] == ["ALFA", "BETA"]


def test_x_tenant_of_an_agency_the_user_does_not_belong_to_is_refused(api, both, admin):
    make_tenant(name="Kementerian Gamma", code="GAMMA")
    client = token_client(api, both)
    for code in ("GAMMA", "TIDAKADA"):
        response = client.get(UNITS, HTTP_X_TENANT=code)
        assert_forbidden(response)
        assert error_of(response)["message"] == NO_TENANT
    # Other tenants' admin pages stay closed too: no tenant, no data.
    client = token_client(api, admin)
    assert_forbidden(client.get("/api/v1/users/", HTTP_X_TENANT="BETA"))


def test_x_tenant_does_not_reach_a_suspended_membership(api, both, other_tenant):
    Membership.objects.filter(user=both, tenant=other_tenant).update(is_active=False)
    client = token_client(api, both)
    assert_forbidden(client.get(UNITS, HTTP_X_TENANT="BETA"))
    assert unit_codes(client.get(UNITS, HTTP_X_TENANT="ALFA")) == ["UPT1"]


def test_x_tenant_works_with_the_session_too(api_as, both):
    client = api_as(both)
    assert unit_codes(client.get(UNITS, HTTP_X_TENANT="BETA")) == ["B-UPT"]


# --- /me/ -----------------------------------------------------------------------------


def test_me_refuses_anonymous(api):
    assert_anonymous_refused(api.get(ME))


def test_me_without_any_agency_has_no_tenant_and_no_roles(api_as, db):
    response = api_as(UserFactory()).get(ME)
    assert response.status_code == 200
    body = response.json()
    assert (body["tenant"], body["tenants"], body["roles"]) == (None, [], [])


def test_a_user_without_agency_gets_403_not_500_on_tenant_endpoints(api_as, db):
    client = api_as(UserFactory())
    for url in (UNITS, "/api/v1/units/tree/", "/api/v1/unit-types/", "/api/v1/users/"):
        response = client.get(url)
        assert_forbidden(response)
        assert error_of(response)["message"] == NO_TENANT
