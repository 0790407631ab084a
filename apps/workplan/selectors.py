"""Reads of the work plan and of Pokja tasks: scoped through the unit the user may see,
prefetched so that every page costs a fixed number of queries."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from apps.accounts.models import User
from apps.core.access import Capability, units_where
from apps.core.choices import Area
from apps.core.http import get_or_404
from apps.cycles.models import Cycle
from apps.lke.models import Question

from .models import (
    AreaApproval,
    PlanItem,
    PlanRevision,
    RevisionStatus,
    Task,
    TaskAttachment,
    TaskComment,
    TaskStatus,
)

DIFF_FIELDS = ["area", "action", "description", "output", "pic", "months"]


def revisions_of(cycle: Cycle) -> list[PlanRevision]:
    return list(
        PlanRevision.objects.filter(cycle=cycle)
        .select_related("created_by", "ratified_by")
        .order_by("-number")
    )


def current_revision(revisions: list[PlanRevision]) -> PlanRevision | None:
    """The ratified revision in force, if any."""
    return next((r for r in revisions if r.status == RevisionStatus.RATIFIED), None)


def revision_in_force(revisions: list[PlanRevision], on: datetime.date) -> PlanRevision | None:
    """The revision that was in force on ``on``: the last one ratified by that day (a
    later one may have superseded it since)."""
    ratified = [
        r
        for r in revisions
        if r.ratified_at is not None and timezone.localdate(r.ratified_at) <= on
    ]
    return max(ratified, key=lambda r: r.number, default=None)


def items_of(revision: PlanRevision) -> QuerySet[PlanItem]:
    """The items of ``revision`` (without those deleted in a draft)."""
    return (
        PlanItem.objects.filter(revision=revision, removed_at__isnull=True)
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.only("id", "code", "text"))
        )
        .annotate(
            task_count=Count("tasks", distinct=True),
            done_count=Count("tasks", filter=Q(tasks__status=TaskStatus.TELAH), distinct=True),
        )
        .order_by("area", "order", "id")
    )


def removed_items_of(revision: PlanRevision) -> list[PlanItem]:
    """Items deleted in a draft, which can still be restored."""
    if not revision.is_draft:
        return []
    return list(
        PlanItem.objects.filter(revision=revision, removed_at__isnull=False)
        .select_related("removed_by")
        .order_by("-removed_at", "-id")
    )


@dataclass
class AreaBlock:
    code: str
    label: str
    items: list = field(default_factory=list)
    approval: AreaApproval | None = None
    heads: list = field(default_factory=list)  # the area's Ketua Pokja in the unit
    can_approve: bool = False
    approves_in_place: bool = False
    can_task: bool = False


def by_area(items, approvals) -> list[AreaBlock]:
    """The six areas in their order, each with its items and its approval."""
    blocks = {code: AreaBlock(code, label) for code, label in Area.choices}
    for item in items:
        blocks[item.area].items.append(item)
    for approval in approvals:
        blocks[approval.area].approval = approval
    return list(blocks.values())


def approvals_of(revision: PlanRevision) -> list[AreaApproval]:
    return list(AreaApproval.objects.filter(revision=revision).select_related("approved_by"))


@dataclass
class RevisionDiff:
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)  # (item, [field labels])

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _question_codes(item) -> list[str]:
    return sorted(q.code for q in item.questions.all())


def revision_diff(revision: PlanRevision, items: list[PlanItem]) -> RevisionDiff | None:
    """What ``revision`` changed against the revision it was copied from (two queries)."""
    if revision.based_on_id is None:
        return None
    previous = list(
        PlanItem.objects.filter(revision_id=revision.based_on_id).prefetch_related(
            Prefetch("questions", queryset=Question.objects.only("id", "code"))
        )
    )
    diff = RevisionDiff()
    kept = set()
    labels = {f: PlanItem._meta.get_field(f).verbose_name for f in DIFF_FIELDS}
    by_id = {item.pk: item for item in previous}
    for item in items:
        old = by_id.get(item.origin_id)
        if old is None:
            diff.added.append(item)
            continue
        kept.add(old.pk)
        changed = [labels[f] for f in DIFF_FIELDS if getattr(old, f) != getattr(item, f)]
        if _question_codes(old) != _question_codes(item):
            changed.append(PlanItem._meta.get_field("questions").verbose_name)
        if changed:
            diff.changed.append((item, changed))
    diff.removed = [item for item in previous if item.pk not in kept]
    return diff


def get_revision_for_user(user, pk) -> PlanRevision:
    return get_or_404(
        PlanRevision.objects.select_related("cycle", "cycle__unit", "pdf_file"),
        pk=pk,
        unit__in=units_where(user, Capability.UNIT_VIEW).values("pk"),
    )


def get_item_for_user(user, pk) -> PlanItem:
    return get_or_404(
        PlanItem.objects.select_related("revision", "revision__cycle"),
        pk=pk,
        revision__unit__in=units_where(user, Capability.UNIT_VIEW).values("pk"),
    )


def tasks_visible_to(user, grants=None) -> QuerySet[Task]:
    """``grants``: ``user``'s roles already read (``apps.core.access.grants_of``): the
    same rows, by the ids and paths of their units instead of a subquery."""
    if not user.is_authenticated:
        return Task.objects.none()
    if grants is not None:
        return Task.objects.filter(grants.where(Capability.UNIT_VIEW))
    return Task.objects.filter(unit__in=units_where(user, Capability.UNIT_VIEW).values("pk"))


def get_task_for_user(user, pk) -> Task:
    return get_or_404(
        tasks_visible_to(user).select_related("cycle", "unit", "item", "item__revision"), pk=pk
    )


def _task_list(qs: QuerySet[Task]) -> QuerySet[Task]:
    return qs.select_related("cycle", "unit", "item").prefetch_related(
        Prefetch("assignees", queryset=User.objects.only("id", "full_name"))
    )


def my_tasks(user, include_done: bool = False) -> QuerySet[Task]:
    qs = tasks_visible_to(user).filter(assignees=user)
    if not include_done:
        qs = qs.exclude(status=TaskStatus.TELAH)
    return _task_list(qs).order_by("due_on", "id")


def overdue_tasks(user) -> QuerySet[Task]:
    today = timezone.localdate()
    return _task_list(
        tasks_visible_to(user).filter(due_on__lt=today).exclude(status=TaskStatus.TELAH)
    ).order_by("due_on", "id")


def task_detail(task: Task) -> dict:
    return {
        "comments": list(TaskComment.objects.filter(task=task).select_related("author")),
        "attachments": list(
            TaskAttachment.objects.filter(task=task).select_related(
                "evidence", "evidence__question", "created_by"
            )
        ),
        "assignees": list(task.assignees.order_by("full_name")),
        "questions": list(
            task.item.questions.select_related("indicator__aspect__area").order_by("order")
        ),
    }


def unit_people(unit_id: int) -> QuerySet[User]:
    """People holding a role in the unit itself: who may be assigned a task."""
    return (
        User.objects.filter(role_assignments__unit_id=unit_id, is_active=True)
        .distinct()
        .order_by("full_name")
    )


def timeline(cycle: Cycle, revision: PlanRevision | None, area: str) -> dict:
    """One area month by month: each item of ``revision`` with its planned months and the
    tasks due in each month (three queries). Tasks made from an earlier revision's item
    follow it through its copies; tasks of items dropped since are listed apart."""
    if revision is None:
        return {"rows": [], "orphans": []}
    items = list(
        PlanItem.objects.filter(revision=revision, area=area, removed_at__isnull=True).order_by(
            "order", "id"
        )
    )
    # Every item of this area in every revision: its origin, to follow copies forward.
    origin_of = dict(
        PlanItem.objects.filter(revision__cycle=cycle, area=area).values_list("pk", "origin_id")
    )
    current = {item.pk for item in items}

    def owner(item_id):
        seen = set()
        # The current item whose chain of origins reaches ``item_id``.
        for candidate in current:
            node = candidate
            while node is not None and node not in seen:
                if node == item_id:
                    return candidate
                seen.add(node)
                node = origin_of.get(node)
            seen.clear()
        return None

    owners: dict[int, int | None] = {}
    per_item: dict[int, dict[int, list[Task]]] = {}
    orphans: list[Task] = []
    for task in Task.objects.filter(cycle=cycle, area=area).order_by("due_on", "id"):
        if task.item_id not in owners:
            owners[task.item_id] = owner(task.item_id)
        target = owners[task.item_id]
        if target is None:
            orphans.append(task)
        else:
            per_item.setdefault(target, {}).setdefault(task.due_on.month, []).append(task)
    rows = [
        {
            "item": item,
            "months": [
                {
                    "month": m,
                    "planned": m in item.months,
                    "tasks": per_item.get(item.pk, {}).get(m, []),
                }
                for m in range(1, 13)
            ],
        }
        for item in items
    ]
    return {"rows": rows, "orphans": orphans}


@dataclass(frozen=True)
class Occurrence:
    """One plan item in one month it is planned for, with its realisation."""

    item: PlanItem
    month: int
    status: str  # a TaskStatus value
    tasks: int  # tasks of the item due in that month
    done: int  # of which done by the date asked


def plan_realisation(
    cycle: Cycle, items: list[PlanItem], *, months: Iterable[int], as_of: datetime.date
) -> list[Occurrence]:
    """Each of ``items`` (one revision's) in each of ``months`` it is planned for, with
    its realisation from the item's tasks due in that month of the cycle's year – the
    rule of the monthly monev's section C (FRM-04: "telah / sedang / belum
    dilaksanakan"): *telah* when the month has tasks and every one was done by
    ``as_of``; *sedang* when some are done or under way; *belum* otherwise, a month
    without any task included. Tasks made from an earlier revision's item count for its
    copy (as on the timeline). Two queries, whatever the number of items and tasks."""
    months = sorted(set(months))
    planned = [(item, m) for item in items for m in months if m in item.months]
    if not planned:
        return []
    # Every item of the cycle with its origin, to follow copies back to older revisions.
    origin_of = dict(PlanItem.objects.filter(revision__cycle=cycle).values_list("pk", "origin_id"))
    owner: dict[int, int] = {}
    for item in items:
        node, seen = item.pk, set()
        while node is not None and node not in seen:
            owner.setdefault(node, item.pk)
            seen.add(node)
            node = origin_of.get(node)
    # Done by the end of ``as_of`` in the portal's time zone.
    end = timezone.make_aware(
        datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time.min)
    )
    rows = (
        Task.objects.filter(cycle=cycle, due_on__year=cycle.year, due_on__month__in=months)
        .annotate(month=ExtractMonth("due_on"))
        .values("item_id", "month")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(status=TaskStatus.TELAH, done_at__lt=end)),
            started=Count("id", filter=~Q(status=TaskStatus.BELUM)),
        )
        .order_by()
    )
    counts: dict[tuple[int, int], list[int]] = {}
    for row in rows:
        target = owner.get(row["item_id"])
        if target is None:
            continue  # a task of an item dropped from the plan since
        total = counts.setdefault((target, row["month"]), [0, 0, 0])
        total[0] += row["total"]
        total[1] += row["done"]
        total[2] += row["started"]
    out = []
    for item, month in planned:
        tasks, done, started = counts.get((item.pk, month), (0, 0, 0))
        if tasks and done == tasks:
            status = TaskStatus.TELAH
        elif done or started:
            status = TaskStatus.SEDANG
        else:
            status = TaskStatus.BELUM
        out.append(Occurrence(item, month, status, tasks, done))
    return out


# --- The ratified plan as a PDF --------------------------------------------------------


def _ratifier_title(revision: PlanRevision) -> str:
    """The title under the ratifier's name: the unit head's recorded title when the
    ratifier is that head, else their role in the unit."""
    from apps.declaration.texts import title_with_unit

    unit, user = revision.unit, revision.ratified_by
    if user is not None and unit.head_title and user.nip and user.nip == unit.head_nip:
        return title_with_unit(unit.head_title, unit.name)
    return f"Pimpinan Unit {unit.name}"


def plan_pdf_context(revision: PlanRevision) -> dict:
    """What the ratified revision's PDF prints: the items of each area with their months,
    each area's approval, and the ratification (five queries)."""
    from .importing import MONTH_ABBR

    items = list(
        PlanItem.objects.filter(revision=revision, removed_at__isnull=True)
        .prefetch_related(Prefetch("questions", queryset=Question.objects.only("id", "code")))
        .order_by("area", "order", "id")
    )
    blocks = [b for b in by_area(items, approvals_of(revision)) if b.items]
    for block in blocks:
        for item in block.items:
            item.schedule = [m in item.months for m in range(1, 13)]
            item.question_codes = ", ".join(sorted(q.code for q in item.questions.all()))
    return {
        "revision": revision,
        "cycle": revision.cycle,
        "unit": revision.unit,
        "blocks": blocks,
        "item_count": len(items),
        "months": MONTH_ABBR,
        "ratified_by": revision.ratified_by,
        "ratifier_title": _ratifier_title(revision),
    }


def overdue_by_person(cycle: Cycle, today: datetime.date) -> dict[User, list[Task]]:
    """The cycle's tasks past their due date and not done, per assignee (two queries):
    only active accounts of active members of the agency, who can be reminded."""
    tasks = list(
        Task.objects.filter(cycle=cycle, due_on__lt=today)
        .exclude(status=TaskStatus.TELAH)
        .prefetch_related(
            Prefetch(
                "assignees",
                queryset=User.objects.filter(
                    is_active=True,
                    memberships__tenant_id=cycle.tenant_id,
                    memberships__is_active=True,
                ),
            )
        )
        .order_by("due_on", "id")
    )
    people: dict[User, list[Task]] = {}
    for task in tasks:
        for user in task.assignees.all():
            people.setdefault(user, []).append(task)
    return people
