"""Reads of reports and recommendations, scoped to what the user may read
(``report.view``: the unit's team and head, the verifiers and leadership above), with the
deadline of each report from the agency calendar and whether it is overdue."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.core import workflow
from apps.core.access import Capability, can, units_where
from apps.core.http import get_or_404
from apps.cycles.models import CalendarEntry, Cycle
from apps.cycles.selectors import get_cycle_for_user
from apps.cycles.services import calendar_default_entries
from apps.evidence.models import EvidenceItem
from apps.teams.models import ActionPlanItem

from .kinds import spec_of
from .models import (
    OPEN,
    PUBLISHED,
    ActionRealisation,
    Kind,
    Recommendation,
    Report,
    ReportStatus,
)
from .periods import add_months
from .services import REACHED, unit_today


def readable_units(user):
    return units_where(user, Capability.REPORT_VIEW).values("pk")


def reports_visible_to(user) -> QuerySet[Report]:
    if not user.is_authenticated:
        return Report.objects.none()
    return Report.objects.filter(unit__in=readable_units(user))


def get_report_for_user(user, pk) -> Report:
    """The report, if ``user`` may read it; 404 for missing, other unit and agency alike."""
    return get_or_404(
        reports_visible_to(user).select_related(
            "unit", "cycle", "tenant", "approved_by", "pdf_file", "scan", "based_on", "agent__user"
        ),
        pk=pk,
    )


def recommendations_visible_to(user) -> QuerySet[Recommendation]:
    if not user.is_authenticated:
        return Recommendation.objects.none()
    return Recommendation.objects.filter(unit__in=readable_units(user))


def get_recommendation_for_user(user, pk) -> Recommendation:
    return get_or_404(
        recommendations_visible_to(user).select_related("report", "report__unit", "pic", "unit"),
        pk=pk,
    )


def get_report_cycle_for_user(user, pk) -> Cycle:
    """A cycle whose reports ``user`` may read (404 otherwise, as for a report)."""
    cycle = get_cycle_for_user(user, pk)
    if not can(user, Capability.REPORT_VIEW, cycle.unit):
        from django.http import Http404

        raise Http404
    return cycle


# --- Deadlines --------------------------------------------------------------------------


def due_dates(*, tenant, keys: set[tuple[str, datetime.date]]) -> dict:
    """{(kind, period start): due date} from the agency calendar (its stored entry, else the
    default), one query for any number of periods."""
    wanted = {(start.year, spec_of(kind).calendar_key(start)) for kind, start in keys}
    if not wanted:
        return {}
    years = {year for year, _key in wanted}
    found = {
        (year, key): due
        for year, key, due in CalendarEntry.objects.filter(
            tenant=tenant, year__in=years, key__in={key for _year, key in wanted}
        ).values_list("year", "key", "due_on")
    }
    for year in years:
        for default in calendar_default_entries(year):
            found.setdefault((year, default.key), default.due_on)
    return {
        (kind, start): found.get((start.year, spec_of(kind).calendar_key(start)))
        for kind, start in keys
    }


@dataclass
class Deadline:
    due_on: datetime.date | None
    overdue: bool


def deadlines(reports: list[Report], *, tenant, issued: set | None = None) -> None:
    """Set ``report.deadline`` on each report: its due date and whether it is overdue (no
    revision of its period issued and the date has passed in the unit's own time zone).
    ``issued``: the (unit, kind, period) that have an issued revision, when the caller
    knows them; otherwise read in one query."""
    if not reports:
        return
    due = due_dates(tenant=tenant, keys={(r.kind, r.period_start) for r in reports})
    if issued is None:
        issued = set(
            Report.objects.filter(
                unit_id__in={r.unit_id for r in reports},
                period_start__in={r.period_start for r in reports},
                status__in=[s.value for s in PUBLISHED],
            ).values_list("unit_id", "kind", "period_start")
        )
    today: dict[int, datetime.date] = {}
    for report in reports:
        date = due.get((report.kind, report.period_start))
        if report.unit_id not in today:
            today[report.unit_id] = unit_today(report.unit)
        done = (report.unit_id, report.kind, report.period_start) in issued
        report.deadline = Deadline(
            due_on=date, overdue=bool(date and not done and date < today[report.unit_id])
        )


# --- A cycle's reports, month by month ------------------------------------------------------


@dataclass
class PeriodRow:
    start: datetime.date
    label: str
    current: Report | None  # the revision shown: the open one, else the issued one
    revisions: list
    due_on: datetime.date | None
    overdue: bool
    draftable: bool  # over, without a report: the team may draft it now


def cycle_periods(cycle: Cycle, kind: str = Kind.MONEV) -> list[PeriodRow]:
    """Every period of the cycle's year with its report (two queries)."""
    spec = spec_of(kind)
    reports = list(
        Report.objects.filter(cycle=cycle, kind=kind)
        .select_related("unit", "pdf_file")
        .order_by("period_start", "-revision")
    )
    by_period: dict[datetime.date, list[Report]] = {}
    for report in reports:
        by_period.setdefault(report.period_start, []).append(report)
    starts = []
    start = datetime.date(cycle.year, 1, 1)
    while start.year == cycle.year:
        starts.append(start)
        start = add_months(start, spec.months)
    due = due_dates(tenant=cycle.tenant_id, keys={(kind, s) for s in starts})
    today = unit_today(cycle.unit)
    rows = []
    for start in starts:
        revisions = by_period.get(start, [])
        current = next((r for r in revisions if r.status in OPEN), None) or next(
            (r for r in revisions if r.status == ReportStatus.ISSUED), None
        )
        issued = any(r.status == ReportStatus.ISSUED for r in revisions)
        date = due.get((kind, start))
        rows.append(
            PeriodRow(
                start=start,
                label=spec.period_label(start),
                current=current,
                revisions=revisions,
                due_on=date,
                overdue=bool(date and not issued and date < today),
                draftable=(
                    not revisions and cycle.stage in REACHED and spec.period_end(start) < today
                ),
            )
        )
    return rows


# --- One report ------------------------------------------------------------------------------


def revisions_of(report: Report) -> list[Report]:
    return list(
        Report.objects.filter(report.same_period())
        .select_related("approved_by")
        .order_by("-revision")
    )


STEP_LABELS = {
    "draft": _("Draf disusun"),
    "correct": _("Koreksi (revisi baru) dibuat"),
    "submit": _("Diajukan ke Pimpinan Unit"),
    "return": _("Dikembalikan ke tim"),
    "approve": _("Disetujui dan terbit"),
    "supersede": _("Digantikan koreksinya"),
}


def history(report: Report) -> list:
    steps = list(workflow.history_of(report).select_related("actor"))
    for step in steps:
        step.label = STEP_LABELS.get(step.transition, step.transition)
    return steps


def last_return_reason(steps: list) -> str:
    returned = [s for s in steps if s.transition == "return"]
    return returned[-1].reason if returned else ""


def unit_people(unit_id: int) -> QuerySet[User]:
    """Who may be a recommendation's PIC: people holding a role in the unit."""
    return (
        User.objects.filter(role_assignments__unit_id=unit_id, is_active=True)
        .distinct()
        .order_by("full_name")
    )


def unit_evidence(unit_id: int) -> QuerySet[EvidenceItem]:
    """The unit's evidence items a follow-up may name, newest first."""
    return (
        EvidenceItem.objects.filter(unit_id=unit_id)
        .exclude(status="withdrawn")
        .only("id", "title", "status", "area_code", "created_at")
        .order_by("-created_at", "-id")
    )


# --- Lists ------------------------------------------------------------------------------------


def report_list(user, *, year: int | None = None, month: int | None = None, status: str = ""):
    """The reports ``user`` may read, newest period first: every revision not superseded
    (for a period being corrected, the issued one and its open correction)."""
    reports = reports_visible_to(user).select_related("unit", "cycle", "pdf_file", "agent__user")
    if year:
        reports = reports.filter(period_start__year=year)
    if month:
        reports = reports.filter(period_start__month=month)
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    return reports.exclude(status=ReportStatus.SUPERSEDED).order_by(
        "-period_start", "unit__path", "kind", "-revision"
    )


def overdue_filter(reports: QuerySet[Report], *, tenant) -> QuerySet[Report]:
    """Reports still open (no revision issued) whose deadline has passed, as a query: the
    due dates of the periods involved are read first (one query), then matched in SQL."""
    from django.db.models import Exists, OuterRef, Q

    open_reports = reports.filter(status__in=[s.value for s in OPEN])
    periods = set(open_reports.values_list("kind", "period_start").distinct())
    due = due_dates(tenant=tenant, keys=periods)
    # Today in the portal's time zone (TIME_ZONE, WIB): a filter over many units; each
    # row's own badge counts in its unit's zone (``deadlines``).
    today = timezone.localdate()
    late = [key for key, date in due.items() if date and date < today]
    if not late:
        return reports.none()
    condition = Q()
    for kind, start in late:
        condition |= Q(kind=kind, period_start=start)
    issued = Report.objects.filter(
        unit_id=OuterRef("unit_id"),
        kind=OuterRef("kind"),
        period_start=OuterRef("period_start"),
        status=ReportStatus.ISSUED,
    )
    return open_reports.filter(condition).filter(~Exists(issued))


def recommendation_list(user) -> QuerySet[Recommendation]:
    return (
        recommendations_visible_to(user)
        .select_related("report", "unit", "pic", "closed_in")
        .prefetch_related(
            Prefetch("evidence", queryset=EvidenceItem.objects.only("id", "title", "status"))
        )
        .order_by("-report__period_start", "area", "order", "id")
    )


# --- The change agents' records (FRM-05) -------------------------------------------------------


def realisations_visible_to(user) -> QuerySet[ActionRealisation]:
    """Plan vs actual records of the units whose reports ``user`` may read."""
    if not user.is_authenticated:
        return ActionRealisation.objects.none()
    return (
        ActionRealisation.objects.filter(item__agent__unit__in=readable_units(user))
        .select_related("item__agent__user", "recorded_by")
        .prefetch_related(Prefetch("evidence", queryset=EvidenceItem.objects.only("id", "title")))
        .order_by("item__agent_id", "item_id", "month")
    )


def get_action_item_for_user(user, pk) -> ActionPlanItem:
    """An item of a Rencana Aksi in a unit whose reports ``user`` may read (404 else)."""
    return get_or_404(
        ActionPlanItem.objects.filter(agent__unit__in=readable_units(user)).select_related(
            "agent__user", "agent__cycle", "agent__unit"
        ),
        pk=pk,
    )
