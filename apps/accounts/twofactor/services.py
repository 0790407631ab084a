"""Writes about a person's second factor and an agency's 2FA rule. Audited.

A code is checked *before* the atomic write that depends on it: django-otp counts a wrong
code (throttling) in the database, and that count must survive the refusal.

Every event about a person's second factor is recorded in each agency the person is an
active member of, so that every agency relying on the account can see it.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from apps.accounts.access import is_agency_admin
from apps.accounts.models import User
from apps.audit.actions import AuditAction
from apps.audit.services import audit_record
from apps.core.exceptions import AccessDenied
from apps.tenants.models import Membership, Tenant

from ..auditing import audit_record_for_person
from .policy import totp_device_of, two_factor_state

RECOVERY_CODE_COUNT = 10
# Letters and digits that cannot be mistaken for each other when typed from paper.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 10
REASON_MAX_LENGTH = 500


class CodeRefused(ValidationError):
    """A wrong, reused or throttled code (the message says which)."""


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def format_recovery_code(code: str) -> str:
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def _new_recovery_codes() -> list[str]:
    return [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]


def _audit(*, actor, user: User, action: AuditAction, reason: str = "", after: dict | None = None):
    audit_record_for_person(actor=actor, user=user, action=action, after=after, reason=reason)


def _throttle_message(device) -> str | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (data or {}).get("locked_until")
    seconds = (
        max(1, int((locked_until - timezone.now()).total_seconds()) + 1) if locked_until else 1
    )
    return _("Terlalu banyak kode yang salah. Tunggu %(seconds)s detik, lalu coba lagi.") % {
        "seconds": seconds
    }


def code_check(*, user: User, code: str, allow_recovery: bool = True):
    """The device that accepts ``code`` (a 6-digit code of the authenticator app, or, when
    ``allow_recovery``, one of the recovery codes, which is then used up). Raises
    CodeRefused with the reason otherwise."""
    token = normalise_code(code)
    if not token:
        raise CodeRefused(_("Kode verifikasi wajib diisi."))
    if token.isdigit() and len(token) == 6:
        device = totp_device_of(user)
    elif allow_recovery:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    else:
        raise CodeRefused(_("Masukkan 6 angka dari aplikasi autentikator."))
    if device is None:
        raise CodeRefused(_("Kode verifikasi salah. Periksa lagi lalu ketik ulang."))
    throttled = _throttle_message(device)
    if throttled:
        raise CodeRefused(throttled)
    verified = verify_token(user, device.persistent_id, token)
    if verified is None:
        raise CodeRefused(
            _(
                "Kode verifikasi salah atau sudah dipakai. Periksa jam di ponsel Anda, "
                "lalu ketik kode yang sedang tampil."
            )
            if not isinstance(device, StaticDevice)
            else _("Kode pemulihan salah atau sudah pernah dipakai.")
        )
    if isinstance(verified, StaticDevice):
        _audit(actor=user, user=user, action=AuditAction.TWO_FACTOR_RECOVERY_CODE_USED)
    return verified


def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """The unconfirmed device whose secret the enrolment page shows (kept across reloads,
    so the QR code the person already scanned stays valid)."""
    device = totp_device_of(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


@transaction.atomic
def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="kode-pemulihan", confirmed=True)
    codes = _new_recovery_codes()
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def totp_enrolment_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the device with a code it shows; returns the new recovery codes (their
    only appearance in plain text outside the database)."""
    if device.user_id != user.pk or device.confirmed:
        raise CodeRefused(_("Pendaftaran ini tidak berlaku lagi. Muat ulang halaman."))
    token = normalise_code(code)
    if not (token.isdigit() and len(token) == 6):
        raise CodeRefused(_("Masukkan 6 angka yang tampil di aplikasi autentikator."))
    throttled = _throttle_message(device)
    if throttled:
        raise CodeRefused(throttled)
    if not device.verify_token(token):
        raise CodeRefused(
            _(
                "Kode salah. Pastikan jam ponsel Anda tepat, lalu ketik kode yang sedang "
                "tampil di aplikasi."
            )
        )
    return _enrolment_finish(user=user, device=device)


@transaction.atomic
def _enrolment_finish(*, user: User, device: TOTPDevice) -> list[str]:
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(user)
    _audit(actor=user, user=user, action=AuditAction.TWO_FACTOR_ENABLE)
    return codes


def recovery_codes_regenerate(*, user: User, code: str) -> list[str]:
    """New recovery codes (the old ones stop working), confirmed with a current code."""
    if totp_device_of(user) is None:
        raise CodeRefused(_("Verifikasi dua langkah belum aktif untuk akun ini."))
    code_check(user=user, code=code)
    return _recovery_codes_regenerate(user=user)


@transaction.atomic
def _recovery_codes_regenerate(*, user: User) -> list[str]:
    codes = _recovery_codes_replace(user)
    _audit(actor=user, user=user, action=AuditAction.TWO_FACTOR_RECOVERY_CODES)
    return codes


def two_factor_disable(*, user: User, code: str) -> None:
    """The person turns 2FA off (only while nobody requires it of them)."""
    if two_factor_state(user).required:
        raise AccessDenied(
            _(
                "Verifikasi dua langkah wajib untuk akun Anda (karena peran Anda atau aturan "
                "instansi), jadi tidak dapat dinonaktifkan."
            )
        )
    code_check(user=user, code=code)
    _devices_remove(actor=user, user=user, action=AuditAction.TWO_FACTOR_DISABLE)


@transaction.atomic
def _devices_remove(*, actor, user: User, action: AuditAction, reason: str = "") -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _audit(actor=actor, user=user, action=action, reason=reason)


def two_factor_reset_allowed(*, actor, user: User) -> None:
    """Raises AccessDenied unless ``actor`` may reset ``user``'s second factor."""
    if actor.is_active and actor.is_superuser:
        return
    if not is_agency_admin(actor):
        raise AccessDenied(
            _(
                "Hanya Admin Instansi di tingkat instansi atau operator platform yang dapat "
                "mereset verifikasi dua langkah."
            )
        )
    if user.is_staff or user.is_superuser:
        raise AccessDenied(
            _("Verifikasi dua langkah operator platform hanya dapat direset operator platform.")
        )
    if not Membership.objects.filter(user=user).exists():  # scoped: the active agency
        raise AccessDenied(_("Pengguna ini bukan anggota instansi Anda."))


def two_factor_reset(*, actor, user: User, reason: str) -> None:
    """An admin removes a person's second factor (a lost phone): the person enrols again
    at the next request if 2FA is required of them. Platform operators may reset anyone;
    an Admin Instansi of the whole active agency may reset its members, but not an
    operator's."""
    two_factor_reset_allowed(actor=actor, user=user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan reset wajib diisi.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("Alasan paling banyak %(max)s karakter (sekarang %(n)s).")
                % {"max": REASON_MAX_LENGTH, "n": len(reason)}
            }
        )
    _devices_remove(actor=actor, user=user, action=AuditAction.TWO_FACTOR_RESET, reason=reason)


def tenant_two_factor_allowed(*, actor) -> None:
    if not is_agency_admin(actor):
        raise AccessDenied(
            _("Hanya Admin Instansi di tingkat instansi yang dapat mengubah aturan ini.")
        )


@transaction.atomic
def tenant_two_factor_set(*, actor, tenant: Tenant, required: bool) -> Tenant:
    """An agency's own rule: 2FA for every member, or only for the roles that need it."""
    tenant_two_factor_allowed(actor=actor)
    tenant = Tenant.objects.select_for_update(of=("self",)).get(pk=tenant.pk)
    before = {"two_factor_required": tenant.two_factor_required}
    tenant.two_factor_required = required
    tenant.full_clean()
    tenant.save(update_fields=["two_factor_required"])
    with scopes_disabled():
        audit_record(
            actor=actor,
            tenant=tenant,
            action=AuditAction.TENANT_TWO_FACTOR,
            instance=tenant,
            before=before,
            after={"two_factor_required": required},
        )
    return tenant
