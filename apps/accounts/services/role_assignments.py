"""Roles given, changed and taken back in a unit."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core.exceptions import AccessDenied
from apps.tenants.models import Membership
from apps.units.models import Unit

from ..access import can_admin_unit, is_platform_operator
from ..models import RoleAssignment, User
from ..roles import AREA_ROLES, Role
from .last_admin import ensure_agency_keeps_an_admin

ROLE_FIELDS = ["user", "unit", "role", "area"]


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
