"""What waits for a person in the work plan (``apps.core.todo``): their open Pokja tasks,
the plan areas they approve, the plans they ratify."""

from django.db.models import Count, Exists, F, OuterRef, Window
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.accounts.models import RoleAssignment
from apps.core.access import Capability, grants_of, roles_of
from apps.core.choices import Area
from apps.core.todo import LIMIT, TodoItem
from apps.cycles.models import Cycle
from apps.cycles.selectors import stage_due_dates

from .models import AreaApproval, PlanItem, PlanRevision, RevisionStatus, TaskStatus
from .selectors import tasks_visible_to


def task_items(user, tenant, grants=None) -> list[TodoItem]:
    """The open tasks assigned to ``user``, the earliest due first (one query)."""
    tasks = list(
        tasks_visible_to(user, grants)
        .filter(tenant=tenant, assignees=user)
        .exclude(status=TaskStatus.TELAH)
        .select_related("unit")
        .annotate(total=Window(Count("id")))
        .order_by("due_on", "id")[:LIMIT]
    )
    list_url = reverse("workplan:my_tasks")
    return [
        TodoItem(
            kind="workplan.task",
            kind_label=_("Tugas Pokja"),
            title=task.title,
            unit=task.unit.name,
            url=reverse("workplan:task", args=[task.pk]),
            due_on=task.due_on,
            waiting_since=task.created_at,
            total=task.total if task.total > LIMIT else 0,
            list_url=list_url,
        )
        for task in tasks
    ]


def _live_items(tenant):
    return PlanItem.objects.filter(
        tenant=tenant, revision__status=RevisionStatus.DRAFT, removed_at__isnull=True
    )


def _stage_due(tenant, rows: list[dict]) -> dict:
    """The calendar end date of the current stage of each row's cycle (one query)."""
    cycles = {
        row["cycle_id"]: Cycle(pk=row["cycle_id"], year=row["year"], stage=row["stage"])
        for row in rows
    }
    return stage_due_dates(tenant=tenant, cycles=list(cycles.values()))


def approval_items(user, tenant, grants=None) -> list[TodoItem]:
    """Areas of draft plans with items that ``user`` approves and nobody has approved
    yet: as the area's Ketua Pokja, or as the Ketua Tim for an area without one (two
    queries)."""
    grants = grants_of(user) if grants is None else grants
    approved = AreaApproval.objects.filter(
        revision_id=OuterRef("revision_id"), area=OuterRef("area")
    )
    has_head = RoleAssignment.objects.filter(
        unit_id=OuterRef("revision__unit_id"),
        role__in=sorted(roles_of(Capability.PLAN_APPROVE_AREA)),
        area=OuterRef("area"),
        user__is_active=True,
    )
    approves = grants.where(Capability.PLAN_APPROVE_AREA, unit="revision__unit", area_field="area")
    in_place = grants.where(Capability.PLAN_APPROVE_IN_PLACE, unit="revision__unit") & ~Exists(
        has_head
    )
    rows = list(
        _live_items(tenant)
        .filter(~Exists(approved))
        .filter(approves | in_place)
        .values("revision_id", "area")
        .annotate(
            number=F("revision__number"),
            cycle_id=F("revision__cycle_id"),
            year=F("revision__cycle__year"),
            stage=F("revision__cycle__stage"),
            unit_name=F("revision__unit__name"),
            since=F("revision__created_at"),
        )
        .distinct()
        .order_by("since", "revision_id", "area")[:LIMIT]
    )
    due = _stage_due(tenant, rows)
    return [
        TodoItem(
            kind="workplan.approve",
            kind_label=_("Rencana Kerja"),
            title=_("Setujui area %(area)s Rencana Kerja revisi %(n)s")
            % {"area": Area(row["area"]).label, "n": row["number"]},
            unit=row["unit_name"],
            url=reverse("workplan:plan", args=[row["cycle_id"]]),
            due_on=due.get(row["cycle_id"]),
            waiting_since=row["since"],
        )
        for row in rows
    ]


def ratify_items(user, tenant, grants=None) -> list[TodoItem]:
    """Draft plans of units whose head ``user`` is, with items and every area with items
    approved: ready to be ratified (two queries)."""
    grants = grants_of(user) if grants is None else grants
    live = PlanItem.objects.filter(revision_id=OuterRef("pk"), removed_at__isnull=True)
    unapproved = live.filter(
        ~Exists(
            AreaApproval.objects.filter(revision_id=OuterRef("revision_id"), area=OuterRef("area"))
        )
    )
    revisions = list(
        PlanRevision.objects.filter(tenant=tenant, status=RevisionStatus.DRAFT)
        .filter(grants.where(Capability.PLAN_RATIFY))
        .filter(Exists(live), ~Exists(unapproved))
        .select_related("unit", "cycle")
        .order_by("created_at", "id")[:LIMIT]
    )
    due = stage_due_dates(tenant=tenant, cycles=[r.cycle for r in revisions])
    return [
        TodoItem(
            kind="workplan.ratify",
            kind_label=_("Rencana Kerja"),
            title=_("Sahkan Rencana Kerja revisi %(n)s") % {"n": revision.number},
            unit=revision.unit.name,
            url=reverse("workplan:plan", args=[revision.cycle_id]),
            due_on=due.get(revision.cycle_id),
            waiting_since=revision.created_at,
        )
        for revision in revisions
    ]
