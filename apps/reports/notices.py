"""Who is told of a report's way (apps.notifications, kind ``report``).

- drafted by the portal (the beat): the people who complete it (``writers_of``: its
  kind's edit capability in the unit; an agent's own report, that agent);
- submitted: the approver (the unit's Pimpinan Unit);
- returned: the people who complete it, with the reason;
- approved: the people who complete it.

Nobody is told of their own act. Each rule costs a constant number of queries, and the
beat's drafts are told in one batch.
"""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.notifications.events import on_transition
from apps.notifications.kinds import Kind
from apps.notifications.services import Notice, notify, notify_many

from .access import approvers_of, writers_of
from .models import Report


def _notice(report: Report, title: str, body: str = "") -> Notice:
    return Notice.about(
        report,
        kind=Kind.REPORT,
        title=title % {"report": report, "unit": report.unit.name},
        body=body,
        url=reverse("reports:detail", args=[report.pk]),
    )


def reports_drafted(reports: list[Report]) -> None:
    """The portal drafted ``reports``: their writers complete them now."""
    if not reports:
        return
    writers = writers_of(reports)
    title = _("%(report)s %(unit)s sudah disusun portal; lengkapi dan ajukan")
    with transaction.atomic():
        notify_many((writers[report.pk], _notice(report, title)) for report in reports)


@on_transition(Report, "submit")
def report_submitted(report: Report, *, actor, **step) -> None:
    notify(
        approvers_of([report.unit_id])[report.unit_id],
        _notice(report, _("%(report)s %(unit)s diajukan dan menunggu persetujuan Anda")),
        exclude=actor,
    )


@on_transition(Report, "return")
def report_returned(report: Report, *, actor, reason: str, **step) -> None:
    notify(
        writers_of([report])[report.pk],
        _notice(
            report,
            _("%(report)s %(unit)s dikembalikan Pimpinan Unit"),
            body=_("Alasan: %(reason)s") % {"reason": reason},
        ),
        exclude=actor,
    )


@on_transition(Report, "approve")
def report_approved(report: Report, *, actor, **step) -> None:
    notify(
        writers_of([report])[report.pk],
        _notice(report, _("%(report)s %(unit)s disetujui dan terbit")),
        exclude=actor,
    )
