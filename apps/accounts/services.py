"""Writes about people and their roles. Audited in the same transaction."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core.capabilities import Capability
from apps.core.exceptions import AccessDenied
from apps.tenants.models import Membership
from apps.tenants.services import membership_ensure
from apps.units.models import Unit

from .access import can_admin_unit, is_agency_admin, is_platform_operator, is_tenant_admin
from .auditing import audit_record_for_person
from .models import ApiToken, RoleAssignment, User
from .policy import roles_of
from .roles import AREA_ROLES, Role

USER_FIELDS = ["email", "full_name", "nip", "phone", "is_active"]
ROLE_FIELDS = ["user", "unit", "role", "area"]

LAST_ADMIN_MESSAGE = gettext_lazy(
    "Instansi harus tetap memiliki sedikitnya satu Admin Instansi aktif di tingkat instansi; "
    "tetapkan dulu orang lain sebagai Admin Instansi, baru cabut atau tangguhkan yang ini."
)


def last_agency_admin_problem(
    *, tenant_id: int, losing_user_id: int | None = None, losing_assignment_id: int | None = None
) -> str | None:
    """Why the change would leave the agency without an active Admin Instansi at its root
    unit, or None. ``losing_user_id``: the person loses every role or their access here
    (suspension, deactivation, deletion); ``losing_assignment_id``: one assignment goes
    (revoke, move, delete).

    Locks the agency's root admin assignments first (call inside a transaction): two
    admins revoking or suspending each other at the same moment run one after the other,
    and the second one sees the first one's result (READ COMMITTED re-reads per statement).
    """
    with scopes_disabled():
        rows = list(
            RoleAssignment.objects.select_for_update(of=("self",))
            .filter(
                tenant_id=tenant_id,
                role__in=sorted(roles_of(Capability.AGENCY_ADMIN)),
                unit__depth=1,
            )
            .order_by("pk")
            .values_list("pk", "user_id")
        )
        if not any(pk == losing_assignment_id or uid == losing_user_id for pk, uid in rows):
            return None  # the change does not touch an agency admin
        remaining = {
            uid for pk, uid in rows if pk != losing_assignment_id and uid != losing_user_id
        }
        still_active = Membership.objects.filter(
            tenant_id=tenant_id, user_id__in=remaining, is_active=True, user__is_active=True
        ).exists()
    return None if still_active else str(LAST_ADMIN_MESSAGE)


def ensure_agency_keeps_an_admin(**kwargs) -> None:
    problem = last_agency_admin_problem(**kwargs)
    if problem:
        raise ValidationError(problem)


def ensure_user_leaves_no_agency_without_admin(user) -> None:
    """A person deactivated or deleted platform-wide: every agency they administer keeps
    another active Admin Instansi."""
    with scopes_disabled():
        tenant_ids = sorted(
            set(
                RoleAssignment.objects.filter(
                    user=user, role__in=sorted(roles_of(Capability.AGENCY_ADMIN)), unit__depth=1
                ).values_list("tenant_id", flat=True)
            )
        )
    for tenant_id in tenant_ids:
        ensure_agency_keeps_an_admin(tenant_id=tenant_id, losing_user_id=user.pk)


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool) -> User:
    """Platform operators switch a whole account on or off (Django admin)."""
    if not (actor is not None and actor.is_active and actor.is_superuser):
        raise AccessDenied(_("Hanya operator platform yang dapat menonaktifkan akun."))
    user = User.objects.select_for_update().get(pk=user.pk)
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
            action=AuditAction.USER_UPDATE,
            instance=user,
            before=before,
            after=after,
        )
    return user


@transaction.atomic
def membership_set_active(*, actor, tenant, user: User, active: bool) -> Membership:
    """Suspend or restore a person's access to this agency (their account stays)."""
    if not is_platform_operator(actor):
        _require_agency_admin(actor)
    if user.pk == actor.pk and not active:
        raise ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    if not active:
        ensure_agency_keeps_an_admin(tenant_id=tenant.pk, losing_user_id=user.pk)
    membership = Membership.objects.select_for_update().get(tenant=tenant, user=user)
    if membership.is_active != active:
        membership.is_active = active
        membership.save(update_fields=["is_active"])
        after = {"active": active}
        if not active:
            # A suspension ends the person's API tokens (they are not tied to one agency).
            after["api_tokens_revoked"] = ApiToken.objects.filter(user=user).delete()[0]
        audit_record(
            actor=actor,
            tenant=tenant,
            action=AuditAction.MEMBERSHIP_ACTIVATE if active else AuditAction.MEMBERSHIP_SUSPEND,
            instance=user,
            before={"active": not active},
            after=after,
        )
    return membership


def _require_operator(actor) -> None:
    if not is_platform_operator(actor):
        raise AccessDenied(_("Hanya operator platform yang dapat melakukan ini."))


@transaction.atomic
def membership_add(*, actor, tenant, user: User, active: bool = True) -> Membership:
    """Platform operators (Django admin): make a person a member of an agency."""
    _require_operator(actor)
    membership = Membership(tenant=tenant, user=user, is_active=active)
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor,
        tenant=tenant,
        action=AuditAction.MEMBERSHIP_ADD,
        instance=user,
        after={"email": user.email, "active": active},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    """Platform operators (Django admin): remove a person from an agency; the agency keeps
    its last active Admin Instansi."""
    _require_operator(actor)
    membership = (
        Membership.objects.select_for_update()
        .select_related("tenant", "user")
        .get(pk=membership.pk)
    )
    ensure_agency_keeps_an_admin(tenant_id=membership.tenant_id, losing_user_id=membership.user_id)
    audit_record(
        actor=actor,
        tenant=membership.tenant,
        action=AuditAction.MEMBERSHIP_REMOVE,
        instance=membership.user,
        before={"email": membership.user.email, "active": membership.is_active},
    )
    membership.delete()


@transaction.atomic
def login_unlock(*, actor, tenant, user: User) -> int:
    """Admin Instansi: clear a member's failed logins so they can log in again at once.
    Returns the number of attempt records removed."""
    from .lockout import account_failures, clear_account

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


# --- API tokens (the person's own) ----------------------------------------------------


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new named token for ``user``; returns it with its key (shown once, never
    stored). Expired tokens of the person are removed first."""
    if not user.is_active:
        raise AccessDenied(_("Akun ini tidak aktif."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Beri nama token, mis. \u201cskrip laporan\u201d.")})
    limit = settings.API_TOKEN_MAX_PER_USER
    tokens = ApiToken.objects.select_for_update().filter(user=user)
    tokens.filter(expires_at__lte=timezone.now()).delete()
    if tokens.count() >= limit:
        raise ValidationError(
            _(
                "Anda sudah memiliki %(limit)d token aktif. Cabut token yang tidak dipakai "
                "lagi di halaman Token API, lalu buat yang baru."
            )
            % {"limit": limit}
        )
    token, key = ApiToken.issue(user=user, name=name)
    token.full_clean()
    token.save()
    audit_record_for_person(
        actor=user,
        user=user,
        action=AuditAction.API_TOKEN_CREATE,
        after={"name": token.name, "prefix": token.prefix, "expires_at": str(token.expires_at)},
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> None:
    """A person revokes one of their own tokens (a platform operator, anyone's)."""
    if token.user_id != getattr(actor, "pk", None) and not is_platform_operator(actor):
        raise AccessDenied(_("Token ini bukan milik Anda."))
    audit_record_for_person(
        actor=actor,
        user=token.user,
        action=AuditAction.API_TOKEN_REVOKE,
        after={"name": token.name, "prefix": token.prefix},
    )
    token.delete()


def _require_role_admin(actor, unit: Unit) -> None:
    """An admin of the unit, or a platform operator (Django admin)."""
    if not (can_admin_unit(actor, unit) or is_platform_operator(actor)):
        raise AccessDenied(
            _("Anda tidak berwenang memberi peran di unit %(unit)s.") % {"unit": unit.name}
        )


def _role_area(role: str, area: str) -> str:
    """The area the role keeps: required for Pokja and TPU roles, none for the others."""
    if role not in Role.values:
        raise ValidationError({"role": _("Peran tidak dikenal.")})
    if role in AREA_ROLES and not area:
        raise ValidationError(
            {"area": _("Peran %(role)s wajib memilih area.") % {"role": Role(role).label}}
        )
    return area if role in AREA_ROLES else ""


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
    _require_role_admin(actor, unit)
    if not Membership.objects.filter(tenant_id=unit.tenant_id, user=user, is_active=True).exists():
        raise ValidationError({"user": _("Pengguna bukan anggota aktif instansi ini.")})
    area = _role_area(role, area)
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
        action=AuditAction.ROLE_ASSIGN,
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
    if not (can_admin_unit(actor, assignment.unit) or is_platform_operator(actor)):
        raise AccessDenied(_("Anda tidak berwenang mencabut peran di unit ini."))
    ensure_agency_keeps_an_admin(tenant_id=assignment.tenant_id, losing_assignment_id=assignment.pk)
    before = {
        **snapshot(assignment, ROLE_FIELDS),
        "user_email": assignment.user.email,
        "unit_code": assignment.unit.code,
    }
    audit_record(
        actor=actor,
        tenant=assignment.unit.tenant,
        action=AuditAction.ROLE_REVOKE,
        instance=assignment,
        before=before,
        reason=reason,
    )
    assignment.delete()


def _role_snapshot(assignment: RoleAssignment) -> dict:
    return {
        **snapshot(assignment, ROLE_FIELDS),
        "user_email": assignment.user.email,
        "unit_code": assignment.unit.code,
    }


@transaction.atomic
def role_update(
    *, actor, assignment: RoleAssignment, user: User, unit: Unit, role: str, area: str = ""
) -> RoleAssignment:
    """Change who holds an assignment, where, or which role (platform operators in
    Django admin); the agency keeps its last Admin Instansi as with a revoke."""
    assignment = (
        RoleAssignment.objects.select_for_update(of=("self",))
        .select_related("unit", "user")
        .get(pk=assignment.pk)
    )
    _require_role_admin(actor, assignment.unit)
    _require_role_admin(actor, unit)
    area = _role_area(role, area)
    before = _role_snapshot(assignment)
    if (assignment.user_id, assignment.unit_id, assignment.role, assignment.area) == (
        user.pk,
        unit.pk,
        role,
        area,
    ):
        return assignment
    if unit.tenant_id != assignment.tenant_id:
        raise ValidationError(
            {
                "unit": _(
                    "Peran tidak dapat dipindahkan ke instansi lain; cabut di sini, lalu "
                    "berikan di unit instansi itu."
                )
            }
        )
    ensure_agency_keeps_an_admin(tenant_id=assignment.tenant_id, losing_assignment_id=assignment.pk)
    assignment.user, assignment.unit, assignment.role, assignment.area = user, unit, role, area
    assignment.full_clean()
    assignment.save(update_fields=["user", "unit", "role", "area"])
    audit_record(
        actor=actor,
        tenant=unit.tenant,
        action=AuditAction.ROLE_UPDATE,
        instance=assignment,
        before=before,
        after=_role_snapshot(assignment),
    )
    return assignment
