"""The portal drafts every report that is due, exactly once.

A period's report is due from the first working day after the period, counted in the
unit's own time zone (WIB, WITA or WIT), for every cycle of the unit that has reached
pembangunan: from the month it entered pembangunan (January of the cycle's year at the
earliest) to December of that year. ``reports_draft_due`` makes every due report that
does not exist yet, whatever the day: a beat run missed (Redis down, beat stopped) is
caught up by the next one, and a run repeated (or two at once) makes nothing twice: the
row's unique key (unit, kind, period, revision) is the claim.

The team may also draft a past month by hand (``report_draft``), e.g. before the job has
run; the same key makes that and the job's draft one report.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record
from apps.core import workflow
from apps.core.models import StateChange
from apps.cycles.models import Cycle
from apps.cycles.stages import Stage, stage_reached

from ..access import require_edit
from ..document import default_agenda
from ..kinds import SPECS, KindSpec, spec_of
from ..models import Report
from ..notices import reports_drafted
from ..periods import add_months, month_label, month_start, quarter_start

# The stages from which a cycle's reports are drafted: pembangunan and every later one.
REACHED = tuple(s for s in Stage.values if stage_reached(s, Stage.PEMBANGUNAN))


def unit_today(unit, now: datetime.datetime | None = None) -> datetime.date:
    """Today in the unit's own time zone."""
    return timezone.localtime(now or timezone.now(), ZoneInfo(unit.time_zone)).date()


def building_since(cycles: list[Cycle]) -> dict[int, datetime.date]:
    """The day each cycle entered pembangunan (its history; one query), in its unit's time
    zone. A cycle without that step in its history (made at a later stage by an import or
    a test) is missing from the answer: it counts from January."""
    if not cycles:
        return {}
    entered = dict(
        StateChange.objects.filter(
            content_type=ContentType.objects.get_for_model(Cycle),
            object_id__in=[c.pk for c in cycles],
            to_state=Stage.PEMBANGUNAN,
        )
        .values("object_id")
        .annotate(first=Min("created_at"))
        .values_list("object_id", "first")
    )
    units = {c.pk: c.unit for c in cycles}
    return {pk: unit_today(units[pk], moment) for pk, moment in entered.items()}


def periods_due(
    spec: KindSpec, cycle: Cycle, since: datetime.date | None, today: datetime.date
) -> list[datetime.date]:
    """The starts of the periods of ``cycle`` whose report is due by ``today``."""
    start = datetime.date(cycle.year, 1, 1)
    if since is not None:
        start = max(start, month_start(since))
    due = []
    while start.year == cycle.year and spec.draft_day(start) <= today:
        due.append(start)
        start = add_months(start, spec.months)
    return due


def _new(
    spec: KindSpec, cycle: Cycle, start: datetime.date, actor, agent_id=None, texts=None
) -> Report:
    unit = cycle.unit
    texts = texts or {}
    report = Report(
        agent_id=agent_id,
        # FRM-05 A–C start from the agency's defaults (``AgentReportSettings``).
        background=texts.get("background", ""),
        purpose=texts.get("purpose", ""),
        scope=texts.get("scope", ""),
        tenant_id=cycle.tenant_id,
        unit=unit,
        cycle=cycle,
        kind=spec.kind,
        period_start=start,
        period_end=spec.period_end(start),
        created_by=actor,
        # The defaults of FRM-04's section A, which the team may change.
        meeting_chair=unit.head_name if spec.has_meeting else "",
    )
    if spec.has_meeting:
        report.meeting_agenda = default_agenda(report)
    return report


def _record(report: Report, actor) -> None:
    workflow.history_record(report, "draft", from_state="", to_state=report.status, actor=actor)
    audit_record(
        actor=actor,
        tenant=report.cycle.tenant,
        action=AuditAction.REPORT_DRAFT,
        instance=report,
        after={
            "kind": report.kind,
            "unit": report.unit_id,
            "period_start": report.period_start.isoformat(),
            "by": "portal" if actor is None else "team",
        },
    )


def reports_draft_due(*, tenant, now: datetime.datetime | None = None) -> list[Report]:
    """Draft every report of ``tenant`` that is due and missing (the beat job, inside the
    tenant's scope); a deactivated unit gets none. Returns the reports made by this run."""
    now = now or timezone.now()
    made: list[Report] = []
    cycles = list(
        Cycle.objects.filter(tenant=tenant, stage__in=REACHED, unit__is_active=True)
        .select_related("unit", "tenant")
        .order_by("unit_id", "year", "pk")
    )
    if not cycles:
        return made
    since = building_since(cycles)
    for spec in SPECS.values():
        existing = set(
            Report.objects.filter(
                tenant=tenant,
                kind=spec.kind,
                unit_id__in={c.unit_id for c in cycles},
                period_start__year__in={c.year for c in cycles},
            ).values_list("unit_id", "period_start", "agent_id")
        )
        writers = agent_writers(tenant, cycles) if spec.per_agent else None
        for cycle in cycles:
            today = unit_today(cycle.unit, now)
            for start in periods_due(spec, cycle, since.get(cycle.pk), today):
                for agent_id in [None] if writers is None else writers.of(cycle, spec, start):
                    key = (cycle.unit_id, start, agent_id)
                    if key in existing:
                        continue
                    existing.add(key)
                    report = _made(spec, cycle, start, agent_id, writers)
                    if report is not None:
                        made.append(report)
    # Told after they are made, in one batch (a run that made nothing tells nobody).
    reports_drafted(made)
    return made


def _made(spec, cycle, start, agent_id, writers) -> Report | None:
    """One due report, in its own savepoint (None: a concurrent run made it first)."""
    # Built from the cycle's own rows: nothing a person typed to validate (full_clean
    # would read the unit, cycle and agency again per report).
    report = _new(spec, cycle, start, None, agent_id, writers.texts if writers else None)
    try:
        # Its own savepoint: a concurrent run that made the row first wins, this one
        # moves on (the unique key is the claim).
        with transaction.atomic():
            report.save()
            _record(report, None)
    except IntegrityError:
        return None
    return report


@dataclass
class AgentWriters:
    """Who FRM-05 reports are drafted for: each change agent appointed by the quarter's
    end (the agency's default), or the unit as a whole when it has any agent (the
    agency's setting ``AgentReportSettings.scope``); with the agency's texts of A–C."""

    per_agent: bool
    texts: dict
    appointed: dict[int, list[tuple[int, datetime.date]]]  # cycle → (agent, since)

    def of(self, cycle: Cycle, spec: KindSpec, start: datetime.date) -> list[int | None]:
        end = spec.period_end(start)
        agents = [pk for pk, since in self.appointed.get(cycle.pk, []) if since <= end]
        if not agents:
            return []
        return agents if self.per_agent else [None]


def agent_writers(tenant, cycles: list[Cycle]) -> AgentWriters:
    """The agency's FRM-05 setting and the agents of ``cycles`` (two queries)."""
    from apps.teams.models import ChangeAgent

    from ..models import AgentReportScope, AgentReportSettings

    setting = AgentReportSettings.objects.filter(tenant=tenant).first()
    appointed: dict[int, list] = {}
    units = {c.pk: c.unit for c in cycles}
    for pk, cycle_id, created in (
        ChangeAgent.objects.filter(cycle_id__in=list(units))
        .order_by("pk")
        .values_list("pk", "cycle_id", "created_at")
    ):
        appointed.setdefault(cycle_id, []).append((pk, unit_today(units[cycle_id], created)))
    return AgentWriters(
        per_agent=setting is None or setting.scope == AgentReportScope.PER_AGENT,
        texts={
            "background": setting.background if setting else "",
            "purpose": setting.purpose if setting else "",
            "scope": setting.scope_text if setting else "",
        },
        appointed=appointed,
    )


@transaction.atomic
def report_draft(*, actor, cycle: Cycle, kind: str, year: int, month: int) -> Report:
    """The team drafts the report of a past period by hand (the job would make the same
    row; whichever comes first makes it)."""
    spec = spec_of(kind)
    cycle = (
        Cycle.objects.select_for_update(of=("self",))
        .select_related("unit", "tenant")
        .get(pk=cycle.pk)
    )
    require_edit(actor, cycle.unit, kind)
    if cycle.stage not in REACHED:
        raise ValidationError(
            _(
                "Laporan monev disusun sejak tahap pembangunan; siklus ini masih pada tahap "
                "%(stage)s."
            )
            % {"stage": cycle.get_stage_display()}
        )
    if not (isinstance(month, int) and 1 <= month <= 12) or year != cycle.year:
        shown = (
            month_label(datetime.date(year, month, 1))
            if isinstance(month, int) and 1 <= month <= 12 and 1 <= year <= 9999
            else f"{month}/{year}"
        )
        raise ValidationError(
            {
                "month": [
                    _(
                        "Bulan %(month)s di luar siklus %(cycle)s: pilih bulan Januari–Desember "
                        "%(year)s."
                    )
                    % {"month": shown, "cycle": cycle.name, "year": cycle.year}
                ]
            }
        )
    start = datetime.date(year, month, 1)
    if spec.per_agent:
        return _agent_draft(actor, spec, cycle, quarter_start(start))
    if spec.period_end(start) >= unit_today(cycle.unit):
        raise ValidationError(
            {
                "month": [
                    _("Laporan bulan %(month)s baru dapat disusun setelah bulan itu berakhir.")
                    % {"month": month_label(start)}
                ]
            }
        )
    if Report.objects.filter(unit_id=cycle.unit_id, kind=kind, period_start=start).exists():
        raise ValidationError(
            {"month": [_("Laporan bulan %(month)s sudah ada.") % {"month": month_label(start)}]}
        )
    report = _new(spec, cycle, start, actor)
    report.full_clean()
    report.save()
    _record(report, actor)
    return report


def _agent_draft(actor, spec: KindSpec, cycle: Cycle, start: datetime.date) -> Report:
    """An agent drafts a past quarter's FRM-05 by hand: their own report (or the unit's,
    as the agency sets)."""
    from apps.teams.models import ChangeAgent

    label = spec.period_label(start)
    if spec.period_end(start) >= unit_today(cycle.unit):
        raise ValidationError(
            {
                "month": [
                    _("Laporan %(quarter)s baru dapat disusun setelah triwulan itu berakhir.")
                    % {"quarter": label}
                ]
            }
        )
    writers = agent_writers(cycle.tenant, [cycle])
    candidates = writers.of(cycle, spec, start)
    agent_id = None
    if writers.per_agent:
        own = ChangeAgent.objects.filter(cycle=cycle, user=actor).values_list("pk", flat=True)
        agent_id = next((pk for pk in own if pk in candidates), None)
        if agent_id is None:
            raise ValidationError(
                _("Anda belum ditetapkan sebagai Agen Perubahan siklus ini pada %(quarter)s.")
                % {"quarter": label}
            )
    elif not candidates:
        raise ValidationError(
            _("Siklus ini belum memiliki Agen Perubahan pada %(quarter)s.") % {"quarter": label}
        )
    if Report.objects.filter(
        unit_id=cycle.unit_id, kind=spec.kind, period_start=start, agent_id=agent_id
    ).exists():
        raise ValidationError({"month": [_("Laporan %(quarter)s sudah ada.") % {"quarter": label}]})
    report = _new(spec, cycle, start, actor, agent_id, writers.texts)
    report.full_clean()
    report.save()
    _record(report, actor)
    return report
