"""API tokens: named, stored as a hash, expiring; listed and revoked by their owner;
ended by a password change (or reset), a suspension or a deactivation."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from apps.accounts import services
from apps.accounts.models import ApiToken, hash_token_key
from apps.accounts.twofactor.policy import two_factor_state
from apps.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory
from tests.otp import confirmed_device, next_code

from .helpers import assert_anonymous_refused, assert_not_found, error_of

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
TOKENS = "/api/v1/auth/tokens/"
ME = "/api/v1/me/"
NEW_PASSWORD = "Sandi-Baru-67890!"


def obtain(user, name="skrip") -> str:
    data = {"email": user.email, "password": PASSWORD, "name": name}
    if two_factor_state(user).required:
        # Admins must use 2FA (apps/accounts/twofactor): enrolled here, code sent along.
        data["otp"], _wait = next_code(confirmed_device(user))
    response = APIClient().post(TOKEN, data, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def with_token(key) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def assert_token_refused(key) -> None:
    response = with_token(key).get(ME)
    assert response.status_code in (401, 403), response.content
    assert error_of(response)["code"] == "authentication_failed"


# --- Expiry -----------------------------------------------------------------------------


def test_a_token_expires_after_the_configured_days(member, settings):
    settings.API_TOKEN_TTL_DAYS = 30
    key = obtain(member)
    token = ApiToken.objects.get(user=member)
    assert token.expires_at - token.created_at == timedelta(days=30)
    with time_machine.travel(timezone.now() + timedelta(days=29), tick=False):
        assert with_token(key).get(ME).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=30, seconds=1), tick=False):
        assert_token_refused(key)
        # An expired token is no longer listed, and the next one replaces it.
        obtain(member, name="baru")
        assert list(ApiToken.objects.filter(user=member).values_list("name", flat=True)) == ["baru"]


def test_last_use_is_recorded(member):
    key = obtain(member)
    assert ApiToken.objects.get().last_used_at is None
    with_token(key).get(ME)
    assert ApiToken.objects.get().last_used_at is not None


def test_a_person_holds_several_tokens_up_to_the_limit(member, settings):
    settings.API_TOKEN_MAX_PER_USER = 2
    first, second = obtain(member, "satu"), obtain(member, "dua")
    response = APIClient().post(TOKEN, {"email": member.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "sudah memiliki 2 token aktif" in error_of(response)["message"]
    for key in (first, second):
        assert with_token(key).get(ME).status_code == 200


# --- Revoked by a password change, a reset, a suspension, a deactivation ---------------


def test_changing_the_password_revokes_every_token(member):
    keys = [obtain(member, "satu"), obtain(member, "dua")]
    client = Client()
    client.force_login(member)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content
    for key in keys:
        assert_token_refused(key)
    assert not ApiToken.objects.filter(user=member).exists()


def test_resetting_the_password_revokes_every_token(member):
    key = obtain(member)
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    client = Client()
    link = reverse(
        "password_reset_confirm",
        kwargs={"uidb64": uid, "token": default_token_generator.make_token(member)},
    )
    set_url = client.get(link)["Location"]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302, response.content
    assert_token_refused(key)


def test_a_login_that_upgrades_the_password_hash_keeps_the_tokens(member, settings):
    key = obtain(member)
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    client = Client()
    assert (
        client.post("/akun/masuk/", {"username": member.email, "password": PASSWORD}).status_code
        == 302
    )
    member.refresh_from_db()
    assert member.password.startswith("pbkdf2")
    assert with_token(key).get(ME).status_code == 200


def test_suspension_revokes_the_tokens_and_is_audited(member, admin, tenant):
    key = obtain(member)
    services.membership_set_active(actor=admin, tenant=tenant, user=member, active=False)
    assert_token_refused(key)
    event = AuditEvent.objects.get(action="membership.suspend", object_id=str(member.pk))
    assert event.after == {"active": False, "api_tokens_revoked": 1}


def test_deactivation_revokes_the_tokens(member):
    key = obtain(member)
    member.is_active = False
    member.save(update_fields=["is_active"])
    assert not ApiToken.objects.filter(user=member).exists()
    member.is_active = True
    member.save(update_fields=["is_active"])
    assert_token_refused(key)


# --- List and revoke (API) ------------------------------------------------------------


def test_a_person_lists_their_own_tokens_only(member, sibling_member, other_admin):
    key = obtain(member, "satu")
    obtain(member, "dua")
    obtain(sibling_member, "milik orang lain")
    obtain(other_admin, "milik instansi lain")
    response = with_token(key).get(TOKENS)
    assert response.status_code == 200
    body = response.json()
    assert [(t["name"], t["current"]) for t in body] == [("dua", False), ("satu", True)]
    assert set(body[0]) == {
        "id",
        "name",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "current",
    }
    assert all("token" not in t and "key_hash" not in t for t in body)


def test_a_person_without_an_agency_manages_their_tokens_too(db):
    loner = UserFactory(email="sendiri@example.go.id")
    key = obtain(loner)
    assert len(with_token(key).get(TOKENS).json()) == 1


def test_token_list_refuses_anonymous():
    assert_anonymous_refused(APIClient().get(TOKENS))
    assert_anonymous_refused(APIClient().delete(f"{TOKENS}1/"))


def test_a_person_revokes_one_token(member):
    keep, drop = obtain(member, "tetap"), obtain(member, "buang")
    drop_id = ApiToken.objects.get(name="buang").pk
    response = with_token(keep).delete(f"{TOKENS}{drop_id}/")
    assert response.status_code == 204
    assert_token_refused(drop)
    assert with_token(keep).get(ME).status_code == 200


@pytest.mark.parametrize("intruder", ["sibling_member", "other_admin", "admin"])
def test_nobody_else_revokes_a_persons_token(request, member, intruder):
    obtain(member)
    target = ApiToken.objects.get(user=member)
    other = request.getfixturevalue(intruder)
    client = with_token(obtain(other))
    assert_not_found(client.delete(f"{TOKENS}{target.pk}/"))
    assert_not_found(client.delete(f"{TOKENS}bukan-angka/"))
    assert ApiToken.objects.filter(pk=target.pk).exists()


# --- The "Token API" page --------------------------------------------------------------


def test_token_page_needs_a_login(client, member):
    response = client.get(reverse("api_tokens"))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_token_page_creates_a_token_shown_once(client, member):
    client.force_login(member)
    response = client.post(reverse("api_tokens"), {"name": "Skrip rekap"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    key = response.context["new_key"]
    token = ApiToken.objects.get(user=member)
    assert (token.name, token.key_hash) == ("Skrip rekap", hash_token_key(key))
    assert key in response.content.decode()
    assert key not in client.get(reverse("api_tokens")).content.decode()
    assert with_token(key).get(ME).status_code == 200


def test_token_page_refuses_an_empty_or_long_name(client, member):
    client.force_login(member)
    for name in ("", "x" * 101):
        response = client.post(reverse("api_tokens"), {"name": name})
        assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_token_page_lists_and_revokes_own_tokens_only(client, member, sibling_member, other_admin):
    obtain(member, "punyaku")
    obtain(sibling_member, "punya-tetangga")
    obtain(other_admin, "punya-beta")
    client.force_login(member)
    page = client.get(reverse("api_tokens")).content.decode()
    assert "punyaku" in page and "punya-tetangga" not in page and "punya-beta" not in page
    for other in ApiToken.objects.exclude(user=member):
        assert client.post(reverse("api_token_revoke", args=[other.pk])).status_code == 404
    mine = ApiToken.objects.get(user=member)
    assert client.post(reverse("api_token_revoke", args=[mine.pk])).status_code == 302
    assert ApiToken.objects.count() == 2


# --- Tokens of DRF's authtoken (before this change) keep working, hashed ----------------


def test_old_drf_tokens_are_adopted_with_an_expiry(member, settings):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("apps.accounts.migrations.0006_api_tokens_named_hashed_expiring")
    old_key = "a" * 40
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, "
            "created timestamptz NOT NULL, user_id bigint NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, now(), %s)",
            [old_key, member.pk],
        )

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.adopt_drf_tokens(apps, editor)
    token = ApiToken.objects.get(user=member)
    assert (token.name, token.key_hash) == ("Token lama", hash_token_key(old_key))
    assert token.expires_at > timezone.now() + timedelta(days=settings.API_TOKEN_TTL_DAYS - 1)
    assert "authtoken_token" not in connection.introspection.table_names()
    assert with_token(old_key).get(ME).status_code == 200
