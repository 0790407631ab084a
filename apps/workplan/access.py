"""Who does what with a unit's work plan and tasks (docs/permissions.md, Rencana Kerja).

The capabilities ``plan.edit``, ``plan.approve_area``, ``plan.approve_in_place``,
``plan.ratify`` and ``task.manage`` reach the unit itself, so one query for the person's
roles in the unit answers them all (``unit_grants``). Reading follows the cycle
(``get_cycle_for_user``).
"""

from apps.accounts.models import RoleAssignment
from apps.core.access import Capability, roles_of, unit_grants


class UnitRoles:
    """What the person may do with the unit's plan, from the capability table."""

    def __init__(self, grants):
        self.grants = grants

    @property
    def drafts(self) -> bool:
        return self.grants.can(Capability.PLAN_EDIT)

    @property
    def ratifies(self) -> bool:
        return self.grants.can(Capability.PLAN_RATIFY)

    @property
    def leads_team(self) -> bool:
        """The Ketua Tim: approves an area in place of a Ketua Pokja not yet appointed."""
        return self.grants.can(Capability.PLAN_APPROVE_IN_PLACE)

    def approves_in_place(self, area_has_head: bool) -> bool:
        """Approves an area in its Ketua Pokja's place: only an area without one."""
        return not area_has_head and self.leads_team

    def approves(self, area: str) -> bool:
        return self.grants.can(Capability.PLAN_APPROVE_AREA, area)

    def manages_tasks(self, area: str) -> bool:
        return self.grants.can(Capability.TASK_MANAGE, area)

    @property
    def is_member(self) -> bool:
        return self.grants.is_member


def area_heads(unit_id: int) -> dict[str, list]:
    """The Ketua Pokja of each area of the unit (one query); an area missing from the
    answer has none, so nobody but the Ketua Tim in their place can approve it."""
    heads: dict[str, list] = {}
    for assignment in (
        RoleAssignment.objects.filter(
            unit_id=unit_id,
            role__in=sorted(roles_of(Capability.PLAN_APPROVE_AREA)),
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__full_name")
    ):
        heads.setdefault(assignment.area, []).append(assignment.user)
    return heads


def unit_roles(user, unit_id: int) -> UnitRoles:
    return UnitRoles(unit_grants(user, unit_id))


def holder_ids(unit_id: int, capability: str):
    """Ids of the people whose roles in the unit itself grant ``capability`` (a UNIT-reach
    capability of the plan: ``plan.edit``, ``plan.ratify``): who is told that something
    waits for them or is decided for them (one query)."""
    return (
        RoleAssignment.objects.filter(unit_id=unit_id, role__in=sorted(roles_of(capability)))
        .values_list("user_id", flat=True)
        .distinct()
    )


def area_head_ids(unit_id: int, areas) -> dict[str, set[int]]:
    """The ids of the Ketua Pokja of each of ``areas`` in the unit (one query); an area
    missing from the answer has none (``area_heads`` with the people themselves)."""
    heads: dict[str, set[int]] = {}
    for area, user_id in RoleAssignment.objects.filter(
        unit_id=unit_id,
        role__in=sorted(roles_of(Capability.PLAN_APPROVE_AREA)),
        area__in=sorted(areas),
    ).values_list("area", "user_id"):
        heads.setdefault(area, set()).add(user_id)
    return heads
