"""The sections a monev report computes from the unit's own records (FRM-04 B, C, E).

- B: every recommendation of an earlier report of the unit still open when this period
  began (not recorded as done by a report of an earlier period), with its follow-up,
  evidence and status → "x dari y rekomendasi = z%".
- C: every item of the ratified Rencana Kerja planned for the month, per area, with its
  realisation from the Pokja tasks due in that month (all done: telah; some done or in
  progress: sedang; none: belum dilaksanakan) → "x dari y kegiatan = z%".
- E: the recommendations made in this period.

A draft shows them live (``build``); submitting freezes the result into
``Report.sections``, which is what the head approves, the pages of a submitted or issued
report show and the PDF prints. The dictionary is plain JSON (dates as ISO strings).
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from apps.core.choices import Area
from apps.evidence.models import EvidenceItem
from apps.workplan.models import PlanItem, PlanRevision, RevisionStatus, Task, TaskStatus

from .kinds import spec_of
from .models import FollowUp, Recommendation, Report
from .periods import add_months, percent

AREA_LABELS = dict(Area.choices)
OTHER_AREA = "Lainnya"
REALISATION_LABELS = {
    TaskStatus.TELAH: "Telah dilaksanakan",
    TaskStatus.SEDANG: "Sedang dilaksanakan",
    TaskStatus.BELUM: "Belum dilaksanakan",
}


def carried(report: Report) -> QuerySet[Recommendation]:
    """Recommendations of earlier periods still open when ``report``'s period began."""
    return (
        Recommendation.objects.filter(
            unit_id=report.unit_id,
            report__kind=report.kind,
            report__period_start__lt=report.period_start,
        )
        .filter(Q(closed_in__isnull=True) | Q(closed_in__period_start__gte=report.period_start))
        .select_related("pic", "report")
        .prefetch_related(
            Prefetch("evidence", queryset=EvidenceItem.objects.only("id", "title", "status"))
        )
        .order_by("report__period_start", "area", "order", "id")
    )


def made_in_period(report: Report) -> QuerySet[Recommendation]:
    """The recommendations made in ``report``'s period (any revision of it)."""
    return (
        Recommendation.objects.filter(
            unit_id=report.unit_id,
            report__kind=report.kind,
            report__period_start=report.period_start,
        )
        .select_related("pic", "report")
        .order_by("area", "order", "id")
    )


def _by_area(rows: list[dict]) -> list[dict]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[row["area"]].append(row)
    order = [*Area.values, ""]
    return [
        {"code": code, "label": str(AREA_LABELS.get(code, OTHER_AREA)), "rows": groups[code]}
        for code in order
        if groups.get(code)
    ]


def _figures(done: int, total: int) -> dict:
    value = percent(done, total)
    return {"done": done, "total": total, "percent": None if value is None else str(value)}


def _recommendation_row(rec: Recommendation) -> dict:
    return {
        "id": rec.pk,
        "area": rec.area,
        "text": rec.text,
        "pic": rec.pic.full_name,
        "pic_nip": rec.pic.nip or "",
        "target_on": rec.target_on.isoformat(),
        "made_in": rec.report.period_start.isoformat(),
        "follow_up": rec.follow_up,
        "evidence_note": rec.evidence_note,
        "evidence": [{"id": e.pk, "title": e.title} for e in rec.evidence.all()],
        "status": rec.status,
        "status_label": str(FollowUp(rec.status).label),
    }


def section_b(report: Report) -> dict:
    rows = [_recommendation_row(rec) for rec in carried(report)]
    done = sum(1 for row in rows if row["status"] == FollowUp.TELAH)
    return {"areas": _by_area(rows), **_figures(done, len(rows))}


def section_e(report: Report) -> dict:
    rows = []
    for rec in made_in_period(report):
        row = _recommendation_row(rec)
        del row["evidence"]  # made this period: no follow-up yet to show
        rows.append(row)
    return {"rows": rows}


def _owners(cycle_id: int, current: list[PlanItem]) -> dict[int, int]:
    """Every plan item of the cycle (in any revision) → the item of ``current`` it was
    copied into, so that tasks made from an earlier revision's item count for its copy."""
    origin_of = dict(
        PlanItem.objects.filter(revision__cycle_id=cycle_id).values_list("pk", "origin_id")
    )
    owners: dict[int, int] = {}
    for item in current:
        node, seen = item.pk, set()
        while node is not None and node not in seen:
            seen.add(node)
            owners.setdefault(node, item.pk)
            node = origin_of.get(node)
    return owners


def realisation(statuses: list[str]) -> str:
    """The realisation of an item from the statuses of its tasks due in the month."""
    if statuses and all(s == TaskStatus.TELAH for s in statuses):
        return TaskStatus.TELAH
    if any(s in (TaskStatus.TELAH, TaskStatus.SEDANG) for s in statuses):
        return TaskStatus.SEDANG
    return TaskStatus.BELUM


def section_c(report: Report) -> dict:
    revision = (
        PlanRevision.objects.filter(cycle_id=report.cycle_id, status=RevisionStatus.RATIFIED)
        .order_by("-number")
        .first()
    )
    if revision is None:
        return {"plan_revision": None, "areas": [], **_figures(0, 0)}
    items = list(
        PlanItem.objects.filter(
            revision=revision, removed_at__isnull=True, months__contains=[report.period_start.month]
        ).order_by("area", "order", "id")
    )
    owners = _owners(report.cycle_id, items)
    statuses: dict[int, list[str]] = defaultdict(list)
    for item_id, status in Task.objects.filter(
        cycle_id=report.cycle_id, due_on__range=(report.period_start, report.period_end)
    ).values_list("item_id", "status"):
        if item_id in owners:
            statuses[owners[item_id]].append(status)
    notes = report.item_notes or {}
    rows = []
    for item in items:
        found = statuses.get(item.pk, [])
        state = realisation(found)
        rows.append(
            {
                "id": item.pk,
                "area": item.area,
                "action": item.action,
                "description": item.description,
                "output": item.output,
                "pic": item.pic,
                "tasks": len(found),
                "tasks_done": sum(1 for s in found if s == TaskStatus.TELAH),
                "realisation": state,
                "realisation_label": REALISATION_LABELS[TaskStatus(state)],
                "note": notes.get(str(item.pk), ""),
            }
        )
    done = sum(1 for row in rows if row["realisation"] == TaskStatus.TELAH)
    return {"plan_revision": revision.number, "areas": _by_area(rows), **_figures(done, len(rows))}


def build(report: Report) -> dict:
    """Sections B, C and E of ``report`` from the records as they are now (another kind's
    sections: its own builder, ``KindSpec.builder``)."""
    spec = spec_of(report.kind)
    if spec.builder:
        return import_string(spec.builder)(report)
    previous = add_months(report.period_start, -spec.months)
    return {
        "computed_at": timezone.now().isoformat(),
        "period": report.period_start.isoformat(),
        "previous": previous.isoformat(),
        "b": section_b(report),
        "c": section_c(report),
        "e": section_e(report),
    }


def of(report: Report) -> dict:
    """What a page or the PDF shows: the frozen sections once submitted, else live."""
    if report.sections and not report.is_editable:
        return report.sections
    return build(report)


def percent_of(figures: dict) -> Decimal | None:
    value = figures.get("percent")
    return None if value is None else Decimal(value)


def as_date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)
