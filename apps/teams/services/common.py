"""What the team's writes share: who may change the team, and the roles its members and agents
hold in the unit."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.accounts.models import RoleAssignment
from apps.accounts.services import role_assign, role_revoke
from apps.core.access import Capability, can
from apps.core.exceptions import AccessDenied
from apps.cycles.models import Cycle
from apps.tenants.models import Membership

from ..models import ChangeAgent, TeamMember

# Stages after which the team is history: its composition no longer changes.
CLOSED_STAGES = frozenset({"ditetapkan", "tidak_ditetapkan", "dicabut"})


def can_manage_team(user, cycle: Cycle) -> bool:
    return can(user, Capability.TEAM_MANAGE, cycle.unit)


def _require_manager(actor, cycle: Cycle) -> None:
    if not can_manage_team(actor, cycle):
        raise AccessDenied(
            _(
                "Hanya Admin Instansi unit %(unit)s yang dapat mengatur Tim Kerja dan Agen Perubahan."
            )
            % {"unit": cycle.unit.name}
        )
    if cycle.stage in CLOSED_STAGES:
        raise ValidationError(
            _("Siklus sudah pada tahap %(stage)s; susunan tim tidak dapat diubah lagi.")
            % {"stage": cycle.get_stage_display()}
        )


def _require_tenant_member(cycle: Cycle, user) -> None:
    if (
        user is None
        or not Membership.objects.filter(
            tenant_id=cycle.tenant_id, user=user, is_active=True
        ).exists()
    ):
        raise ValidationError({"user": _("Pilih pegawai yang terdaftar aktif di instansi ini.")})


def _grant(*, actor, cycle: Cycle, user, role: str, area: str) -> tuple[RoleAssignment, bool]:
    """The unit's role assignment for (user, role, area): existing, or granted now."""
    existing = RoleAssignment.objects.filter(
        user=user, unit=cycle.unit, role=role, area=area
    ).first()
    if existing is not None:
        return existing, False
    return role_assign(actor=actor, user=user, unit=cycle.unit, role=role, area=area), True


def _release(*, actor, assignment_id: int | None, granted: bool, reason: str) -> None:
    """Revoke a role this feature granted once no member or agent relies on it anymore;
    a role held before the membership stays."""
    if assignment_id is None:
        return
    relied = (
        TeamMember.objects.filter(role_assignment_id=assignment_id).exists()
        or ChangeAgent.objects.filter(role_assignment_id=assignment_id).exists()
    )
    if relied:
        return
    assignment = (
        RoleAssignment.objects.select_related("unit", "user").filter(pk=assignment_id).first()
    )
    if granted and assignment is not None:
        role_revoke(actor=actor, assignment=assignment, reason=reason)
