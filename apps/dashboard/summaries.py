"""Keeping the dashboard's summary rows (``models.py``) in step with the agency's data.

``refresh_summaries`` recomputes the rows of some or all cycles of one agency in a fixed
number of set-based queries (whatever the number of cycles), plus one engine scoring per
newly released assessment and one eligibility check per cycle waiting for the TPI
proposal. Workflow steps mark their cycle's row stale (``events.observe``, one UPDATE in
the step's transaction); the beat job ``refresh-dashboard`` refreshes stale and missing
rows every minute and every row of the open years hourly (what only time changes: overdue
tasks, monev deadlines, pacts of new staff).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.db import connection, transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.assessment.eligibility import eligibility_for
from apps.assessment.models import Answer, Assessment, Level, Status
from apps.cycles.models import Cycle, Stage
from apps.declaration.models import Placement
from apps.evidence.models import EvidenceItem, ItemStatus
from apps.lke.engine import model as m
from apps.lke.engine import score
from apps.lke.engine.numbers import round_half_up
from apps.lke.models import Area, Question
from apps.lke.selectors import engine_template
from apps.reports.kinds import Kind as ReportKind
from apps.reports.models import Report
from apps.reports.selectors import due_dates
from apps.workplan.models import Task, TaskStatus

from .models import HASIL, AreaSummary, BacklogSummary, CycleSummary

LEVELS = (Level.MANDIRI, Level.TPU, Level.TPI)  # lowest first


@dataclass
class _AreaFigures:
    order: int
    name: str
    entries: int = 0
    satisfied: int = 0
    percents: dict = field(default_factory=dict)  # level -> Decimal


def _percent(value: Fraction) -> Decimal:
    return round_half_up(value, 2)


def _template_areas(template_ids) -> dict[int, dict[str, tuple[int, str, str]]]:
    """template id -> {area code: (order, name, heat-map column)}: pengungkit areas are
    their own column, the result component's areas are the HASIL column."""
    out: dict[int, dict] = defaultdict(dict)
    for tid, code, name, order, corder, kind in Area.objects.filter(
        version_id__in=template_ids
    ).values_list("version_id", "code", "name", "order", "component__order", "component__kind"):
        column = HASIL if kind == m.HASIL else code
        out[tid][code] = (corder * 100 + order, name, column)
    return out


def _entries(template_ids) -> dict[tuple[int, str], int]:
    """(template id, area code) -> checklist entries of one cycle (a question without
    requirements is one entry), and the questions without a checklist."""
    sizes: dict[tuple[int, str], int] = defaultdict(int)
    for tid, area, n in (
        Question.objects.filter(version_id__in=template_ids)
        .order_by()
        .annotate(n=Count("evidence"))
        .values_list("version_id", "indicator__aspect__area__code", "n")
    ):
        sizes[(tid, area)] += max(n, 1)
    return sizes


def _verified_entries(tenant_id: int, cycle_ids) -> dict[tuple[int, str], int]:
    """(cycle, area code) -> checklist entries with a verified item, as
    ``apps.evidence.selectors.cycles_progress`` counts them."""
    bare = Question.objects.filter(evidence__isnull=True).values("pk")
    rows = (
        EvidenceItem.objects.filter(
            tenant_id=tenant_id, cycle_id__in=cycle_ids, status=ItemStatus.VERIFIED
        )
        .order_by()
        .values("cycle_id", "area_code")
        .annotate(
            n=Count(
                "requirement_id",
                distinct=True,
                filter=Q(requirement__question_id=F("question_id")),
            )
            + Count("question_id", distinct=True, filter=Q(question_id__in=bare))
        )
    )
    return {(r["cycle_id"], r["area_code"]): r["n"] for r in rows}


def _released(tenant_id: int, cycle_ids) -> dict[int, dict[str, Assessment]]:
    """cycle -> {level: assessment} of the results that count: the TPU's and TPI's once
    released to the unit, the unit's own self-assessment once final."""
    out: dict[int, dict[str, Assessment]] = defaultdict(dict)
    for assessment in Assessment.objects.filter(
        Q(released_at__isnull=False) | Q(level=Level.MANDIRI, status=Status.FINAL),
        tenant_id=tenant_id,
        cycle_id__in=cycle_ids,
    ).only("pk", "cycle_id", "level", "template_id", "released_at", "locked_at"):
        out[assessment.cycle_id][assessment.level] = assessment
    return out


def _stamp(assessments: dict[str, Assessment]) -> dict[str, str]:
    return {
        level: (a.released_at or a.locked_at).isoformat()
        for level, a in sorted(assessments.items())
    }


def _scores(cycles: dict[int, Cycle], released: dict[int, dict[str, Assessment]]):
    """Engine results of the released assessments of ``cycles``: {cycle: {level: Result}}.
    One query for all their answers."""
    wanted = [a for cycle_id in cycles for a in released.get(cycle_id, {}).values()]
    answers: dict[int, dict[str, object]] = defaultdict(dict)
    for aid, code, value in Answer.objects.filter(
        assessment_id__in=[a.pk for a in wanted], value__isnull=False
    ).values_list("assessment_id", "question__code", "value"):
        answers[aid][code] = value
    results: dict[int, dict[str, object]] = defaultdict(dict)
    templates = {}
    for a in wanted:
        cycle = cycles[a.cycle_id]
        if a.template_id not in templates:
            templates[a.template_id] = engine_template(cycle.template)
        results[a.cycle_id][a.level] = score(
            templates[a.template_id], answers[a.pk], cycle.target == "wbbm"
        )
    return results


def _monev(tenant_id: int, cycle_ids, today: date) -> dict[int, tuple[int, int]]:
    """cycle -> (monev reports whose deadline has passed, issued by the deadline)."""
    reports = list(
        Report.objects.filter(
            tenant_id=tenant_id,
            cycle_id__in=cycle_ids,
            kind=ReportKind.MONEV,
            based_on__isnull=True,
        ).values_list("cycle_id", "period_start", "issued_at")
    )
    if not reports:
        return {}
    due = due_dates(tenant=tenant_id, keys={(ReportKind.MONEV, start) for _c, start, _i in reports})
    out: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for cycle_id, start, issued_at in reports:
        deadline = due.get((ReportKind.MONEV, start))
        if deadline is None or deadline >= today:
            continue
        out[cycle_id][0] += 1
        if issued_at is not None and timezone.localdate(issued_at) <= deadline:
            out[cycle_id][1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


@scopes_disabled()
def refresh_summaries(*, tenant_id: int, cycle_ids=None, today: date | None = None) -> int:
    """Recompute the summary rows of ``cycle_ids`` (every cycle of the agency when None);
    returns the number of rows written."""
    today = today or timezone.localdate()
    cycles_qs = Cycle.objects.filter(tenant_id=tenant_id).select_related("template")
    if cycle_ids is not None:
        cycles_qs = cycles_qs.filter(pk__in=list(cycle_ids))
    cycles = {c.pk: c for c in cycles_qs.order_by()}
    if not cycles:
        return 0
    ids = list(cycles)
    template_ids = {c.template_id for c in cycles.values()}
    areas = _template_areas(template_ids)
    entries = _entries(template_ids)
    verified = _verified_entries(tenant_id, ids)

    items = defaultdict(dict)
    for row in (
        EvidenceItem.objects.filter(tenant_id=tenant_id, cycle_id__in=ids)
        .order_by()
        .values("cycle_id", "status")
        .annotate(n=Count("pk"))
    ):
        items[row["cycle_id"]][row["status"]] = row["n"]
    backlog = defaultdict(list)
    for row in (
        EvidenceItem.objects.filter(
            tenant_id=tenant_id, cycle_id__in=ids, status=ItemStatus.IN_VERIFICATION
        )
        .order_by()
        .values("cycle_id", "level", "current_level_name")
        .annotate(n=Count("pk"), oldest=Min("waiting_since"))
    ):
        backlog[row["cycle_id"]].append(row)
    tasks = {
        row["cycle_id"]: row
        for row in Task.objects.filter(tenant_id=tenant_id, cycle_id__in=ids)
        .order_by()
        .values("cycle_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=TaskStatus.TELAH)),
            overdue=Count("pk", filter=~Q(status=TaskStatus.TELAH) & Q(due_on__lt=today)),
        )
    }
    pacts = {
        row["unit_id"]: row
        for row in Placement.objects.filter(
            tenant_id=tenant_id,
            unit_id__in={c.unit_id for c in cycles.values()},
            ended_on__isnull=True,
        )
        .order_by()
        .values("unit_id")
        .annotate(total=Count("pk"), signed=Count("pact"))
    }
    monev = _monev(tenant_id, ids, today)
    released = _released(tenant_id, ids)
    previous = {
        s.cycle_id: s
        for s in CycleSummary.objects.filter(cycle_id__in=ids).only("pk", "cycle_id", "scored_from")
    }
    rescore = {
        cid: cycles[cid]
        for cid in ids
        if cid not in previous or previous[cid].scored_from != _stamp(released.get(cid, {}))
    }
    results = _scores(rescore, released)
    eligible = {
        cid
        for cid, cycle in cycles.items()
        if cycle.stage == Stage.PENILAIAN_PENDAHULUAN
        and Level.TPU in released.get(cid, {})
        and eligibility_for(cycle, as_of=today).eligible
    }

    now = timezone.now()
    summaries, area_rows, backlog_rows = [], [], []
    for cid, cycle in cycles.items():
        counts = items.get(cid, {})
        task = tasks.get(cid, {})
        pact = pacts.get(cycle.unit_id, {})
        due, on_time = monev.get(cid, (0, 0))
        figures: dict[str, _AreaFigures] = {}
        for code, (order, name, column) in areas[cycle.template_id].items():
            fig = figures.setdefault(
                column, _AreaFigures(order, "Hasil" if column == HASIL else name)
            )
            fig.entries += entries.get((cycle.template_id, code), 0)
            fig.satisfied += verified.get((cid, code), 0)
        summary = CycleSummary(
            tenant_id=tenant_id,
            cycle_id=cid,
            unit_id=cycle.unit_id,
            year=cycle.year,
            target=cycle.target,
            stage=cycle.stage,
            entries=sum(f.entries for f in figures.values()),
            satisfied=sum(f.satisfied for f in figures.values()),
            items=sum(counts.values()),
            items_verified=counts.get(ItemStatus.VERIFIED, 0),
            items_waiting=counts.get(ItemStatus.IN_VERIFICATION, 0),
            items_returned=counts.get(ItemStatus.RETURNED, 0),
            tasks=task.get("total", 0),
            tasks_done=task.get("done", 0),
            tasks_overdue=task.get("overdue", 0),
            staff=pact.get("total", 0),
            pacts_signed=pact.get("signed", 0),
            monev_due=due,
            monev_on_time=on_time,
            eligible_tpi=cid in eligible,
            stale=False,
            refreshed_at=now,
        )
        if cid in rescore:
            _apply_scores(summary, cycle, figures, results.get(cid, {}))
            summary.scored_from = _stamp(released.get(cid, {}))
        summaries.append((summary, figures, cid in rescore))
        for row in backlog.get(cid, ()):
            backlog_rows.append((cid, row))

    scored_fields = [
        "level", "total", "total_mandiri", "total_tpu", "total_tpi", "predicate",
        "failed_rules", "failing", "scored_from",
    ]  # fmt: skip
    plain_fields = [
        "unit", "year", "target", "stage", "entries", "satisfied", "items", "items_verified",
        "items_waiting", "items_returned", "tasks", "tasks_done", "tasks_overdue", "staff",
        "pacts_signed", "monev_due", "monev_on_time", "eligible_tpi", "stale", "refreshed_at",
    ]  # fmt: skip
    with transaction.atomic():
        by_cycle = {}
        for rescored in (True, False):
            batch = [s for s, _f, r in summaries if r is rescored]
            if not batch:
                continue
            CycleSummary.objects.bulk_create(
                batch,
                update_conflicts=True,
                unique_fields=["cycle"],
                update_fields=plain_fields + (scored_fields if rescored else []),
            )
            by_cycle.update({s.cycle_id: s.pk for s in batch})
        for summary, figures, rescored in summaries:
            for column, fig in figures.items():
                row = AreaSummary(
                    tenant_id=tenant_id,
                    summary_id=by_cycle[summary.cycle_id],
                    area=column,
                    order=fig.order,
                    name=fig.name,
                    entries=fig.entries,
                    satisfied=fig.satisfied,
                )
                if rescored:
                    for level in LEVELS:
                        setattr(row, f"percent_{level}", fig.percents.get(level))
                    row.percent = next(
                        (fig.percents[lv] for lv in reversed(LEVELS) if lv in fig.percents), None
                    )
                area_rows.append((row, rescored))
        for rescored in (True, False):
            batch = [r for r, s in area_rows if s is rescored]
            if batch:
                AreaSummary.objects.bulk_create(
                    batch,
                    update_conflicts=True,
                    unique_fields=["summary", "area"],
                    update_fields=["order", "name", "entries", "satisfied"]
                    + (
                        ["percent", "percent_mandiri", "percent_tpu", "percent_tpi"]
                        if rescored
                        else []
                    ),
                )
        BacklogSummary.objects.filter(summary_id__in=list(by_cycle.values())).delete()
        BacklogSummary.objects.bulk_create(
            BacklogSummary(
                tenant_id=tenant_id,
                summary_id=by_cycle[cid],
                level=row["level"],
                name=row["current_level_name"],
                waiting=row["n"],
                oldest=row["oldest"],
            )
            for cid, row in backlog_rows
        )
    if len(summaries) >= ANALYZE_AFTER:
        _analyze()
    return len(summaries)


# A refresh that wrote this many rows refreshes the planner's statistics of the summary
# tables at once: before autovacuum gets to them the planner expects one row and a leader's
# first look after a full refresh of a large agency ran as nested loops for minutes
# (bench/dashboard.py).
ANALYZE_AFTER = 500


def _analyze() -> None:
    tables = ", ".join(
        model._meta.db_table for model in (CycleSummary, AreaSummary, BacklogSummary)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def _apply_scores(summary: CycleSummary, cycle: Cycle, figures, results: dict) -> None:
    summary.level, summary.total, summary.predicate = "", None, ""
    summary.failed_rules, summary.failing = [], False
    for level in LEVELS:
        setattr(summary, f"total_{level}", None)
    for level in LEVELS:
        result = results.get(level)
        if result is None:
            continue
        setattr(summary, f"total_{level}", result.rounded(result.total))
        for component in result.components:
            if component.kind == m.HASIL:
                if HASIL in figures:
                    figures[HASIL].percents[level] = _percent(component.percent)
                continue
            for area in component.areas:
                if area.code in figures:
                    figures[area.code].percents[level] = _percent(area.percent)
        summary.level = level
        summary.total = result.rounded(result.total)
        summary.predicate = result.predicate or ""
        failed = result.failed(cycle.target.upper())
        summary.failed_rules = [o.to_dict() for o in failed]
        summary.failing = bool(failed)


def mark_stale(cycle_id: int) -> None:
    """The cycle's figures changed: its row is refreshed by the next beat run."""
    CycleSummary.objects.filter(cycle_id=cycle_id, stale=False).update(stale=True)


def mark_unit_stale(unit_id: int) -> None:
    """The unit's staff or pacts changed: every row of its cycles is refreshed next."""
    CycleSummary.objects.filter(unit_id=unit_id, stale=False).update(stale=True)


@scopes_disabled()
def refresh_stale(*, limit: int = 2000) -> int:
    """Refresh stale rows and cycles without one, per agency; the number of rows written."""
    pending = defaultdict(set)
    for tenant_id, cycle_id in CycleSummary.objects.filter(stale=True).values_list(
        "tenant_id", "cycle_id"
    )[:limit]:
        pending[tenant_id].add(cycle_id)
    for tenant_id, cycle_id in Cycle.objects.filter(dashboard_summary__isnull=True).values_list(
        "tenant_id", "pk"
    )[:limit]:
        pending[tenant_id].add(cycle_id)
    return sum(refresh_summaries(tenant_id=t, cycle_ids=ids) for t, ids in pending.items())


def open_years() -> tuple[int, int]:
    """The years whose rows the hourly job keeps current: this one and the last."""
    today = timezone.localdate()
    return (today.year - 1, today.year)


@scopes_disabled()
def tenants_with_cycles(years) -> list[int]:
    return list(
        Cycle.objects.filter(year__in=years)
        .order_by("tenant_id")
        .values_list("tenant_id", flat=True)
        .distinct()
    )


@scopes_disabled()
def refresh_tenant(*, tenant_id: int, years) -> int:
    """Every cycle of one agency in ``years``."""
    ids = Cycle.objects.filter(tenant_id=tenant_id, year__in=years).values_list("pk", flat=True)
    return refresh_summaries(tenant_id=tenant_id, cycle_ids=list(ids))


def refresh_all(*, years=None) -> int:
    """Every cycle of every agency in ``years`` (default: ``open_years()``), in this
    process (``manage.py refresh_dashboard``; the beat job queues one task per agency)."""
    years = years or open_years()
    return sum(refresh_tenant(tenant_id=t, years=years) for t in tenants_with_cycles(years))
