"""Reads of cycles and of the agency calendar, scoped to what the user may see."""

from datetime import date

from django.db.models import QuerySet

from apps.core import workflow
from apps.core.access import Capability, grants_of
from apps.core.http import get_or_404
from apps.core.models import StateChange

from .models import CalendarEntry, Cycle, Stage
from .services import calendar_default_entries


def cycles_visible_to(user) -> QuerySet[Cycle]:
    """Cycles of the units ``user`` may see (their roles' reach), newest year first."""
    if not user.is_authenticated:
        return Cycle.objects.none()
    return Cycle.objects.filter(grants_of(user).where(Capability.UNIT_VIEW)).select_related(
        "unit", "template", "created_by"
    )


def get_cycle_for_user(user, pk) -> Cycle:
    """The cycle, if ``user`` may see its unit; 404 for missing, other tenant and not
    yours alike."""
    return get_or_404(cycles_visible_to(user), pk=pk)


def _stage_label(stage: str) -> str:
    return str(Stage(stage).label) if stage in Stage.values else stage


def stage_history(cycle: Cycle) -> list[StateChange]:
    """The cycle's workflow history, oldest first: its opening, then every stage change,
    each with ``from_stage``/``to_stage`` and their labels for the pages and the API."""
    history = list(workflow.history_of(cycle).select_related("actor"))
    for change in history:
        change.from_stage, change.to_stage = change.from_state, change.to_state
        change.from_label = _stage_label(change.from_state) if change.from_state else ""
        change.to_label = _stage_label(change.to_state)
    return history


def calendar_for(*, tenant, year: int) -> list[CalendarEntry]:
    """The agency's deadlines of ``year`` in date order (one query). Default entries the
    agency has not stored yet are included unsaved (``pk`` None), so every unit sees a
    calendar even before an admin stores or edits it."""
    stored = list(CalendarEntry.objects.filter(tenant=tenant, year=year))
    keys = {entry.key for entry in stored}
    defaults = [
        CalendarEntry(
            tenant=tenant,
            year=year,
            key=d.key,
            label=d.label,
            starts_on=d.starts_on,
            due_on=d.due_on,
            note=d.note,
            order=d.order,
        )
        for d in calendar_default_entries(year)
        if d.key not in keys
    ]
    return sorted([*stored, *defaults], key=lambda e: (e.due_on, e.order, e.key))


def stage_due_dates(*, tenant, cycles) -> dict[int, date]:
    """For each cycle still on the main line, the end date of its current stage in the
    agency calendar of its year (the stored entry, else the default), in one query."""
    from .services import STAGE_CALENDAR_KEYS
    from .stages import MAIN_LINE

    open_cycles = [c for c in cycles if c.stage in MAIN_LINE]
    years = {c.year for c in open_cycles}
    if not years:
        return {}
    keys = {STAGE_CALENDAR_KEYS[c.stage] for c in open_cycles}
    due = {
        (year, key): due_on
        for year, key, due_on in CalendarEntry.objects.filter(
            tenant=tenant, year__in=years, key__in=keys
        ).values_list("year", "key", "due_on")
    }
    for year in years:
        for d in calendar_default_entries(year):
            due.setdefault((year, d.key), d.due_on)
    return {c.pk: due[(c.year, STAGE_CALENDAR_KEYS[c.stage])] for c in open_cycles}


def calendar_due_dates(*, tenant, wanted: set[tuple[int, str]]) -> dict[tuple[int, str], date]:
    """{(year, key): due date} of the agency calendar (the stored entry, else the default),
    one query for any number of entries; a key the calendar lacks is left out."""
    if not wanted:
        return {}
    years = {year for year, _key in wanted}
    due = {
        (year, key): due_on
        for year, key, due_on in CalendarEntry.objects.filter(
            tenant=tenant, year__in=years, key__in={key for _year, key in wanted}
        ).values_list("year", "key", "due_on")
    }
    for year in years:
        for d in calendar_default_entries(year):
            due.setdefault((year, d.key), d.due_on)
    return {k: due[k] for k in wanted if k in due}


def overdue_cycle_ids(*, tenant, cycles, today: date) -> set[int]:
    """Cycles whose current stage's calendar end date has passed ("terlambat")."""
    return {pk for pk, due in stage_due_dates(tenant=tenant, cycles=cycles).items() if due < today}
