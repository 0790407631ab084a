"""Writes about a person's account and profile, and the first admin of an agency."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core.exceptions import AccessDenied
from apps.tenants.models import Membership
from apps.tenants.services import membership_ensure
from apps.units.models import Unit

from ..access import is_agency_admin, is_tenant_admin
from ..models import RoleAssignment, User
from ..roles import Role
from .last_admin import ensure_user_leaves_no_agency_without_admin
from .role_assignments import ROLE_FIELDS

USER_FIELDS = ["email", "full_name", "nip", "phone", "is_active"]


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool) -> User:
    """Platform operators switch a whole account on or off (Django admin)."""
    if not (actor is not None and actor.is_active and actor.is_superuser):
        raise AccessDenied(_("Hanya operator platform yang dapat menonaktifkan akun."))
    user = User.objects.select_for_update(of=("self",)).get(pk=user.pk)
    if user.is_active == active:
        return user
    if not active:
        ensure_user_leaves_no_agency_without_admin(user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    with scopes_disabled():
        tenant_ids = list(Membership.objects.filter(user=user).values_list("tenant_id", flat=True))
    from apps.tenants.models import Tenant

    for tenant in Tenant.objects.filter(pk__in=tenant_ids):
        audit_record(
            actor=actor,
            tenant=tenant,
            action=AuditAction.USER_ACTIVATE if active else AuditAction.USER_DEACTIVATE,
            instance=user,
            before={"is_active": not active},
            after={"is_active": active},
        )
    return user


def _require_tenant_admin(actor) -> None:
    if not is_tenant_admin(actor):
        raise AccessDenied(_("Hanya Admin Instansi yang dapat mengelola pengguna."))


def _require_agency_admin(actor) -> None:
    """Changing a person as a whole (profile, access to the agency) needs an Admin Instansi
    of the whole agency; an admin delegated to a subtree manages roles there only."""
    if not is_agency_admin(actor):
        raise AccessDenied(
            _("Hanya Admin Instansi tingkat instansi yang dapat mengubah data atau akses pengguna.")
        )


@transaction.atomic
def first_admin_invite(
    *, actor, tenant, email: str, full_name: str, nip: str = ""
) -> tuple[User, bool]:
    """Platform operators only: make ``email`` the Admin Instansi of ``tenant``'s root unit
    (its first admin). A new account gets the invitation e-mail, like any new person; an
    existing account joins as it is (its profile stays as its owner keeps it) and gets the
    invitation only while it has never set a password. Returns (user, invited)."""
    if not (actor is not None and actor.is_active and actor.is_superuser):
        raise AccessDenied(_("Hanya operator platform yang dapat menetapkan admin instansi."))
    root = Unit.objects.get(tenant=tenant, depth=1)
    email = User.objects.normalize_email(email.strip()).lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=email, full_name=full_name.strip(), nip=nip.strip() or None)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    membership_ensure(tenant=tenant, user=user)
    assignment = RoleAssignment(
        tenant=tenant, user=user, unit=root, role=Role.ADMIN_INSTANSI, created_by=actor
    )
    assignment.full_clean()
    assignment.save()
    audit_record(
        actor=actor,
        tenant=tenant,
        action=AuditAction.USER_CREATE if created else AuditAction.USER_JOIN,
        instance=user,
        after=snapshot(user, USER_FIELDS if created else ["email", "full_name"]),
    )
    audit_record(
        actor=actor,
        tenant=tenant,
        action=AuditAction.ROLE_ASSIGN,
        instance=assignment,
        after={
            **snapshot(assignment, ROLE_FIELDS),
            "user_email": user.email,
            "unit_code": root.code,
        },
    )
    invited = not user.has_usable_password()
    if invited:
        from ..tasks import account_email_queue

        account_email_queue(user=user, kind="invitation", tenant=tenant)
    return user, invited


@transaction.atomic
def user_update(*, actor, tenant, user: User, **changes) -> User:
    _require_agency_admin(actor)
    allowed = {"full_name", "nip", "phone"}
    if set(changes) - allowed:
        raise TypeError(f"not editable: {sorted(set(changes) - allowed)}")
    user = User.objects.select_for_update(of=("self",)).get(pk=user.pk)
    with scopes_disabled():
        shared = Membership.objects.filter(user=user).exclude(tenant=tenant).exists()
    if shared:
        raise ValidationError(
            _(
                "Orang ini juga terdaftar di instansi lain; data dirinya tidak dapat diubah "
                "dari satu instansi."
            )
        )
    before = snapshot(user, USER_FIELDS)
    for field, value in changes.items():
        value = (value or "").strip()
        setattr(user, field, value or None if field == "nip" else value)
    user.full_clean()
    after = snapshot(user, USER_FIELDS)
    changed = [f for f in USER_FIELDS if before[f] != after[f]]
    if changed:
        user.save(update_fields=changed)
        audit_record(
            actor=actor,
            tenant=tenant,
            action=AuditAction.USER_UPDATE,
            instance=user,
            before=before,
            after=after,
        )
    return user


@transaction.atomic
def login_unlock(*, actor, tenant, user: User) -> int:
    """Admin Instansi: clear a member's failed logins so they can log in again at once.
    Returns the number of attempt records removed."""
    from ..lockout import account_failures, clear_account

    _require_agency_admin(actor)
    if not Membership.objects.filter(tenant=tenant, user=user).exists():
        raise AccessDenied(_("Pengguna ini bukan anggota instansi Anda."))
    failures = account_failures(user.email)
    removed = clear_account(user.email)
    audit_record(
        actor=actor,
        tenant=tenant,
        action=AuditAction.USER_LOGIN_UNLOCK,
        instance=user,
        before={"failed_logins": failures},
        after={"failed_logins": 0},
    )
    return removed
