"""Reads of cycles and of the agency calendar, scoped to what the user may see."""

from django.db.models import QuerySet
from django.http import Http404

from apps.accounts.access import visible_units

from .models import CalendarEntry, Cycle, StageChange
from .services import calendar_default_entries


def cycles_visible_to(user) -> QuerySet[Cycle]:
    """Cycles of the units ``user`` may see (their roles' reach), newest year first."""
    if not user.is_authenticated:
        return Cycle.objects.none()
    return Cycle.objects.filter(unit__in=visible_units(user).values("pk")).select_related(
        "unit", "template", "created_by"
    )


def get_cycle_for_user(user, pk) -> Cycle:
    """The cycle, if ``user`` may see its unit; 404 for missing, other tenant and not
    yours alike."""
    try:
        return cycles_visible_to(user).get(pk=pk)
    except (Cycle.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def stage_history(cycle: Cycle) -> QuerySet[StageChange]:
    return (
        StageChange.objects.filter(cycle=cycle).select_related("actor").order_by("created_at", "id")
    )


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
