"""Reads of the agents' records: the figures the LKE asks about (PRA1A changes per agent,
PRA1B share integrated into the management system) and the plan-vs-actual page."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.core.http import get_or_404
from apps.evidence.models import EvidenceItem
from apps.teams.models import ActionPlanItem, ChangeAgent

from ..models import ActionRealisation, AgentChange, Kind, Realised, Report, ReportStatus
from ..periods import quarter_label
from ..selectors import due_dates, readable_units
from ..services import unit_today


def _end(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


@dataclass(frozen=True)
class AgentChanges:
    agents: int  # change agents appointed by the date
    changes: int  # items of their Rencana Aksi realised in at least one month by then
    integrated: int  # of those, integrated into the management system by then


def agent_changes(cycle, as_of: datetime.date) -> AgentChanges:
    """What the cycle's change agents changed by ``as_of`` (three queries): a *change* is
    an item of an agent's Rencana Aksi the agent recorded as realised (fully) in a month
    that had begun by the date; it is *integrated* when the agent recorded it so by then
    (``AgentChange.integrated_on``)."""
    end = _end(as_of)
    agents = ChangeAgent.objects.filter(cycle=cycle, created_at__lt=end).count()
    realised = set(
        ActionRealisation.objects.filter(
            item__agent__cycle=cycle,
            status=Realised.YA,
            month__lte=as_of,
            created_at__lt=end,
        ).values_list("item_id", flat=True)
    )
    integrated = AgentChange.objects.filter(
        item_id__in=realised, integrated_on__isnull=False, integrated_on__lte=as_of
    ).count()
    return AgentChanges(agents=agents, changes=len(realised), integrated=integrated)


def agent_items(agent: ChangeAgent) -> QuerySet[ActionPlanItem]:
    return ActionPlanItem.objects.filter(agent=agent).order_by("id")


def realisation_grid(items: list[ActionPlanItem], months: list[datetime.date]) -> dict:
    """{(item id, month): record} with evidence, and {item id: AgentChange}."""
    records = ActionRealisation.objects.filter(item__in=items, month__in=months).prefetch_related(
        Prefetch("evidence", queryset=EvidenceItem.objects.only("id", "title"))
    )
    changes = AgentChange.objects.filter(item__in=items)
    return {
        "records": {(r.item_id, r.month): r for r in records},
        "changes": {c.item_id: c for c in changes},
    }


# --- The agents' pages ----------------------------------------------------------------------


def get_agent_for_user(user, pk) -> ChangeAgent:
    """A change agent of a unit whose reports ``user`` may read (404 otherwise: missing,
    another unit and another agency alike)."""
    if not user.is_authenticated:
        raise Http404
    return get_or_404(
        ChangeAgent.objects.filter(unit__in=readable_units(user)).select_related(
            "user", "unit", "cycle"
        ),
        pk=pk,
    )


def agents_of_user(user) -> QuerySet[ChangeAgent]:
    """Where ``user`` is a change agent (newest cycle first)."""
    return (
        ChangeAgent.objects.filter(user=user)
        .select_related("unit", "cycle")
        .order_by("-cycle__year", "unit__path")
    )


def cycle_agents(cycle) -> list[ChangeAgent]:
    return list(
        ChangeAgent.objects.filter(cycle=cycle).select_related("user").order_by("user__full_name")
    )


@dataclass
class QuarterRow:
    start: datetime.date
    label: str
    reports: list  # the quarter's FRM-05 reports not superseded (one per agent, or one)
    due_on: datetime.date | None
    overdue: bool


def cycle_quarters(cycle) -> list[QuarterRow]:
    """The four quarters of the cycle's year with their FRM-05 reports (two queries)."""
    reports = list(
        Report.objects.filter(cycle=cycle, kind=Kind.AGEN_PERUBAHAN)
        .exclude(status=ReportStatus.SUPERSEDED)
        .select_related("agent__user", "pdf_file")
        .order_by("period_start", "agent__user__full_name", "-revision")
    )
    starts = [datetime.date(cycle.year, month, 1) for month in (1, 4, 7, 10)]
    due = due_dates(tenant=cycle.tenant_id, keys={(Kind.AGEN_PERUBAHAN, s) for s in starts})
    today = unit_today(cycle.unit)
    rows = []
    for start in starts:
        mine = [r for r in reports if r.period_start == start]
        date = due.get((Kind.AGEN_PERUBAHAN, start))
        rows.append(
            QuarterRow(
                start=start,
                label=quarter_label(start),
                reports=mine,
                due_on=date,
                overdue=bool(
                    date
                    and date < today
                    and (not mine or any(r.status != ReportStatus.ISSUED for r in mine))
                ),
            )
        )
    return rows
