"""Reads of the agents' records: the figures the LKE asks about (PRA1A changes per agent,
PRA1B share integrated into the management system) and the plan-vs-actual page."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from apps.evidence.models import EvidenceItem
from apps.teams.models import ActionPlanItem, ChangeAgent

from ..models import ActionRealisation, AgentChange, Realised


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
