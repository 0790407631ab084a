"""Invitations to join an agency: writes (``invitation_*``) and reads (``*_for``/``*_of``).

Issue 10: adding an e-mail that already had an account used to hand the admin that
person's name, NIP and phone, answer 200 instead of 201, and make the person a member
without asking. Now every "add a person" is an invitation:

- the admin's answer is the same for a new and an existing e-mail (same status, same
  body: only what the admin typed), and the agency's audit trail records the same events;
- an e-mail without an account gets an account (unusable password, the admin's data)
  and the set-password e-mail; an existing account gets "Instansi X mengundang Anda";
- nobody becomes a member before accepting: membership and the optional role start
  when the person, logged in, accepts (a new person sets the password first). Decided
  deliberately that a new person also accepts with one click after setting the
  password: one rule for everybody, and the admin's people list cannot tell new from
  existing e-mails either;
- an invitation expires after ``settings.PASSWORD_RESET_TIMEOUT`` (the lifetime of the
  set-password link it carries); inviting the same e-mail again while one is pending
  sends it again with a fresh lifetime.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record
from apps.core.exceptions import AccessDenied
from apps.tenants.models import Membership
from apps.tenants.services import membership_ensure

from .access import can_admin_unit, is_tenant_admin
from .models import Invitation, RoleAssignment, User
from .roles import AREA_ROLES, Role

# What the agency's audit trail keeps of an invitation: only what the admin typed.
INVITATION_FIELDS = ["email", "full_name", "role", "area"]


def _typed(invitation: Invitation) -> dict:
    return {
        "email": invitation.email,
        "full_name": invitation.full_name,
        "role": invitation.role,
        "area": invitation.area,
        "unit_code": invitation.unit.code if invitation.unit_id else "",
    }


def _lifetime() -> timedelta:
    return timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)


def _clean_role(*, actor, tenant, unit, role: str, area: str) -> tuple:
    if not role and unit is None:
        return None, "", ""
    errors = {}
    if role and role not in Role.values:
        errors["role"] = _("Peran tidak dikenal.")
    if role and unit is None:
        errors["unit"] = _("Pilih unit tempat peran itu diberikan.")
    if unit is not None and not role:
        errors["role"] = _("Pilih peran yang diberikan di unit itu, atau kosongkan unitnya.")
    if role in AREA_ROLES and not area:
        errors["area"] = _("Peran %(role)s wajib memilih area.") % {"role": Role(role).label}
    if errors:
        raise ValidationError(errors)
    if unit.tenant_id != tenant.pk:
        raise ValidationError({"unit": _("Unit ini bukan milik instansi Anda.")})
    if not can_admin_unit(actor, unit):
        raise AccessDenied(
            _("Anda tidak berwenang memberi peran di unit %(unit)s.") % {"unit": unit.name}
        )
    return unit, role, area if role in AREA_ROLES else ""


def _new_account(*, tenant, email: str, full_name: str, nip: str, phone: str) -> User:
    """An account for an e-mail nobody uses yet, with what the admin typed."""
    nip = (nip or "").strip() or None
    if nip is not None:
        holder = User.objects.filter(nip=nip).first()
        if holder is not None:
            with scopes_disabled():
                ours = Membership.objects.filter(tenant=tenant, user=holder).exists()
            if ours:
                raise ValidationError({"nip": _("NIP ini sudah dipakai pengguna instansi ini.")})
            # Held by someone outside the agency: saying so would tell the admin that
            # this NIP has an account elsewhere. The account starts without NIP.
            nip = None
    user = User(email=email, full_name=full_name.strip(), nip=nip, phone=(phone or "").strip())
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def _send(invitation: Invitation) -> None:
    """Tell the invited person, in this transaction: the e-mail through the outbox (a
    broker outage delays it, never loses it or fails the request). The admin sees none
    of it.

    A person who never set a password gets the set-password link. Anybody else is told
    by the apps named in ``INVITATION_OBSERVERS`` (the notices above accounts, which may
    not import them: the bell, and the e-mail as the person chose for invitations);
    when none is named, by accounts' own e-mail with the link to their invitations."""
    from .tasks import account_email_queue

    if not invitation.user.has_usable_password():
        account_email_queue(user=invitation.user, kind="invitation", tenant=invitation.tenant)
    elif settings.INVITATION_OBSERVERS:
        for path in settings.INVITATION_OBSERVERS:
            import_string(path)(invitation)
    else:
        account_email_queue(
            user=invitation.user, kind="agency_invitation", tenant=invitation.tenant
        )


@transaction.atomic
def invitation_create(
    *,
    actor,
    tenant,
    email: str,
    full_name: str,
    nip: str = "",
    phone: str = "",
    unit=None,
    role: str = "",
    area: str = "",
) -> Invitation:
    """Invite ``email`` to ``tenant`` (optionally with a role, given on acceptance).

    The result and the audit events are the same whether the e-mail had an account or
    not; only a person already in this agency is refused (the admin sees them anyway).
    """
    if not is_tenant_admin(actor):
        raise AccessDenied(_("Hanya Admin Instansi yang dapat mengundang pengguna."))
    email = User.objects.normalize_email((email or "").strip()).lower()
    full_name = (full_name or "").strip()
    if not full_name:
        raise ValidationError({"full_name": _("Nama lengkap wajib diisi.")})
    unit, role, area = _clean_role(actor=actor, tenant=tenant, unit=unit, role=role, area=area)
    user = User.objects.select_for_update(of=("self",)).filter(email__iexact=email).first()
    if user is not None:
        with scopes_disabled():
            membership = Membership.objects.filter(tenant=tenant, user=user).first()
        if membership is not None and membership.is_active:
            raise ValidationError(
                {"email": _("Pengguna dengan e-mail ini sudah terdaftar di instansi ini.")}
            )
        if membership is not None:
            raise ValidationError(
                {
                    "email": _(
                        "Akses pengguna ini sedang ditangguhkan; aktifkan kembali dari "
                        "halaman penggunanya."
                    )
                }
            )
    else:
        user = _new_account(tenant=tenant, email=email, full_name=full_name, nip=nip, phone=phone)

    with scopes_disabled():
        pending = (
            Invitation.objects.select_for_update(of=("self",))
            .filter(tenant=tenant, user=user, status=Invitation.Status.PENDING)
            .first()
        )
    now = timezone.now()
    if pending is not None:
        # Sent again (an expired link, a lost e-mail): a fresh lifetime, the latest role.
        pending.full_name, pending.unit, pending.role, pending.area = full_name, unit, role, area
        pending.invited_by, pending.expires_at = actor, now + _lifetime()
        pending.full_clean()
        pending.save()
        invitation, action = pending, AuditAction.INVITATION_RESEND
    else:
        invitation = Invitation(
            tenant=tenant,
            email=email,
            full_name=full_name,
            user=user,
            unit=unit,
            role=role,
            area=area,
            invited_by=actor,
            expires_at=now + _lifetime(),
        )
        invitation.full_clean()
        invitation.save()
        action = AuditAction.INVITATION_CREATE
    audit_record(
        actor=actor, tenant=tenant, action=action, instance=invitation, after=_typed(invitation)
    )
    _send(invitation)
    return invitation


def _lock_own(actor, invitation: Invitation) -> Invitation:
    with scopes_disabled():
        locked = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("tenant", "unit")
            .filter(pk=invitation.pk, user=actor)
            .first()
        )
    if locked is None:
        raise AccessDenied(_("Undangan ini bukan untuk Anda."))
    if locked.status != Invitation.Status.PENDING:
        raise ValidationError(
            _("Undangan ini sudah %(state)s.") % {"state": locked.get_status_display()}
        )
    if locked.is_expired:
        raise ValidationError(
            _(
                "Undangan ini sudah kedaluwarsa; minta Admin Instansi %(tenant)s mengirim "
                "undangan baru."
            )
            % {"tenant": locked.tenant.name}
        )
    return locked


@transaction.atomic
def invitation_accept(*, actor, invitation: Invitation) -> Membership:
    """The invited person joins: membership, then the role the invitation carries (if the
    inviting admin still administers that unit)."""
    invitation = _lock_own(actor, invitation)
    tenant = invitation.tenant
    with scope(tenant=tenant.pk):
        existing = Membership.objects.filter(tenant=tenant, user=actor).first()
        if existing is not None and not existing.is_active:
            raise ValidationError(
                _("Akses Anda ke %(tenant)s ditangguhkan; hubungi Admin Instansinya.")
                % {"tenant": tenant.name}
            )
        membership = membership_ensure(tenant=tenant, user=actor)
        invitation.status = Invitation.Status.ACCEPTED
        invitation.decided_at = timezone.now()
        invitation.save(update_fields=["status", "decided_at"])
        audit_record(
            actor=actor,
            tenant=tenant,
            action=AuditAction.INVITATION_ACCEPT,
            instance=invitation,
            after=_typed(invitation),
        )
        audit_record(
            actor=actor,
            tenant=tenant,
            action=AuditAction.USER_JOIN,
            instance=actor,
            after={"email": actor.email, "full_name": actor.full_name},
        )
        inviter = invitation.invited_by
        if (
            invitation.role
            and inviter is not None
            and inviter.is_active
            and can_admin_unit(inviter, invitation.unit)
            and not RoleAssignment.objects.filter(
                user=actor, unit=invitation.unit, role=invitation.role, area=invitation.area
            ).exists()
        ):
            assignment = RoleAssignment(
                tenant=tenant,
                user=actor,
                unit=invitation.unit,
                role=invitation.role,
                area=invitation.area,
                created_by=inviter,
            )
            assignment.full_clean()
            assignment.save()
            audit_record(
                actor=actor,
                tenant=tenant,
                action=AuditAction.ROLE_ASSIGN,
                instance=assignment,
                after={
                    "user": actor.pk,
                    "unit": invitation.unit_id,
                    "role": invitation.role,
                    "area": invitation.area,
                    "user_email": actor.email,
                    "unit_code": invitation.unit.code,
                    "invitation": invitation.pk,
                },
            )
    return membership


@transaction.atomic
def invitation_decline(*, actor, invitation: Invitation) -> Invitation:
    invitation = _lock_own(actor, invitation)
    invitation.status = Invitation.Status.DECLINED
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "decided_at"])
    with scope(tenant=invitation.tenant_id):
        audit_record(
            actor=actor,
            tenant=invitation.tenant,
            action=AuditAction.INVITATION_DECLINE,
            instance=invitation,
            after=_typed(invitation),
        )
    return invitation


@transaction.atomic
def invitation_cancel(*, actor, tenant, invitation: Invitation) -> Invitation:
    """The agency withdraws a pending invitation."""
    if not is_tenant_admin(actor):
        raise AccessDenied(_("Hanya Admin Instansi yang dapat membatalkan undangan."))
    invitation = Invitation.objects.select_for_update(of=("self",)).get(
        pk=invitation.pk, tenant=tenant
    )
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(
            _("Undangan ini sudah %(state)s.") % {"state": invitation.get_status_display()}
        )
    invitation.status = Invitation.Status.CANCELLED
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "decided_at"])
    audit_record(
        actor=actor,
        tenant=tenant,
        action=AuditAction.INVITATION_CANCEL,
        instance=invitation,
        after=_typed(invitation),
    )
    return invitation


# --- Reads ------------------------------------------------------------------------------


def invitations_of_tenant() -> QuerySet[Invitation]:
    """The active agency's invitations (scoped), newest first."""
    return Invitation.objects.select_related("unit", "invited_by").order_by("-created_at")


def open_invitations_for(user) -> QuerySet[Invitation]:
    """Pending, unexpired invitations addressed to ``user``, from any agency."""
    if not user.is_authenticated:
        return Invitation.objects.none()
    with scopes_disabled():
        return (
            Invitation.objects.filter(
                user=user, status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
            )
            .select_related("tenant", "unit")
            .order_by("created_at")
        )
