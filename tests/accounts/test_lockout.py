"""Brute force held back: login lockout per account and per client address (django-axes),
the admin's unlock, the token endpoint, and the rate limits of password reset and of
adding people."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import ApiToken, User
from apps.audit.models import AuditEvent
from apps.core.http import client_ip
from apps.core.ratelimit import allow
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/akun/masuk/"
TOKEN = "/api/v1/auth/token/"
RESET = "/akun/lupa-sandi/"
LOCKED = "Terlalu banyak percobaan masuk yang gagal"


def attempt(client, email, password, ip="10.0.0.1", **extra):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip, **extra)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- Per account ----------------------------------------------------------------------


def test_thirty_wrong_passwords_then_the_right_one_is_refused_with_a_message(member):
    client = Client()
    for _ in range(30):
        attempt(client, member.email, "salah-sekali")
    response = attempt(client, member.email, PASSWORD)
    assert response.status_code == 429
    text = response.content.decode()
    assert LOCKED in text and "30 menit" in text and "Admin Instansi" in text
    assert 'data-testid="lockout-message"' in text  # the portal's page, not a bare 403
    assert not logged_in(client)


def test_the_account_locks_at_the_limit_not_before(member, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, member.email, "salah-sekali")
        assert response.status_code == 200
        assert "E-mail atau kata sandi salah" in response.content.decode()
    assert attempt(client, member.email, PASSWORD).status_code == 302
    assert logged_in(client)


def test_the_account_lock_holds_from_another_address_and_another_spelling(member, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        attempt(Client(), member.email.upper(), "salah", ip=f"10.0.1.{i}")
    client = Client()
    response = attempt(client, f"  {member.email}  ", PASSWORD, ip="10.9.9.9")
    assert response.status_code == 429
    assert not logged_in(client)


def test_the_lock_ends_after_the_cool_off(member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(Client(), member.email, "salah")
    assert attempt(Client(), member.email, PASSWORD).status_code == 429
    later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        client = Client()
        assert attempt(client, member.email, PASSWORD).status_code == 302
        assert logged_in(client)


def test_an_unknown_email_is_counted_and_locked_like_a_real_one(settings, db):
    """The lockout does not tell which e-mails have an account."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(Client(), "tidak.ada@alfa.go.id", "salah")
    assert attempt(Client(), "tidak.ada@alfa.go.id", "salah").status_code == 429


# --- Per client address ---------------------------------------------------------------


def test_one_address_trying_many_accounts_is_locked(member, settings):
    for i in range(settings.AXES_IP_FAILURE_LIMIT):
        attempt(Client(), f"tebak{i}@alfa.go.id", "Sandi-Umum-2024", ip="203.0.113.7")
    client = Client()
    response = attempt(client, member.email, PASSWORD, ip="203.0.113.7")
    assert response.status_code == 429
    assert not logged_in(client)
    # The accounts themselves are not locked: from elsewhere the member logs in.
    other = Client()
    assert attempt(other, member.email, PASSWORD, ip="198.51.100.2").status_code == 302


def test_an_address_is_not_locked_by_a_few_typos_of_its_users(member, settings):
    """An office behind one NAT address: the address limit is higher than the account's."""
    assert settings.AXES_IP_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT
    for i in range(settings.AXES_IP_FAILURE_LIMIT - 1):
        attempt(Client(), f"pegawai{i % 5}@alfa.go.id", "typo", ip="203.0.113.8")
    assert attempt(Client(), member.email, PASSWORD, ip="203.0.113.8").status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_address_lock(member, settings):
    for i in range(settings.AXES_IP_FAILURE_LIMIT):
        attempt(
            Client(),
            f"tebak{i}@alfa.go.id",
            "x",
            ip="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{i}",
        )
    response = attempt(
        Client(), member.email, PASSWORD, ip="203.0.113.9", HTTP_X_FORWARDED_FOR="5.6.7.8"
    )
    assert response.status_code == 429


def test_client_address_behind_trusted_proxies(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1  # nginx appends the address it saw: the last entry
    assert client_ip(request) == "198.51.100.4"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer entries than proxies: not trusted
    assert client_ip(request) == "10.0.0.2"


# --- Unlock -----------------------------------------------------------------------------


def lock(user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(Client(), user.email, "salah")


def test_admin_sees_the_lock_and_unlocks_the_person(client_for, admin, member, settings, tenant):
    lock(member, settings)
    client = client_for(admin)
    page = client.get(reverse("accounts:person", args=[member.pk])).content.decode()
    assert "dikunci" in page and "Buka kunci masuk" in page
    response = client.post(reverse("accounts:person_unlock", args=[member.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=member.email).exists()
    event = AuditEvent.objects.get(action="user.login_unlock", object_id=str(member.pk))
    assert (event.tenant, event.actor, event.before) == (
        tenant,
        admin,
        {"failed_logins": settings.AXES_FAILURE_LIMIT},
    )
    person = Client()
    assert attempt(person, member.email, PASSWORD).status_code == 302


def test_unlock_is_refused_to_anonymous_wrong_role_and_other_agency(
    client, member, sibling_member, other_admin, settings
):
    lock(member, settings)
    url = reverse("accounts:person_unlock", args=[member.pk])
    response = client.post(url)
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    client.force_login(sibling_member)
    assert client.post(url).status_code == 403
    client.force_login(other_admin)
    assert client.post(url).status_code == 404
    assert AccessAttempt.objects.filter(username=member.email).exists()
    assert not AuditEvent.objects.filter(action="user.login_unlock").exists()


def test_platform_operator_unlocks_with_the_axes_command(member, settings):
    lock(member, settings)
    call_command("axes_reset_username", member.email)
    assert attempt(Client(), member.email, PASSWORD).status_code == 302


# --- The API token endpoint -----------------------------------------------------------


def test_token_endpoint_locks_after_wrong_passwords_with_the_error_body(member, settings):
    client = Client()
    for _ in range(30):
        client.post(
            TOKEN,
            {"email": member.email, "password": "salah"},
            content_type="application/json",
            REMOTE_ADDR="10.0.0.3",
        )
    response = client.post(
        TOKEN,
        {"email": member.email, "password": PASSWORD},
        content_type="application/json",
        REMOTE_ADDR="10.0.0.3",
    )
    assert response.status_code == 429
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (429, "locked_out")
    assert LOCKED in error["message"]
    assert not ApiToken.objects.exists()


def test_token_failures_and_page_failures_count_together(member, settings):
    half = settings.AXES_FAILURE_LIMIT // 2
    for _ in range(half):
        attempt(Client(), member.email, "salah")
    for _ in range(settings.AXES_FAILURE_LIMIT - half):
        Client().post(TOKEN, {"email": member.email, "password": "salah"})
    assert attempt(Client(), member.email, PASSWORD).status_code == 429


# --- Password reset and adding people -------------------------------------------------


def test_password_reset_requests_are_limited_per_address(member, settings):
    settings.RATE_LIMIT_PASSWORD_RESET = "3/h"
    client = Client()
    for i in range(3):
        response = client.post(RESET, {"email": f"orang{i}@alfa.go.id"}, REMOTE_ADDR="10.0.0.4")
        assert response.status_code == 302
    response = client.post(RESET, {"email": member.email}, REMOTE_ADDR="10.0.0.4")
    assert response.status_code == 429
    assert "terlalu sering (batas 3 kali per 1 jam)" in response.content.decode()


def test_password_reset_requests_are_limited_per_email(
    member, settings, django_capture_on_commit_callbacks, queued_emails
):
    settings.RATE_LIMIT_PASSWORD_RESET = "2/h"
    sent = queued_emails
    with django_capture_on_commit_callbacks(execute=True):
        codes = [
            Client().post(RESET, {"email": member.email}, REMOTE_ADDR=f"10.1.0.{i}").status_code
            for i in range(4)
        ]
    assert codes == [302, 302, 429, 429]
    assert len(sent) == 2
    assert not mail.outbox


def test_the_limiter_lets_requests_through_when_redis_is_down(monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr("apps.core.ratelimit.cache.add", broken)
    assert all(allow("x", "y", "1/h") for _ in range(3))


def test_adding_people_is_limited_per_admin(client_for, admin, settings):
    settings.RATE_LIMIT_INVITATION = "2/h"
    client = client_for(admin)
    codes = [
        client.post(
            reverse("accounts:person_create"),
            {"email": f"baru{i}@alfa.go.id", "full_name": f"Baru {i}"},
        ).status_code
        for i in range(3)
    ]
    assert codes == [302, 302, 429]
    assert not User.objects.filter(email="baru2@alfa.go.id").exists()
    api = client.post(
        "/api/v1/users/",
        {"email": "baru3@alfa.go.id", "full_name": "Baru 3"},
        content_type="application/json",
    )
    assert api.status_code == 429
    error = api.json()["error"]
    assert error["code"] == "throttled" and "batas 2 kali per 1 jam" in error["message"]


def test_the_limit_is_per_admin(client_for, admin, settings, tree):
    from apps.accounts.roles import Role
    from tests.factories import grant

    settings.RATE_LIMIT_INVITATION = "1/h"
    second = UserFactory(email="admin2@alfa.go.id")
    grant(second, tree["root"], Role.ADMIN_INSTANSI)
    url = reverse("accounts:person_create")
    assert (
        client_for(admin).post(url, {"email": "a@alfa.go.id", "full_name": "A"}).status_code == 302
    )
    assert (
        client_for(second).post(url, {"email": "b@alfa.go.id", "full_name": "B"}).status_code == 302
    )
