"""Two-factor authentication (TOTP with recovery codes): who must, enrolment, the second
step after the password, recovery codes, the agency's rule, an admin's reset, the API and
Django admin."""

import re
from base64 import b32encode
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.roles import Role
from apps.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory, grant
from tests.otp import PLAIN_FORCE_LOGIN, code_for_key, confirmed_device, next_code

pytestmark = pytest.mark.django_db

LOGIN = "/akun/masuk/"
STATUS = "/akun/dua-langkah/"
ENROL = "/akun/dua-langkah/aktifkan/"
VERIFY = "/akun/dua-langkah/verifikasi/"
CODES = "/akun/dua-langkah/kode-pemulihan/"
DOWNLOAD = "/akun/dua-langkah/kode-pemulihan/unduh/"
REGENERATE = "/akun/dua-langkah/kode-pemulihan/baru/"
DISABLE = "/akun/dua-langkah/nonaktifkan/"
POLICY = "/akun/dua-langkah/instansi/"
TOKEN = "/api/v1/auth/token/"


def later(seconds: int) -> datetime:
    return datetime.now(tz=UTC) + timedelta(seconds=seconds)


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    return APIClient()


def reset_url(user) -> str:
    return f"/akun/dua-langkah/reset/{user.pk}/"


def password_login(client, user):
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return response


def enrolled(user) -> TOTPDevice:
    device = confirmed_device(user)
    static = StaticDevice.objects.create(user=user, name="kode-pemulihan", confirmed=True)
    StaticToken.objects.create(device=static, token="abcdefghjk")
    return device


def secret_of(response) -> bytes:
    html = response.content.decode()
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html).group(1)
    from tests.otp import key_from_secret_text

    return key_from_secret_text(secret)


# --- Who must use it ---------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["admin", "verifier"])
def test_required_roles_reach_only_the_enrolment_page_until_enrolled(client, request, fixture):
    user = request.getfixturevalue(fixture)
    password_login(client, user)
    for url in ["/", "/unit/", "/pengguna/", STATUS]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(ENROL), url
    page = client.get(ENROL)
    assert page.status_code == 200
    assert "wajib memakai verifikasi dua langkah" in page.content.decode()
    # Logging out stays possible.
    assert client.post("/akun/keluar/").status_code == 302
    assert client.get("/").url.startswith(LOGIN)


@pytest.mark.parametrize("role", [Role.PENILAI_TPU, Role.PENILAI_TPI])
def test_assessors_must_enrol(client, tree, role):
    user = UserFactory()
    grant(user, tree["root"], role, "MP" if role == Role.PENILAI_TPU else "")
    password_login(client, user)
    assert client.get("/").url.startswith(ENROL)


def test_operator_must_enrol_before_django_admin(client, db):
    operator = UserFactory(is_staff=True, is_superuser=True)
    password_login(client, operator)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith(ENROL)


def test_django_admin_asks_for_the_code_of_an_enrolled_operator(client, db):
    operator = UserFactory(is_staff=True, is_superuser=True)
    device = enrolled(operator)
    PLAIN_FORCE_LOGIN(client, operator)
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    code, _wait = next_code(device)
    assert client.post(VERIFY, {"code": code, "next": "/admin/accounts/user/"}).status_code == 302
    assert client.get("/admin/accounts/user/").status_code == 200


def test_a_member_without_a_required_role_is_not_held(client, member):
    password_login(client, member)
    assert client.get("/").status_code == 200
    assert "Belum aktif" in client.get(STATUS).content.decode()


def test_session_api_requests_need_the_second_step(client, admin):
    password_login(client, admin)
    response = client.get("/api/v1/me/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "two_factor_required"
    confirmed_device(admin)
    response = client.get("/api/v1/me/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "two_factor_unverified"


# --- Enrolment ---------------------------------------------------------------------------


def test_enrolment_shows_qr_and_secret_and_confirms_with_a_code(client, admin):
    password_login(client, admin)
    page = client.get(ENROL)
    html = page.content.decode()
    assert "<svg" in html and 'data-testid="totp-qr"' in html
    key = secret_of(page)
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert key == device.bin_key
    # The QR code carries the same secret (otpauth URI with the issuer).
    assert b32encode(key).decode() in device.config_url and "ZI%20Portal" in device.config_url
    # Reloading keeps the same secret (the phone already scanned it).
    assert secret_of(client.get(ENROL)) == key

    response = client.post(ENROL, {"code": code_for_key(key), "next": "/unit/"})
    assert response.status_code == 302 and response.url.startswith(CODES)
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(response.url).content.decode()
    codes = re.findall(
        r'<li class="list-group-item font-monospace fs-5">([a-z0-9-]+)</li>', codes_page
    )
    assert len(codes) == 10 and len(set(codes)) == 10
    download = client.get(DOWNLOAD)
    assert download["Content-Disposition"].startswith("attachment")
    assert all(c in download.content.decode() for c in codes)
    # Kept: the codes are gone from the server's pages.
    done = client.post(CODES, {"next": "/unit/"})
    assert done.url == "/unit/"
    assert client.get(CODES).url == STATUS
    assert client.get(DOWNLOAD).status_code == 404
    # The session passed the second step: the portal is open.
    assert client.get("/unit/").status_code == 200
    event = AuditEvent.objects.get(action="two_factor.enable")
    assert event.object_id == str(admin.pk) and event.actor == admin


def test_a_wrong_code_is_refused_at_enrolment(client, admin):
    password_login(client, admin)
    key = secret_of(client.get(ENROL))
    wrong = f"{(int(code_for_key(key)) + 1) % 1_000_000:06d}"
    response = client.post(ENROL, {"code": wrong})
    assert response.status_code == 400
    assert "Kode salah" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=admin, confirmed=True).exists()
    assert client.post(ENROL, {"code": "abc"}).status_code == 400
    assert client.get("/").url.startswith(ENROL)


# --- The second step after the password --------------------------------------------------


def test_login_asks_for_the_code_after_the_password(client, admin):
    device = enrolled(admin)
    response = password_login(client, admin)
    assert client.get(response.url).url.startswith(VERIFY)
    page = client.get(VERIFY)
    assert "Kode verifikasi" in page.content.decode()
    refused = client.post(VERIFY, {"code": "000000"})
    assert refused.status_code == 400
    assert client.get("/").url.startswith(VERIFY)
    # A wrong code makes the next try wait (throttling), so move on in time.
    with time_machine.travel(later(60), tick=True):
        code, _wait = next_code(device)
        assert client.post(VERIFY, {"code": code, "next": "/unit/"}).url == "/unit/"
        assert client.get("/unit/").status_code == 200
        # The same code cannot be used again (another login with it is refused).
        client.post("/akun/keluar/")
        password_login(client, admin)
        assert client.post(VERIFY, {"code": code}).status_code == 400


def test_a_recovery_code_works_once(client, admin):
    enrolled(admin)
    password_login(client, admin)
    response = client.post(VERIFY, {"code": "ABCDE-FGHJK"})
    assert response.status_code == 302
    assert client.get("/unit/").status_code == 200
    assert AuditEvent.objects.filter(action="two_factor.recovery_code_used").exists()
    client.post("/akun/keluar/")
    password_login(client, admin)
    again = client.post(VERIFY, {"code": "abcde-fghjk"})
    assert again.status_code == 400
    assert "sudah pernah dipakai" in again.content.decode()


def test_a_member_who_chose_2fa_is_asked_too(client, member):
    enrolled(member)
    password_login(client, member)
    assert client.get("/").url.startswith(VERIFY)


# --- The person's own page ---------------------------------------------------------------


def test_regenerating_recovery_codes_needs_a_code(client, admin):
    device = enrolled(admin)
    client.force_login(admin)
    assert client.post(REGENERATE, {"code": "123"}).url == STATUS
    assert StaticToken.objects.filter(device__user=admin).count() == 1
    code, _wait = next_code(device)
    response = client.post(REGENERATE, {"code": code})
    assert response.url.startswith(CODES)
    assert StaticToken.objects.filter(device__user=admin).count() == 10
    assert not StaticToken.objects.filter(token="abcdefghjk").exists()
    assert AuditEvent.objects.filter(action="two_factor.recovery_codes").exists()


def test_disabling_is_refused_while_required_and_allowed_otherwise(client, admin, member):
    enrolled(admin)
    client.force_login(admin)
    page = client.get(STATUS).content.decode()
    assert "tidak dapat dinonaktifkan" in page and DISABLE not in page
    client.post(DISABLE, {"code": "abcdefghjk"})
    assert TOTPDevice.objects.filter(user=admin).exists()

    device = enrolled(member)
    client.force_login(member)
    code, _wait = next_code(device)
    assert client.post(DISABLE, {"code": code}).url == STATUS
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticDevice.objects.filter(user=member).exists()
    assert AuditEvent.objects.filter(action="two_factor.disable", object_id=str(member.pk)).exists()


# --- The agency's rule -------------------------------------------------------------------


def test_an_agency_can_require_2fa_of_everyone(client, admin, member, tenant):
    client.force_login(admin)
    assert client.post(POLICY, {"two_factor_required": "on"}).url == POLICY
    tenant.refresh_from_db()
    assert tenant.two_factor_required
    event = AuditEvent.objects.get(action="tenant.two_factor")
    assert event.before == {"two_factor_required": False}
    assert event.after == {"two_factor_required": True} and event.actor == admin

    other = client.__class__()
    password_login(other, member)
    assert other.get("/").url.startswith(ENROL)

    client.post(POLICY, {})
    assert other.get("/").status_code == 200


@pytest.mark.parametrize("who", ["member", "verifier", None])
def test_only_the_agencys_admin_edits_its_rule(client, request, tenant, who):
    if who is None:
        assert client.get(POLICY).url.startswith(LOGIN)
        assert client.post(POLICY, {"two_factor_required": "on"}).status_code == 302
    else:
        client.force_login(request.getfixturevalue(who))
        assert client.get(POLICY).status_code == 403
        assert client.post(POLICY, {"two_factor_required": "on"}).status_code == 403
    tenant.refresh_from_db()
    assert not tenant.two_factor_required


def test_another_agencys_admin_changes_only_their_own_agency(
    client, tenant, other_tenant, other_admin
):
    client.force_login(other_admin)
    assert client.post(POLICY, {"two_factor_required": "on"}).status_code == 302
    tenant.refresh_from_db()
    other_tenant.refresh_from_db()
    assert other_tenant.two_factor_required and not tenant.two_factor_required


def test_a_subtree_admin_cannot_edit_the_rule(client, tree, tenant):
    sub_admin = UserFactory()
    grant(sub_admin, tree["kanwil"], Role.ADMIN_INSTANSI)
    client.force_login(sub_admin)
    assert client.get(POLICY).status_code == 403
    assert client.post(POLICY, {"two_factor_required": "on"}).status_code == 403


# --- An admin's reset --------------------------------------------------------------------


def test_agency_admin_resets_a_persons_2fa_with_a_reason(client, admin, verifier):
    enrolled(verifier)
    client.force_login(admin)
    page = client.get(f"/pengguna/{verifier.pk}/").content.decode()
    assert 'data-testid="person-two-factor"' in page and reset_url(verifier) in page
    refused = client.post(reset_url(verifier), {"reason": "  "})
    assert refused.status_code == 400 and "Alasan reset wajib diisi" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=verifier).exists()
    too_long = client.post(reset_url(verifier), {"reason": "x" * 501})
    assert too_long.status_code == 400
    response = client.post(reset_url(verifier), {"reason": "Ponsel hilang, dicek atasan."})
    assert response.url == f"/pengguna/{verifier.pk}/"
    assert not TOTPDevice.objects.filter(user=verifier).exists()
    assert not StaticDevice.objects.filter(user=verifier).exists()
    event = AuditEvent.objects.get(action="two_factor.reset")
    assert event.reason == "Ponsel hilang, dicek atasan."
    assert event.actor == admin and event.object_id == str(verifier.pk)
    # The verifier enrols again at the next login.
    other = client.__class__()
    password_login(other, verifier)
    assert other.get("/").url.startswith(ENROL)


def test_reset_ends_the_verified_sessions_of_the_person(client, admin, verifier):
    client.force_login(verifier)
    assert client.get("/").status_code == 200
    from apps.accounts.twofactor.services import two_factor_reset

    two_factor_reset(actor=admin, user=verifier, reason="Ponsel hilang")
    assert client.get("/").url.startswith(ENROL)


def test_reset_is_refused_to_others(client, verifier, member, other_admin, other_tree, tree):
    enrolled(verifier)
    sub_admin = UserFactory()
    grant(sub_admin, tree["kanwil"], Role.ADMIN_INSTANSI)
    for actor, status in [(member, 403), (other_admin, 404), (sub_admin, 403)]:
        client.force_login(actor)
        response = client.post(reset_url(verifier), {"reason": "coba"})
        assert response.status_code == status, actor
    client.logout()
    assert client.post(reset_url(verifier), {"reason": "coba"}).url.startswith(LOGIN)
    assert TOTPDevice.objects.filter(user=verifier).exists()


def test_an_agency_admin_cannot_reset_an_operator(client, admin, tenant):
    from tests.factories import make_member

    operator = make_member(tenant, is_staff=True, is_superuser=True)
    enrolled(operator)
    client.force_login(admin)
    assert client.post(reset_url(operator), {"reason": "coba"}).status_code == 403
    assert TOTPDevice.objects.filter(user=operator).exists()


def test_an_operator_resets_anyone_from_django_admin(client, verifier, other_admin):
    operator = UserFactory(is_staff=True, is_superuser=True)
    enrolled(other_admin)
    client.force_login(operator)
    page = client.get(f"/admin/accounts/user/{other_admin.pk}/change/").content.decode()
    assert reset_url(other_admin) in page
    assert client.get(reset_url(other_admin)).status_code == 200
    response = client.post(reset_url(other_admin), {"reason": "Permintaan tertulis instansi"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=other_admin).exists()
    event = AuditEvent.objects.get(action="two_factor.reset")
    assert event.actor == operator and event.tenant.code == "BETA"


# --- The API token -----------------------------------------------------------------------


def test_the_token_endpoint_needs_the_code_of_an_enrolled_person(api, member):
    device = enrolled(member)
    body = {"email": member.email, "password": PASSWORD}
    missing = api.post(TOKEN, body, format="json")
    assert missing.status_code == 400
    assert "otp" in missing.json()["error"]["fields"]
    wrong = api.post(TOKEN, {**body, "otp": "000000"}, format="json")
    assert wrong.status_code == 400 and "otp" in wrong.json()["error"]["fields"]
    with time_machine.travel(later(60), tick=True):
        code, _wait = next_code(device)
        assert api.post(TOKEN, {**body, "otp": code}, format="json").status_code == 200
    # A wrong password says nothing about 2FA.
    bad = api.post(TOKEN, {**body, "password": "salah-sekali"}, format="json")
    assert bad.status_code == 400 and "otp" not in bad.json()["error"]["fields"]


def test_no_token_for_a_required_person_before_enrolment(api, admin, member):
    refused = api.post(TOKEN, {"email": admin.email, "password": PASSWORD}, format="json")
    assert refused.status_code == 400
    assert "wajib memakai verifikasi dua langkah" in refused.json()["error"]["fields"]["otp"][0]
    ok = api.post(TOKEN, {"email": member.email, "password": PASSWORD}, format="json")
    assert ok.status_code == 200


def test_force_login_marks_the_session_verified_for_required_people(client, admin):
    client.force_login(admin)
    assert DEVICE_ID_SESSION_KEY in client.session


@pytest.mark.django_db
def test_django_admin_offers_no_device_pages_that_would_bypass_the_audited_reset(client):
    from django.contrib import admin
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert not admin.site.is_registered(TOTPDevice)
    assert not admin.site.is_registered(StaticDevice)
    operator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/").status_code == 200
