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

from django.utils.translation import gettext as _

from apps.core.access import Capability, can, require
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
