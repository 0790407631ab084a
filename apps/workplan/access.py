"""Who does what with a unit's work plan and tasks (docs/permissions.md, Rencana Kerja).

Everything is decided from the person's roles *in the unit itself* (one query):
drafters (Ketua Tim, Sekretaris) write the draft and make tasks; a Ketua Pokja approves
their area and makes tasks for it; the Pimpinan Unit ratifies. Reading follows the cycle
(``get_cycle_for_user``).
"""

from dataclasses import dataclass, field

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import Role

DRAFTER_ROLES = frozenset({Role.KETUA_TIM, Role.SEKRETARIS})


@dataclass(frozen=True)
class UnitRoles:
    roles: frozenset = frozenset()
    pokja_areas: frozenset = frozenset()  # areas where the person is Ketua Pokja
    member_areas: frozenset = field(default=frozenset())  # Ketua or Anggota Pokja

    @property
    def drafts(self) -> bool:
        return bool(self.roles & DRAFTER_ROLES)

    @property
    def ratifies(self) -> bool:
        return Role.PIMPINAN_UNIT in self.roles

    @property
    def leads_team(self) -> bool:
        """The Ketua Tim: approves an area in place of a Ketua Pokja not yet appointed."""
        return Role.KETUA_TIM in self.roles

    def approves(self, area: str) -> bool:
        return area in self.pokja_areas

    def manages_tasks(self, area: str) -> bool:
        return self.drafts or area in self.pokja_areas

    @property
    def is_member(self) -> bool:
        return bool(self.roles)


def area_heads(unit_id: int) -> dict[str, list]:
    """The Ketua Pokja of each area of the unit (one query); an area missing from the
    answer has none, so nobody but the Ketua Tim in their place can approve it."""
    heads: dict[str, list] = {}
    for assignment in (
        RoleAssignment.objects.filter(unit_id=unit_id, role=Role.KETUA_POKJA, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name")
    ):
        heads.setdefault(assignment.area, []).append(assignment.user)
    return heads


def unit_roles(user, unit_id: int) -> UnitRoles:
    if not user.is_authenticated:
        return UnitRoles()
    rows = list(
        RoleAssignment.objects.filter(user=user, unit_id=unit_id).values_list("role", "area")
    )
    return UnitRoles(
        roles=frozenset(role for role, _area in rows),
        pokja_areas=frozenset(area for role, area in rows if role == Role.KETUA_POKJA),
        member_areas=frozenset(
            area for role, area in rows if role in (Role.KETUA_POKJA, Role.ANGGOTA_POKJA)
        ),
    )
