"""What waits for a person in the reports (``apps.core.todo``): drafts and returned
reports they write, and submitted reports they approve, each due by its period's date in
the agency calendar."""

from django.db.models import Count, Q, Window
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.access import Capability, grants_of
from apps.core.todo import LIMIT, TodoItem

from .kinds import SPECS, spec_of
from .models import EDITABLE, Report, ReportStatus
from .selectors import due_dates


def _writes(user, grants) -> Q:
    """Reports ``user`` writes: per kind, its capability over the unit (and area), and a
    report of one change agent only by that agent (``access.can_edit`` in SQL). A kind
    whose capability reaches no unit of ``user`` adds nothing."""
    condition = Q(pk__in=[])
    for kind, spec in SPECS.items():
        if not grants.anywhere(spec.edit_capability, area=spec.edit_area):
            continue
        writes = grants.where(spec.edit_capability, area=spec.edit_area)
        condition |= Q(kind=kind) & writes & (Q(agent__isnull=True) | Q(agent__user=user))
    return condition


def todo_items(user, tenant, grants=None) -> list[TodoItem]:
    """The earliest periods first (two queries: the reports with their count, and the
    calendar)."""
    if not user.is_authenticated:
        return []
    grants = grants_of(user) if grants is None else grants
    to_write = Q(status__in=[s.value for s in EDITABLE]) & _writes(user, grants)
    to_approve = Q(status=ReportStatus.SUBMITTED) & grants.where(Capability.REPORT_APPROVE)
    reports = list(
        Report.objects.filter(tenant=tenant)
        .filter(to_write | to_approve)
        .select_related("unit")
        .annotate(total=Window(Count("id")))
        .order_by("period_start", "unit_id", "kind", "id")[:LIMIT]
    )
    if not reports:
        return []
    due = due_dates(tenant=tenant, keys={(r.kind, r.period_start) for r in reports})
    list_url = reverse("reports:index")
    lines = []
    for report in reports:
        name = spec_of(report.kind).name(report)
        if report.status == ReportStatus.SUBMITTED:
            title = _("Setujui %(name)s") % {"name": name}
        elif report.status == ReportStatus.RETURNED:
            title = _("Perbaiki %(name)s (dikembalikan)") % {"name": name}
        else:
            title = _("Lengkapi dan ajukan %(name)s") % {"name": name}
        lines.append(
            TodoItem(
                kind="reports.approve"
                if report.status == ReportStatus.SUBMITTED
                else "reports.write",
                kind_label=_("Laporan"),
                title=title,
                unit=report.unit.name,
                url=reverse("reports:detail", args=[report.pk]),
                due_on=due.get((report.kind, report.period_start)),
                waiting_since=report.submitted_at or report.created_at,
                total=report.total if report.total > LIMIT else 0,
                list_url=list_url,
            )
        )
    return lines
