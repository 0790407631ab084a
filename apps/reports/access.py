"""Who does what with a unit's reports (docs/permissions.md, Laporan): asked of the
capability table through ``apps.core.access``.

- ``report.view``: the unit's team and head, and the verifiers and leadership above it
  (their subtree). Everyone else gets a 404 (``selectors.get_report_for_user``).
- ``report.edit``: the Ketua Tim, the Sekretaris and the Ketua Pokja of the kind's area
  (monev: Manajemen Perubahan) write drafts and recommendations.
- ``report.approve``: the Pimpinan Unit returns or approves (and so signs) a report.
"""

from apps.core.access import Capability, can, require

from .kinds import spec_of


def can_edit(user, report) -> bool:
    return can(user, Capability.REPORT_EDIT, report.unit, spec_of(report.kind).edit_area)


def can_write_for(user, unit, kind: str) -> bool:
    """May write reports of ``kind`` for ``unit`` (before there is a report)."""
    return can(user, Capability.REPORT_EDIT, unit, spec_of(kind).edit_area)


def require_edit(user, unit, kind: str) -> None:
    require(user, Capability.REPORT_EDIT, unit, spec_of(kind).edit_area)


def can_approve(user, report) -> bool:
    return can(user, Capability.REPORT_APPROVE, report.unit)


def can_attach_scan(user, report) -> bool:
    """The head who signed, or the team that wrote it, uploads the signed paper's scan."""
    return can_approve(user, report) or can_edit(user, report)
