"""Reports' deadlines for the reminder run (apps.notifications.reminders): a report not
yet issued reminds the people who must act next, H-7 to overdue, against its period's
deadline in the agency calendar (``selectors.due_dates``):

- ``ReportReminders``: a draft or returned report, its writers (``access.writers_of``);
  cancelled when it is submitted (or issued);
- ``ReportApprovalReminders``: a submitted report, the unit's Pimpinan Unit; cancelled
  when it is approved or returned.

A correction of an issued report has no deadline (its period was reported in time)."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.notifications.kinds import Kind
from apps.notifications.reminders import Due, ReminderSource

from .access import approvers_of, writers_of
from .models import EDITABLE, Report, ReportStatus
from .selectors import due_dates


class _Reports(ReminderSource):
    kind_due = Kind.REPORT_DUE
    kind_overdue = Kind.REPORT_DUE
    states: tuple[str, ...] = ()

    def recipients(self, reports: list[Report]) -> dict[int, set[int]]:
        raise NotImplementedError

    def what(self, report: Report) -> str:
        raise NotImplementedError

    def open_work(self, tenant, until: date):
        reports = list(
            Report.objects.filter(
                tenant=tenant,
                status__in=self.states,
                based_on__isnull=True,
                unit__is_active=True,
            )
            .select_related("unit")
            .only(
                "pk",
                "kind",
                "period_start",
                "revision",
                "agent_id",
                "unit_id",
                "unit__name",
                "unit__time_zone",
            )
            .order_by("pk")
        )
        due = due_dates(tenant=tenant, keys={(r.kind, r.period_start) for r in reports})
        reports = [r for r in reports if (d := due.get((r.kind, r.period_start))) and d <= until]
        people = self.recipients(reports) if reports else {}
        for report in reports:
            yield Due(
                object_id=report.pk,
                model=Report,
                tenant_id=tenant.pk,
                unit_id=report.unit_id,
                time_zone=report.unit.time_zone,
                due_on=due[(report.kind, report.period_start)],
                recipients=frozenset(people.get(report.pk, ())),
                title=self.what(report),
                url=reverse("reports:detail", args=[report.pk]),
            )

    def still_open(self, object_ids: set[int]) -> set[int]:
        return set(
            Report.objects.filter(pk__in=object_ids, status__in=self.states).values_list(
                "pk", flat=True
            )
        )


class ReportReminders(_Reports):
    name = "report"
    states = tuple(s.value for s in EDITABLE)

    def recipients(self, reports):
        return writers_of(reports)

    def what(self, report):
        return _("%(report)s %(unit)s") % {"report": report, "unit": report.unit.name}


class ReportApprovalReminders(_Reports):
    name = "report_approval"
    states = (ReportStatus.SUBMITTED.value,)

    def recipients(self, reports):
        approvers = approvers_of({r.unit_id for r in reports})
        return {r.pk: approvers.get(r.unit_id, set()) for r in reports}

    def what(self, report):
        return _("Persetujuan %(report)s %(unit)s") % {
            "report": report,
            "unit": report.unit.name,
        }
