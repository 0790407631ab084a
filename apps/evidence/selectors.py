"""Reads about evidence, scoped and prefetched, in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, DenseRank
from django_scopes import get_scope

from apps.core.access import Capability, can, grants_of, units_where
from apps.core.http import get_or_404
from apps.core.models import StateChange
from apps.cycles.models import Cycle
from apps.lke.models import EvidenceRequirement, Question
from apps.units.models import Unit
from apps.units.selectors import visible_tops

from .chain import Reach, awaiting, awaiting_condition, verifier_reach
from .models import EvidenceComment, EvidenceItem, EvidenceRevision, ItemStatus


def items_visible_to(user) -> QuerySet[EvidenceItem]:
    """The active agency's items in units ``user`` may see. Whoever sees every unit (a
    subtree role at the agency's root, read with the user's roles once per request) gets
    no unit filter: among many agencies the planner would misjudge that semi-join and sort
    everything the reader sees instead of walking an index (issue 12, the 1/10 slice)."""
    tenant_id = get_scope().get("tenant")
    if tenant_id is not None and verifier_reach(user).reaches_every_unit(tenant_id):
        return EvidenceItem.objects.all()
    return EvidenceItem.objects.filter(
        unit__in=units_where(user, Capability.UNIT_VIEW).values("pk")
    )


def sees_only_verified(user, unit) -> bool:
    """Assessors (TPU/TPI) read the verified evidence only; unit staff, verifiers and
    leadership see the work in progress too."""
    return can(user, Capability.EVIDENCE_READ_VERIFIED, unit) and not can(
        user, Capability.EVIDENCE_READ_ALL, unit
    )


def items_readable_by(user) -> QuerySet[EvidenceItem]:
    """``items_visible_to`` narrowed for assessors, per row in SQL: where ``user`` holds only
    assessor roles (TPU/TPI) over the unit, just the verified items, plus the items whose
    current level ``user`` verifies (a TPI verifier must read what awaits them), and the
    items ``user`` decided on or wrote in (a TPI that returned an item reads the unit's
    answer in its thread). Someone with no assessor role reads what they see."""
    grants = grants_of(user)
    if not grants.anywhere(Capability.EVIDENCE_READ_VERIFIED):
        return items_visible_to(user)
    assessor = grants.where(Capability.EVIDENCE_READ_VERIFIED)
    staff = grants.where(Capability.EVIDENCE_READ_ALL)
    awaits = awaits_you(user)
    took_part = Exists(
        StateChange.objects.filter(
            content_type=ContentType.objects.get_for_model(EvidenceItem),
            object_id=OuterRef("pk"),
            actor=user,
        )
    ) | Exists(EvidenceComment.objects.filter(item=OuterRef("pk"), author=user))
    return items_visible_to(user).filter(
        Q(status=ItemStatus.VERIFIED) | ~assessor | staff | awaits | took_part
    )


def awaits_you(user) -> Q:
    """``awaiting_condition`` that also combines for someone who verifies nowhere (always
    false)."""
    condition = awaiting_condition(user)
    return Q(pk__in=[]) if condition is None else condition


def get_item_for_user(user, pk) -> EvidenceItem:
    return get_or_404(
        items_readable_by(user).select_related(
            "cycle", "unit", "question", "requirement", "created_by"
        ),
        pk=pk,
    )


def get_revision_for_user(user, pk) -> EvidenceRevision:
    return get_or_404(
        EvidenceRevision.objects.select_related("item", "item__unit", "stored_file"),
        pk=pk,
        item__in=items_readable_by(user),
    )


def items_for_question(user, cycle, question) -> QuerySet[EvidenceItem]:
    """The question's items ``user`` may read; ``awaits_you`` says which ones ``user``
    verifies now (one subquery, not one query per item)."""
    items = (
        items_readable_by(user)
        .filter(cycle=cycle, question=question)
        .annotate(awaits_you=awaits_you_flag(user))
    )
    return (
        items.select_related("requirement", "created_by")
        .prefetch_related(
            Prefetch(
                "revisions",
                queryset=EvidenceRevision.objects.select_related("stored_file", "created_by"),
            ),
            Prefetch("history", queryset=StateChange.objects.select_related("actor")),
            Prefetch(
                "comments",
                queryset=EvidenceComment.objects.select_related("author", "revision"),
            ),
        )
        .order_by("created_at", "id")
    )


# The status filter of a cycle's evidence page: its words and the statuses behind them.
STATUS_FILTERS = {
    "draf": (ItemStatus.DRAFT,),
    "dikembalikan": (ItemStatus.RETURNED,),
    "menunggu": (ItemStatus.IN_VERIFICATION,),
    "terverifikasi": (ItemStatus.VERIFIED,),
}


def _contributes(user) -> Q:
    """Condition on items: ``user`` may work on the item's unit and area
    (``evidence.submit``), from the roles read once."""
    return grants_of(user).where(Capability.EVIDENCE_SUBMIT, area_field="area_code")


def awaits_you_flag(user, awaits: Q | None = None) -> Case:
    """``awaits_you`` (or the same condition already built: ``awaits``) as a boolean column:
    which rows ``user`` verifies now."""
    condition = awaits_you(user) if awaits is None else awaits
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def cycle_items(user, cycle, *, area: str = "", status: str = "") -> QuerySet[EvidenceItem]:
    """The cycle's items ``user`` may read, filtered by area and status word, those that
    need ``user``'s action first (awaiting their verification, or a draft or returned item
    of their area), then the oldest waiting."""
    items = items_readable_by(user).filter(cycle=cycle).exclude(status=ItemStatus.WITHDRAWN)
    if area:
        items = items.filter(area_code=area)
    if status in STATUS_FILTERS:
        items = items.filter(status__in=STATUS_FILTERS[status])
    awaits = awaits_you(user)
    mine = Q(status__in=[ItemStatus.DRAFT, ItemStatus.RETURNED]) & _contributes(user)
    return (
        items.annotate(
            awaits_you=awaits_you_flag(user, awaits),
            needs_action=Case(
                When(awaits | mine, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
        )
        .select_related("question")
        .order_by("-needs_action", "question__order", "created_at", "id")
    )


QUEUE_ORDERS = {"lama": ("waiting_since", "id"), "baru": ("-waiting_since", "-id")}


def verifier_queue(
    user,
    *,
    unit: int | None = None,
    unit_q: str = "",
    area: str = "",
    level: str = "",
    order: str = "lama",
    reach: Reach | None = None,
) -> QuerySet[EvidenceItem]:
    """What awaits ``user``'s verification, filtered by unit (its id, or ``unit_q``: text
    in its code or name), area and level name, the longest waiting first
    (``order="baru"``: the most recent first)."""
    items = awaiting(user, reach)
    if unit:
        items = items.filter(unit_id=unit)
    if unit_q:
        items = items.filter(Q(unit__code__icontains=unit_q) | Q(unit__name__icontains=unit_q))
    if area:
        items = items.filter(area_code=area)
    if level:
        items = items.filter(current_level_name=level)
    return items.select_related("unit", "question", "cycle").order_by(
        *QUEUE_ORDERS.get(order, QUEUE_ORDERS["lama"])
    )


def _unit_labels(unit_ids) -> dict[int, tuple[int, str, str]]:
    """Unit id → (its place in the order of codes, in the database's collation; code;
    name): one query, for counts grouped by unit id alone. Grouping by the units' code and
    name instead makes the database sort every waiting item by two strings (the TPI of a
    ministry: 12 000 items, 4x slower)."""
    rows = (
        Unit.objects.filter(pk__in=unit_ids)
        .order_by("code", "pk")
        .values_list("pk", "code", "name")
    )
    return {pk: (rank, code, name) for rank, (pk, code, name) in enumerate(rows)}


def _labelled(counts: dict[tuple[int, str], int]) -> list[dict]:
    """``{(unit id, area): count}`` as rows with the unit's code and name, in the order of
    unit codes, then areas."""
    labels = _unit_labels({unit_id for unit_id, _area in counts})
    rows = [
        {
            "unit_id": unit_id,
            "unit__code": labels[unit_id][1],
            "unit__name": labels[unit_id][2],
            "area_code": area,
            "count": count,
        }
        for (unit_id, area), count in counts.items()
    ]
    rows.sort(key=lambda row: (labels[row["unit_id"]][0], row["area_code"]))
    return rows


def queue_counts(user, reach: Reach | None = None) -> list[dict]:
    """Items awaiting ``user`` per unit and area (two queries)."""
    grouped = (
        awaiting(user, reach).values("unit_id", "area_code").annotate(count=Count("id")).order_by()
    )
    return _labelled({(row["unit_id"], row["area_code"]): row["count"] for row in grouped})


@dataclass
class QueueOverview:
    """The verifier queue page's figures from one grouped query: the counts per unit and
    area, the level names, how many items await the user (``waiting``) and how many of
    them the filters leave (``total``, the pager's)."""

    counts: list[dict]
    levels: list[str]
    total: int
    waiting: int


def _matches(text: str, *values: str) -> bool:
    """``text`` in any of ``values``, ignoring case (as ``icontains`` does)."""
    needle = text.casefold()
    return any(needle in value.casefold() for value in values)


def queue_overview(
    user,
    *,
    unit: int | None = None,
    unit_q: str = "",
    area: str = "",
    level: str = "",
    reach: Reach | None = None,
) -> QueueOverview:
    # The level names ranked in the database's collation; units labelled after grouping.
    rows = list(
        awaiting(user, reach)
        .values("unit_id", "area_code", "current_level_name")
        .annotate(count=Count("id"))
        .annotate(level_rank=Window(DenseRank(), order_by=F("current_level_name").asc()))
        .order_by()
    )
    per_unit_area: dict[tuple[int, str], int] = defaultdict(int)
    for row in rows:
        per_unit_area[row["unit_id"], row["area_code"]] += row["count"]
    counts = _labelled(per_unit_area)
    matching = {
        row["unit_id"]
        for row in counts
        if unit_q and _matches(unit_q, row["unit__code"], row["unit__name"])
    }
    total = sum(
        row["count"]
        for row in rows
        if (not unit or row["unit_id"] == unit)
        and (not unit_q or row["unit_id"] in matching)
        and (not area or row["area_code"] == area)
        and (not level or row["current_level_name"] == level)
    )
    return QueueOverview(
        counts=counts,
        levels=[
            name
            for _rank, name in sorted({(r["level_rank"], r["current_level_name"]) for r in rows})
        ],
        total=total,
        waiting=sum(row["count"] for row in rows),
    )


# --- completeness ------------------------------------------------------------


@dataclass
class Progress:
    """How much of an evidence checklist has verified evidence."""

    entries: int = 0
    satisfied: int = 0

    @property
    def percent(self) -> Decimal:
        if not self.entries:
            return Decimal("0.00")
        return (Decimal(self.satisfied) * 100 / self.entries).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    def add(self, other: "Progress") -> None:
        self.entries += other.entries
        self.satisfied += other.satisfied


@dataclass
class CycleProgress:
    total: Progress = field(default_factory=Progress)
    areas: dict[str, Progress] = field(default_factory=dict)
    questions: dict[int, Progress] = field(default_factory=dict)


def _checklists(template_ids) -> dict[int, tuple[int, str, list[int]]]:
    """question id -> (template id, area code, requirement ids) for the templates."""
    questions = Question.objects.filter(version_id__in=template_ids).values_list(
        "pk", "version_id", "indicator__aspect__area__code"
    )
    requirements = defaultdict(list)
    for question_id, requirement_id in EvidenceRequirement.objects.filter(
        question__version_id__in=template_ids
    ).values_list("question_id", "pk"):
        requirements[question_id].append(requirement_id)
    return {qid: (vid, area, requirements[qid]) for qid, vid, area in questions}


def cycles_progress(cycles) -> dict[int, CycleProgress]:
    """Checklist completeness of each cycle, per area and per question, in three queries.

    A question's checklist entries are its evidence requirements; an entry counts as done
    when a verified item names it. A question without a checklist has one entry, done by
    any verified item.
    """
    cycles = list(cycles)
    checklists = _checklists({c.template_id for c in cycles})
    verified = defaultdict(set)  # (cycle, question) -> {requirement id or None}
    for cycle_id, question_id, requirement_id in (
        EvidenceItem.objects.filter(cycle__in=[c.pk for c in cycles], status=ItemStatus.VERIFIED)
        .values_list("cycle_id", "question_id", "requirement_id")
        .order_by()  # the model's ordering would join and take part in DISTINCT
        .distinct()
    ):
        verified[(cycle_id, question_id)].add(requirement_id)
    result = {}
    for cycle in cycles:
        progress = CycleProgress()
        for question_id, (template_id, area, requirement_ids) in checklists.items():
            if template_id != cycle.template_id:
                continue
            done = verified.get((cycle.pk, question_id), set())
            if requirement_ids:
                item = Progress(len(requirement_ids), len(done & set(requirement_ids)))
            else:
                item = Progress(1, 1 if done else 0)
            progress.questions[question_id] = item
            progress.areas.setdefault(area, Progress()).add(item)
            progress.total.add(item)
        result[cycle.pk] = progress
    return result


# --- completeness roll-up: one tree level at a time ---------------------------


@dataclass
class CompletenessRow:
    """A unit of the completeness page: its own (first) cycle of the year and the roll-up
    of every cycle of the visible units in its subtree."""

    unit: Unit
    cycle: Cycle | None = None
    own: Progress | None = None
    subtree: Progress = field(default_factory=Progress)
    has_below: bool = False  # visible units below it: the row opens a level


@dataclass
class CompletenessLevel:
    current: CompletenessRow | None  # the chosen unit (None: several visible top units)
    rows: list[CompletenessRow]  # the visible units one level below it, with checklists
    breadcrumb: list[Unit]  # the visible units above the chosen one
    others: bool = False  # the chosen unit is one of several visible top units


def _counted_cycles(year: int) -> QuerySet[Cycle]:
    """The cycle a unit counts with in a year: of several (WBK and WBBM), the first by
    target, as the page always showed."""
    earlier = Cycle.objects.filter(
        unit_id=OuterRef("unit_id"), year=OuterRef("year"), target__lt=OuterRef("target")
    )
    return Cycle.objects.filter(year=year).exclude(Exists(earlier)).order_by()


def _verified_entries() -> Subquery:
    """Per cycle (the outer row): checklist entries with a verified item, as in
    ``cycles_progress``: a requirement of the question named by a verified item; a question
    without a checklist counts once, for any verified item."""
    has_checklist = Exists(EvidenceRequirement.objects.filter(question_id=OuterRef("question_id")))
    counted = (
        EvidenceItem.objects.filter(
            cycle_id=OuterRef("pk"),
            status=ItemStatus.VERIFIED,
            question__version_id=OuterRef("template_id"),
        )
        .order_by()
        .values("cycle_id")
        .annotate(
            n=Count(
                "requirement_id",
                distinct=True,
                filter=Q(requirement__question_id=F("question_id")),
            )
            + Count("question_id", distinct=True, filter=~has_checklist)
        )
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _checklist_sizes(template_ids) -> dict[int, int]:
    """template id -> checklist entries of one cycle (a question without requirements
    is one entry)."""
    sizes: dict[int, int] = defaultdict(int)
    for template_id, requirements in (
        Question.objects.filter(version_id__in=template_ids)
        .order_by()
        .annotate(n=Count("evidence"))
        .values_list("version_id", "n")
    ):
        sizes[template_id] += max(requirements, 1)
    return sizes


def completeness_level(user, *, year: int, unit: Unit | None = None) -> CompletenessLevel:
    """The completeness page at ``unit`` (a unit ``user`` may see; None: the top of what
    they see, that unit itself when there is one): its figures and those of the visible
    units one level below, rolled up in SQL over the units' path prefixes. A fixed
    number of queries, whatever the size of the tree."""
    visible = units_where(user, Capability.UNIT_VIEW)
    scope_q = Q() if unit is None else Q(path__startswith=unit.path)
    paths = list(visible.filter(scope_q).order_by().values_list("path", flat=True))
    tops = visible_tops(paths, None if unit is None else unit.path)
    if unit is None and len(tops) == 1:
        unit = visible.get(path=next(iter(tops)))
        tops = visible_tops(paths, unit.path)
    current = CompletenessRow(unit=unit) if unit is not None else None
    rows = {u.path: CompletenessRow(unit=u) for u in visible.filter(path__in=list(tops))}
    for path, row in rows.items():
        row.has_below = tops[path]
    cycles = _counted_cycles(year)
    roll_up = list(
        cycles.filter(unit__in=visible.filter(scope_q).values("pk"))
        .annotate(
            top=Case(
                *[When(unit__path__startswith=path, then=Value(path)) for path in rows],
                output_field=CharField(),
            ),
            verified=_verified_entries(),
        )
        .filter(top__isnull=False)
        .values("top", "template_id")
        .annotate(cycles=Count("pk"), satisfied=Sum("verified"))
    )
    own_units = [r.unit.pk for r in rows.values()] + ([unit.pk] if unit is not None else [])
    own = list(cycles.filter(unit_id__in=own_units).annotate(verified=_verified_entries()))
    sizes = _checklist_sizes({r["template_id"] for r in roll_up} | {c.template_id for c in own})
    for r in roll_up:
        rows[r["top"]].subtree.add(Progress(sizes[r["template_id"]] * r["cycles"], r["satisfied"]))
    by_unit = {r.unit.pk: r for r in rows.values()}
    if current is not None:
        by_unit[unit.pk] = current
    for cycle in own:
        row = by_unit[cycle.unit_id]
        row.cycle, row.own = cycle, Progress(sizes[cycle.template_id], cycle.verified)
    shown = sorted((r for r in rows.values() if r.subtree.entries), key=lambda r: r.unit.path)
    if current is not None:
        if current.own:
            current.subtree.add(current.own)
        for row in shown:
            current.subtree.add(row.subtree)
    breadcrumb = (
        list(visible.filter(path__in=unit.ancestor_paths()).order_by("path"))
        if unit is not None
        else []
    )
    others = (
        unit is not None and not breadcrumb and visible.exclude(path__startswith=unit.path).exists()
    )
    return CompletenessLevel(current=current, rows=shown, breadcrumb=breadcrumb, others=others)
