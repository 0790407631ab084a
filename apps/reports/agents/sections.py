"""The sections of an FRM-05 report, computed from the agents' own records (seed 003,
Contoh Laporan Triwulan Agen Perubahan):

- D: the agents appointed by the SK Agen Perubahan (all of the cycle's, by the quarter's
  end), the decree's number and date;
- E: the change ideas – the items of the Rencana Aksi (of the report's agent, or of every
  agent for a report of the unit) as they stood at the quarter's end;
- F: the schedule – each item planned in every month of the quarter (the Rencana Aksi
  keeps its timing as text, "Setiap hari"; the form's example ticks every month);
- G.1: follow-up of what was not realised last quarter – each item with a month of the
  previous quarter recorded as partly or not realised, and what this quarter's records
  say (telah: realised in a month of this quarter; sedang: partly; belum: otherwise);
- G.2: plan vs actual per month, from the agent's records (``ActionRealisation``) →
  "x dari y rencana bulanan terealisasi";
- G.4: the contribution of each change (before, after, integrated into the management
  system), from ``AgentChange``;
- H: the documentation – every evidence item named by the quarter's records.

Plain JSON like the monev's sections: live for a draft, frozen on submission.
"""

import datetime
from collections import defaultdict

from django.db.models import Prefetch
from django.utils import timezone

from apps.evidence.models import EvidenceItem
from apps.teams.models import ActionPlanItem, ChangeAgent, Decree, DecreeKind

from ..models import ActionRealisation, AgentChange, FollowUp, Realised, Report
from ..periods import add_months, month_label, percent

FOLLOW_UP_LABELS = dict(FollowUp.choices)


def quarter_months(start: datetime.date) -> list[datetime.date]:
    return [add_months(start, n) for n in range(3)]


def _end_moment(day: datetime.date) -> datetime.datetime:
    """The end of ``day`` in the portal's time zone (records made by then count)."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


def agents_of(cycle_id: int, until: datetime.date) -> list[ChangeAgent]:
    return list(
        ChangeAgent.objects.filter(cycle_id=cycle_id, created_at__lt=_end_moment(until))
        .select_related("user")
        .order_by("user__full_name", "id")
    )


def items_of(report: Report) -> list[ActionPlanItem]:
    """The Rencana Aksi the report covers, as it stood at the quarter's end."""
    items = ActionPlanItem.objects.filter(
        agent__cycle_id=report.cycle_id, created_at__lt=_end_moment(report.period_end)
    )
    if report.agent_id is not None:
        items = items.filter(agent_id=report.agent_id)
    return list(items.select_related("agent__user").order_by("agent__user__full_name", "id"))


def realisations(items: list[ActionPlanItem], months: list[datetime.date]):
    """{(item id, month): record} with the records' evidence (two queries)."""
    rows = ActionRealisation.objects.filter(item__in=items, month__in=months).prefetch_related(
        Prefetch("evidence", queryset=EvidenceItem.objects.only("id", "title", "status"))
    )
    return {(row.item_id, row.month): row for row in rows}


def _agent_row(agent: ChangeAgent) -> dict:
    return {
        "id": agent.pk,
        "name": agent.user.full_name,
        "nip": agent.user.nip or "",
        "position": agent.position,
    }


def _evidence(record) -> list[dict]:
    return [{"id": e.pk, "title": e.title} for e in record.evidence.all()] if record else []


def _follow_up(items, previous_months, months, found_before, found_now) -> dict:
    rows = []
    for item in items:
        missed = [
            m
            for m in previous_months
            if (item.pk, m) in found_before and found_before[(item.pk, m)].status != Realised.YA
        ]
        if not missed:
            continue
        now = [found_now[(item.pk, m)] for m in months if (item.pk, m) in found_now]
        if any(r.status == Realised.YA for r in now):
            status = FollowUp.TELAH
        elif any(r.status == Realised.SEBAGIAN for r in now):
            status = FollowUp.SEDANG
        else:
            status = FollowUp.BELUM
        evidence = {e["id"]: e for r in now for e in _evidence(r)}
        rows.append(
            {
                "item": item.pk,
                "activities": item.activities,
                "missed": [month_label(m) for m in missed],
                "follow_up": "; ".join(r.note for r in now if r.note),
                "evidence": list(evidence.values()),
                "status": status,
                "status_label": str(FOLLOW_UP_LABELS[status]),
            }
        )
    done = sum(1 for r in rows if r["status"] == FollowUp.TELAH)
    return {"rows": rows, "done": done, "total": len(rows)}


def build(report: Report) -> dict:
    """The FRM-05 sections of ``report`` from the records as they are now."""
    months = quarter_months(report.period_start)
    previous = add_months(report.period_start, -3)
    previous_months = quarter_months(previous) if previous.year == report.period_start.year else []
    agents = agents_of(report.cycle_id, report.period_end)
    decree = (
        Decree.objects.filter(cycle_id=report.cycle_id, kind=DecreeKind.AGEN_PERUBAHAN)
        .only("number", "signed_on")
        .first()
    )
    items = items_of(report)
    found = realisations(items, [*previous_months, *months])
    changes = {c.item_id: c for c in AgentChange.objects.filter(item__in=items)}
    ideas, schedule, plan_actual, contribution = [], [], [], []
    documentation: dict[int, dict] = {}
    realised = planned = 0
    for item in items:
        owner = item.agent.user.full_name
        ideas.append(
            {
                "id": item.pk,
                "value": item.value,
                "outcome": item.outcome,
                "indicator": item.indicator,
                "target": item.target,
                "activities": item.activities,
                "timing": item.timing,
                "pic": item.pic or owner,
                "agent": owner,
            }
        )
        schedule.append(
            {
                "id": item.pk,
                "activities": item.activities,
                "outcome": item.outcome,
                "plan": [True] * 3,
            }
        )
        actual = []
        for month in months:
            record = found.get((item.pk, month))
            planned += 1
            realised += bool(record and record.status == Realised.YA)
            for e in _evidence(record):
                documentation[e["id"]] = {**e, "item": item.activities}
            actual.append(
                {
                    "month": month.isoformat(),
                    "status": record.status if record else "",
                    "status_label": str(Realised(record.status).label) if record else "",
                    "note": record.note if record else "",
                    "evidence": _evidence(record),
                }
            )
        plan_actual.append(
            {"id": item.pk, "activities": item.activities, "value": item.value, "months": actual}
        )
        change = changes.get(item.pk)
        contribution.append(
            {
                "id": item.pk,
                "activities": item.activities,
                "before": change.before if change else "",
                "after": change.after if change else "",
                "integrated": bool(change and change.integrated_on),
                "integrated_on": change.integrated_on.isoformat()
                if change and change.integrated_on
                else None,
            }
        )
    share = percent(realised, planned)
    signers = [a for a in agents if report.agent_id is None or a.pk == report.agent_id]
    return {
        "computed_at": timezone.now().isoformat(),
        "period": report.period_start.isoformat(),
        "previous": previous.isoformat(),
        "months": [m.isoformat() for m in months],
        "decree": (
            {"number": decree.number, "signed_on": decree.signed_on.isoformat()} if decree else None
        ),
        "agents": [_agent_row(a) for a in agents],
        "signers": [_agent_row(a) for a in signers],
        "ideas": ideas,
        "schedule": schedule,
        "follow_up": _follow_up(items, previous_months, months, found, found),
        "plan_actual": {
            "rows": plan_actual,
            "done": realised,
            "total": planned,
            "percent": None if share is None else str(share),
        },
        "contribution": contribution,
        "documentation": list(documentation.values()),
    }


def unrecorded(sections: dict) -> list[str]:
    """The months of each item the agents have not recorded yet (the submission's guard)."""
    missing = defaultdict(list)
    for row in sections["plan_actual"]["rows"]:
        for month in row["months"]:
            if not month["status"]:
                missing[row["activities"]].append(
                    month_label(datetime.date.fromisoformat(month["month"]))
                )
    return [f"{activity}: {', '.join(labels)}" for activity, labels in missing.items()]
