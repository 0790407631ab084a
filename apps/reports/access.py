"""Who does what with a unit's reports (docs/permissions.md, Laporan): asked of the
capability table through ``apps.core.access``.

- ``report.view``: the unit's team and head, and the verifiers and leadership above it
  (their subtree). Everyone else gets a 404 (``selectors.get_report_for_user``).
- ``report.edit``: the Ketua Tim, the Sekretaris and the Ketua Pokja of the kind's area
  (monev: Manajemen Perubahan) write drafts and recommendations.
- ``report.agent_edit``: the unit's Agen Perubahan write the quarterly FRM-05 report and
  record plan vs actual of their Rencana Aksi; a report of one agent (the agency's
  default) is that agent's alone (``is_own``), the others read it.
- ``report.approve``: the Pimpinan Unit returns or approves (and so signs) a report.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import AREA_ROLES
from apps.core.access import Capability, can, require, roles_of
from apps.core.exceptions import AccessDenied

from .kinds import spec_of


def is_own(user, report) -> bool:
    """A report written by one person (FRM-05 of one agent): ``user`` is that person.
    A report of the whole unit has no single owner."""
    if report.agent_id is None:
        return True
    return report.agent.user_id == getattr(user, "pk", None)


def can_edit(user, report) -> bool:
    spec = spec_of(report.kind)
    return can(user, spec.edit_capability, report.unit, spec.edit_area) and is_own(user, report)


def can_write_for(user, unit, kind: str) -> bool:
    """May write reports of ``kind`` for ``unit`` (before there is a report)."""
    spec = spec_of(kind)
    return can(user, spec.edit_capability, unit, spec.edit_area)


def require_edit(user, unit, kind: str) -> None:
    spec = spec_of(kind)
    require(user, spec.edit_capability, unit, spec.edit_area)


def require_report_edit(user, report) -> None:
    """``user`` may write ``report`` (its capability over the unit, and their own)."""
    require_edit(user, report.unit, report.kind)
    if not is_own(user, report):
        raise AccessDenied(_("Laporan ini milik Agen Perubahan lain: Anda hanya dapat membacanya."))


def can_approve(user, report) -> bool:
    return can(user, Capability.REPORT_APPROVE, report.unit)


def can_attach_scan(user, report) -> bool:
    """The head who signed, or the team that wrote it, uploads the signed paper's scan."""
    return can_approve(user, report) or can_edit(user, report)


# --- Who must act (notices and reminders) ------------------------------------------------
# The report capabilities reach the unit itself (docs/permissions.md): their holders are
# the unit's own role assignments, read for many units at once.
_UNIT_CAPABILITIES = (
    Capability.REPORT_EDIT,
    Capability.REPORT_AGENT_EDIT,
    Capability.REPORT_APPROVE,
)


def _assignments(unit_ids: set[int]) -> dict[int, list[tuple[str, str, int]]]:
    """(role, area, user) of the roles that write or approve reports, per unit (one query)."""
    roles = sorted(set().union(*(roles_of(c) for c in _UNIT_CAPABILITIES)))
    rows: dict[int, list[tuple[str, str, int]]] = {}
    for unit_id, role, area, user_id in RoleAssignment.objects.filter(
        unit_id__in=unit_ids, role__in=roles
    ).values_list("unit_id", "role", "area", "user_id"):
        rows.setdefault(unit_id, []).append((role, area, user_id))
    return rows


def _holding(rows, capability: str, area: str | None) -> set[int]:
    """Who of ``rows`` holds ``capability`` (for ``area``; an area role only in its area),
    as ``can`` answers it."""
    roles = roles_of(capability)
    return {
        user_id
        for role, role_area, user_id in rows
        if role in roles and (role not in AREA_ROLES or area is None or role_area == area)
    }


def writers_of(reports: Iterable) -> dict[int, set[int]]:
    """Who completes each report: the holders of its kind's edit capability in its unit
    (an agent's own report: that agent alone). Two queries for any number of reports."""
    from apps.teams.models import ChangeAgent

    reports = list(reports)
    rows = _assignments({r.unit_id for r in reports})
    agents = {r.agent_id for r in reports if r.agent_id}
    owner = (
        dict(ChangeAgent.objects.filter(pk__in=agents).values_list("pk", "user_id"))
        if agents
        else {}
    )
    result = {}
    for report in reports:
        spec = spec_of(report.kind)
        people = _holding(rows.get(report.unit_id, ()), spec.edit_capability, spec.edit_area)
        if report.agent_id:
            people &= {owner.get(report.agent_id)}
        result[report.pk] = people
    return result


def approvers_of(unit_ids: Iterable[int]) -> dict[int, set[int]]:
    """Who approves the reports of each unit (``report.approve``: its Pimpinan Unit)."""
    rows = _assignments(set(unit_ids))
    return {
        unit_id: _holding(rows.get(unit_id, ()), Capability.REPORT_APPROVE, None)
        for unit_id in unit_ids
    }
