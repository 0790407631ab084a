"""The sections of the annual Laporan Pembangunan ZI (kind ``tahunan``, DOMAIN.md §7),
compiled from the unit's records for the cycle and its year:

- ``plan``: the ratified Rencana Kerja in force and its realisation per area over the
  year (every item in every month it is planned for, realised as in the monev's section
  C: ``workplan.selectors.plan_realisation``);
- ``monev``: the twelve monthly monev reports (FRM-04): issued or not, the head at the
  meeting, the figures of their sections B and C;
- ``recommendations``: the recommendations of those reports and their follow-up, with
  those still open;
- ``agents``: the change agents (``apps.teams``) and their Rencana Aksi, and the agents'
  quarterly reports (:func:`agent_reports`, the one place that reads them);
- ``evidence``: the checklist completeness per area (``evidence.selectors.cycles_progress``).

Like the monev's sections, a draft shows them live and submitting freezes them in
``Report.sections`` (plain JSON). A fixed number of queries whatever the size of the
plan, the reports or the team.
"""

import datetime

from django.db.models import Prefetch
from django.utils import timezone

from apps.core.choices import Area
from apps.evidence.selectors import cycles_progress
from apps.teams.models import ActionPlanItem, ChangeAgent
from apps.workplan.models import PlanItem, PlanRevision, RevisionStatus, TaskStatus
from apps.workplan.selectors import plan_realisation

from .models import PUBLISHED, FollowUp, Kind, Recommendation, Report, ReportStatus
from .periods import month_label, percent

AREA_LABELS = dict(Area.choices)
# The Agen Perubahan quarterly report (FRM-05): a kind of this app added separately; read
# by its value so that this module works with or without it.
AGENT_KIND = "agen_perubahan"


def _figures(done: int, total: int) -> dict:
    value = percent(done, total)
    return {"done": done, "total": total, "percent": None if value is None else str(value)}


def _area_label(code: str) -> str:
    return str(AREA_LABELS.get(code, code or "Lainnya"))


def _end_of_year(report: Report) -> datetime.date:
    """Records count as they stood at the end of the year (or today, for a draft written
    before the year ended, e.g. by hand)."""
    return min(report.period_end, timezone.localdate())


def section_plan(report: Report) -> dict:
    revision = (
        PlanRevision.objects.filter(cycle_id=report.cycle_id, status=RevisionStatus.RATIFIED)
        .order_by("-number")
        .first()
    )
    if revision is None:
        return {"revision": None, "areas": [], "items": 0, **_figures(0, 0)}
    items = list(
        PlanItem.objects.filter(revision=revision, removed_at__isnull=True).order_by(
            "area", "order", "id"
        )
    )
    occurrences = plan_realisation(
        report.cycle, items, months=range(1, 13), as_of=_end_of_year(report)
    )
    per_area: dict[str, dict] = {}
    for item in items:
        per_area.setdefault(item.area, {"items": 0, "done": 0, "ongoing": 0, "total": 0})
        per_area[item.area]["items"] += 1
    for occurrence in occurrences:
        row = per_area[occurrence.item.area]
        row["total"] += 1
        row["done"] += occurrence.status == TaskStatus.TELAH
        row["ongoing"] += occurrence.status == TaskStatus.SEDANG
    areas = [
        {
            "code": code,
            "label": _area_label(code),
            "items": row["items"],
            "ongoing": row["ongoing"],
            **_figures(row["done"], row["total"]),
        }
        for code in [*Area.values, *sorted(set(per_area) - set(Area.values))]
        if (row := per_area.get(code))
    ]
    done = sum(a["done"] for a in areas)
    return {
        "revision": revision.number,
        "ratified_on": timezone.localdate(revision.ratified_at).isoformat()
        if revision.ratified_at
        else None,
        "areas": areas,
        "items": len(items),
        "ongoing": sum(a["ongoing"] for a in areas),
        **_figures(done, sum(a["total"] for a in areas)),
    }


def section_monev(report: Report) -> dict:
    """The year's monev reports, month by month: the revision in force (the latest issued,
    else the open one)."""
    shown: dict[datetime.date, Report] = {}
    for row in Report.objects.filter(
        unit_id=report.unit_id, kind=Kind.MONEV, period_start__year=report.period_start.year
    ).order_by("period_start", "revision"):
        current = shown.get(row.period_start)
        if current is None or row.status in PUBLISHED or current.status not in PUBLISHED:
            shown[row.period_start] = row
    months = []
    for month in range(1, 13):
        start = datetime.date(report.period_start.year, month, 1)
        row = shown.get(start)
        frozen = (row.sections or {}) if row is not None and row.is_published else {}
        months.append(
            {
                "month": month,
                "label": month_label(start),
                "status": row.status if row else "",
                "status_label": str(ReportStatus(row.status).label) if row else "Belum ada",
                "issued_on": timezone.localdate(row.issued_at).isoformat()
                if row is not None and row.is_published and row.issued_at
                else None,
                "head_attended": row.head_attended if row is not None else None,
                "activities": {k: frozen["c"][k] for k in ("done", "total", "percent")}
                if "c" in frozen
                else None,
                "recommendations": {k: frozen["b"][k] for k in ("done", "total", "percent")}
                if "b" in frozen
                else None,
            }
        )
    issued = [m for m in months if m["issued_on"]]
    return {
        "months": months,
        "issued": len(issued),
        "head_present": sum(1 for m in issued if m["head_attended"]),
    }


def section_recommendations(report: Report) -> dict:
    rows = list(
        Recommendation.objects.filter(
            unit_id=report.unit_id,
            report__kind=Kind.MONEV,
            report__period_start__year=report.period_start.year,
        )
        .select_related("pic", "report")
        .order_by("report__period_start", "area", "order", "id")
    )
    done = sum(1 for r in rows if r.status == FollowUp.TELAH)
    ongoing = sum(1 for r in rows if r.status == FollowUp.SEDANG)
    still_open = [
        {
            "area": r.area,
            "area_label": _area_label(r.area),
            "text": r.text,
            "pic": r.pic.full_name,
            "target_on": r.target_on.isoformat(),
            "made_in": month_label(r.report.period_start),
            "status_label": str(FollowUp(r.status).label),
        }
        for r in rows
        if r.status != FollowUp.TELAH
    ]
    return {"in_progress": ongoing, "open": still_open, **_figures(done, len(rows))}


def agent_reports(report: Report) -> list[dict]:
    """THE place where the agents' quarterly reports (FRM-05) are summarised: the issued
    ones of the unit's year, by quarter. Read by the kind's value (``AGENT_KIND``), so
    it shows nothing until that kind exists and its reports are issued."""
    return [
        {
            "period": row.period_start.isoformat(),
            "label": f"Triwulan {(row.period_start.month - 1) // 3 + 1} {row.period_start.year}",
            "issued_on": timezone.localdate(row.issued_at).isoformat() if row.issued_at else None,
            # Worded here, not by the kind's spec: this must work before that kind exists.
            "title": "Laporan Triwulan Agen Perubahan"
            + (f" (revisi {row.revision})" if row.revision > 1 else ""),
        }
        for row in Report.objects.filter(
            unit_id=report.unit_id,
            kind=AGENT_KIND,
            period_start__year=report.period_start.year,
            status=ReportStatus.ISSUED,
        ).order_by("period_start", "pk")
    ]


def section_agents(report: Report) -> dict:
    agents = (
        ChangeAgent.objects.filter(cycle_id=report.cycle_id)
        .select_related("user")
        .prefetch_related(Prefetch("action_items", queryset=ActionPlanItem.objects.order_by("id")))
        .order_by("id")
    )
    return {
        "agents": [
            {
                "name": agent.user.full_name,
                "nip": agent.user.nip or "",
                "position": agent.position,
                "items": [
                    {
                        "value": item.value,
                        "outcome": item.outcome,
                        "indicator": item.indicator,
                        "target": item.target,
                        "timing": item.timing,
                        "pic": item.pic,
                    }
                    for item in agent.action_items.all()
                ],
            }
            for agent in agents
        ],
        "reports": agent_reports(report),
    }


def section_evidence(report: Report) -> dict:
    progress = cycles_progress([report.cycle])[report.cycle_id]
    areas = [
        {"code": code, "label": _area_label(code), **_figures(p.satisfied, p.entries)}
        for code, p in sorted(
            progress.areas.items(),
            key=lambda kv: (Area.values.index(kv[0]) if kv[0] in Area.values else 99, kv[0]),
        )
    ]
    return {"areas": areas, **_figures(progress.total.satisfied, progress.total.entries)}


def build(report: Report) -> dict:
    """Every section of the annual report from the records as they are now."""
    return {
        "computed_at": timezone.now().isoformat(),
        "period": report.period_start.isoformat(),
        "year": report.period_start.year,
        "plan": section_plan(report),
        "monev": section_monev(report),
        "recommendations": section_recommendations(report),
        "agents": section_agents(report),
        "evidence": section_evidence(report),
    }
