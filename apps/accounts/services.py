"""Writes about people and their roles. Audited in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from apps.audit.services import audit_record, snapshot
from apps.core.exceptions import AccessDenied
from apps.tenants.models import Membership
from apps.tenants.services import membership_ensure
from apps.units.models import Unit

from .access import can_admin_unit, is_agency_admin, is_tenant_admin
from .models import RoleAssignment, User
from .roles import AREA_ROLES, Role

USER_FIELDS = ["email", "full_name", "nip", "phone", "is_active"]
ROLE_FIELDS = ["user", "unit", "role", "area"]


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
def user_create(
    *, actor, tenant, email: str, full_name: str, nip: str = "", phone: str = ""
) -> tuple[User, bool]:
    """Add a person to the agency; a new account gets an invitation e-mail (Celery).

    Returns (user, created). A person who already has an account (in another agency)
    is added as a member; their profile stays as they keep it.
    """
    _require_tenant_admin(actor)
    email = User.objects.normalize_email(email.strip()).lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        membership = Membership.objects.filter(tenant=tenant, user=existing).first()
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
        membership_ensure(tenant=tenant, user=existing)
        audit_record(
            actor=actor,
            tenant=tenant,
            action="user.join",
            instance=existing,
            after=snapshot(existing, ["email", "full_name"]),
        )
        return existing, False

    user = User(
        email=email, full_name=full_name.strip(), nip=nip.strip() or None, phone=phone.strip()
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    membership_ensure(tenant=tenant, user=user)
    audit_record(
        actor=actor,
        tenant=tenant,
        action="user.create",
        instance=user,
        after=snapshot(user, USER_FIELDS),
    )
    from .tasks import account_email_queue

    account_email_queue(user=user, kind="invitation", tenant=tenant)
    return user, True


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
        action="user.create" if created else "user.join",
        instance=user,
        after=snapshot(user, USER_FIELDS if created else ["email", "full_name"]),
    )
    audit_record(
        actor=actor,
        tenant=tenant,
        action="role.assign",
        instance=assignment,
        after={
            **snapshot(assignment, ROLE_FIELDS),
            "user_email": user.email,
            "unit_code": root.code,
        },
    )
    invited = not user.has_usable_password()
    if invited:
        from .tasks import account_email_queue

        account_email_queue(user=user, kind="invitation", tenant=tenant)
    return user, invited


@transaction.atomic
def user_update(*, actor, tenant, user: User, **changes) -> User:
    _require_agency_admin(actor)
    allowed = {"full_name", "nip", "phone"}
    if set(changes) - allowed:
        raise TypeError(f"not editable: {sorted(set(changes) - allowed)}")
    user = User.objects.select_for_update().get(pk=user.pk)
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
            action="user.update",
            instance=user,
            before=before,
            after=after,
        )
    return user


@transaction.atomic
def membership_set_active(*, actor, tenant, user: User, active: bool) -> Membership:
    """Suspend or restore a person's access to this agency (their account stays)."""
    _require_agency_admin(actor)
    if user.pk == actor.pk and not active:
        raise ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    membership = Membership.objects.select_for_update().get(tenant=tenant, user=user)
    if membership.is_active != active:
        membership.is_active = active
        membership.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            tenant=tenant,
            action="membership.activate" if active else "membership.suspend",
            instance=user,
            before={"active": not active},
            after={"active": active},
        )
    return membership


@transaction.atomic
def role_assign(
    *, actor, user: User, unit: Unit, role: str, area: str = "", tenant=None
) -> RoleAssignment:
    """Give ``user`` a role in ``unit``. The role belongs to the unit's agency; a caller
    acting for an agency (a page, the API) passes it as ``tenant`` and a unit of any
    other agency is refused."""
    if tenant is not None and unit.tenant_id != tenant.pk:
        raise ValidationError(
            {
                "unit": _(
                    "Unit %(unit)s bukan milik instansi %(tenant)s; peran hanya dapat "
                    "diberikan di unit instansi itu sendiri."
                )
                % {"unit": unit.name, "tenant": tenant.name}
            }
        )
    if not can_admin_unit(actor, unit):
        raise AccessDenied(
            _("Anda tidak berwenang memberi peran di unit %(unit)s.") % {"unit": unit.name}
        )
    if not Membership.objects.filter(tenant_id=unit.tenant_id, user=user, is_active=True).exists():
        raise ValidationError({"user": _("Pengguna bukan anggota aktif instansi ini.")})
    if role not in Role.values:
        raise ValidationError({"role": _("Peran tidak dikenal.")})
    if role in AREA_ROLES and not area:
        raise ValidationError(
            {"area": _("Peran %(role)s wajib memilih area.") % {"role": Role(role).label}}
        )
    if role not in AREA_ROLES:
        area = ""
    assignment = RoleAssignment(
        tenant_id=unit.tenant_id, user=user, unit=unit, role=role, area=area, created_by=actor
    )
    try:
        assignment.full_clean()
    except ValidationError as exc:
        if (
            "__all__" in exc.message_dict
            and RoleAssignment.objects.filter(user=user, unit=unit, role=role, area=area).exists()
        ):
            raise ValidationError(
                _("Pengguna sudah memegang peran ini di unit tersebut.")
            ) from None
        raise
    assignment.save()
    audit_record(
        actor=actor,
        tenant=unit.tenant,
        action="role.assign",
        instance=assignment,
        after={
            **snapshot(assignment, ROLE_FIELDS),
            "user_email": user.email,
            "unit_code": unit.code,
        },
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment, reason: str = "") -> None:
    if not can_admin_unit(actor, assignment.unit):
        raise AccessDenied(_("Anda tidak berwenang mencabut peran di unit ini."))
    before = {
        **snapshot(assignment, ROLE_FIELDS),
        "user_email": assignment.user.email,
        "unit_code": assignment.unit.code,
    }
    audit_record(
        actor=actor,
        tenant=assignment.unit.tenant,
        action="role.revoke",
        instance=assignment,
        before=before,
        reason=reason,
    )
    assignment.delete()
