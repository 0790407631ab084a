"""Members of the Tim Kerja."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.invitations import invitation_create
from apps.accounts.models import Invitation, User
from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.cycles.models import Cycle
from apps.declaration.models import Employee, Placement

from ..models import AREA_FUNCTIONS, FUNCTION_ROLES, Function, TeamMember
from .common import _grant, _release, _require_manager, _require_tenant_member

MEMBER_FIELDS = ["cycle", "user", "function", "area", "position"]


def _account_for(
    *, actor, cycle: Cycle, employee: Employee, email: str, role: str, area: str
) -> tuple[User | None, Invitation | None]:
    """The portal account of an employee of the unit's roster, if they are an active
    member of the agency already (linked, or found by NIP or e-mail among the agency's
    members); otherwise an invitation (``accounts.invitations.invitation_create``) carrying
    the function's role, and no account. Never looks the person up outside the agency:
    whether the address has an account elsewhere stays unknown here too (issue 10)."""
    if not Placement.objects.filter(
        employee=employee, unit_id=cycle.unit_id, ended_on__isnull=True
    ).exists():
        raise ValidationError(
            {
                "person": _("%(name)s tidak tercatat di daftar pegawai unit ini.")
                % {"name": employee.name}
            }
        )
    if employee.user_id is not None:
        return employee.user, None
    address = (email or employee.email or "").strip()
    members = User.objects.filter(
        memberships__tenant_id=cycle.tenant_id, memberships__is_active=True
    )
    user = members.filter(nip=employee.nip).first() if employee.nip else None
    if user is None and address:
        user = members.filter(email__iexact=address).first()
    if user is not None:
        if not Employee.objects.filter(tenant_id=cycle.tenant_id, user=user).exists():
            employee.user = user
            employee.save(update_fields=["user", "updated_at"])
        return user, None
    if not address:
        raise ValidationError(
            {
                "email": _(
                    "%(name)s belum menjadi pengguna instansi ini dan e-mailnya tidak ada di "
                    "daftar pegawai; isi e-mail untuk mengirim undangan."
                )
                % {"name": employee.name}
            }
        )
    invitation = invitation_create(
        actor=actor,
        tenant=cycle.tenant,
        email=address,
        full_name=employee.name,
        nip=employee.nip or "",
        unit=cycle.unit,
        role=role,
        area=area,
    )
    return None, invitation


@transaction.atomic
def member_add(
    *,
    actor,
    cycle: Cycle,
    user=None,
    function: str,
    area: str = "",
    position: str = "",
    employee: Employee | None = None,
    email: str = "",
) -> TeamMember | Invitation:
    """Add a person to the cycle's Tim Kerja; grants the function's role in the unit.

    The person is an agency user (``user``) or an employee of the unit's roster
    (``employee``). A roster employee who is not a member of the agency yet is invited
    instead (``email`` when the roster has none): the invitation carries the function's
    role, nothing changes before they accept, and the Invitation is returned; once they
    have accepted, the admin adds them to the team."""
    _require_manager(actor, cycle)
    if function not in Function.values:
        raise ValidationError({"function": _("Fungsi tidak dikenal.")})
    position = (position or "").strip()
    if len(position) > 150:
        raise ValidationError(
            {
                "position": _("Jabatan maksimal 150 karakter (sekarang %(m)s).")
                % {"m": len(position)}
            }
        )
    area = (area or "") if function in AREA_FUNCTIONS else ""
    if function in AREA_FUNCTIONS and not area:
        raise ValidationError(
            {"area": _("Pilih area untuk %(f)s.") % {"f": Function(function).label}}
        )
    if employee is not None:
        # The invitation e-mail leaves only when the whole addition commits.
        found, invitation = _account_for(
            actor=actor,
            cycle=cycle,
            employee=employee,
            email=email,
            role=FUNCTION_ROLES[Function(function)],
            area=area,
        )
        if invitation is not None:
            return invitation
        user = found
    _require_tenant_member(cycle, user)
    member = TeamMember(
        tenant_id=cycle.tenant_id,
        cycle=cycle,
        unit=cycle.unit,
        user=user,
        function=function,
        area=area,
        position=position,
    )
    member.full_clean(exclude=["role_assignment"])
    assignment, granted = _grant(
        actor=actor, cycle=cycle, user=user, role=FUNCTION_ROLES[Function(function)], area=area
    )
    member.role_assignment = assignment
    member.granted = granted
    member.save()
    audit_record(
        actor=actor,
        tenant=cycle.tenant,
        action=AuditAction.TEAM_MEMBER_ADD,
        instance=member,
        after={**snapshot(member, MEMBER_FIELDS), "role_granted": granted},
    )
    return member


@transaction.atomic
def member_remove(*, actor, member: TeamMember) -> None:
    """Remove a member; the role their membership granted is revoked (if nothing else
    relies on it)."""
    member = (
        TeamMember.objects.select_for_update(of=("self",))
        .select_related("cycle__unit")
        .get(pk=member.pk)
    )
    _require_manager(actor, member.cycle)
    assignment_id, granted = member.role_assignment_id, member.granted
    audit_record(
        actor=actor,
        tenant=member.cycle.tenant,
        action=AuditAction.TEAM_MEMBER_REMOVE,
        instance=member,
        before=snapshot(member, MEMBER_FIELDS),
    )
    member.delete()
    _release(
        actor=actor,
        assignment_id=assignment_id,
        granted=granted,
        reason=_("Dikeluarkan dari Tim Kerja %(cycle)s.") % {"cycle": member.cycle.name},
    )
