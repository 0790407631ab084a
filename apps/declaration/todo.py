"""What waits for a person in the declaration: their own Pakta Integritas, unsigned
(``apps.core.todo``)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.todo import LIMIT, TodoItem
from apps.cycles.selectors import calendar_due_dates

from .selectors import own_placements

# The agency calendar's entry for the declaration and the pacts (calendar_defaults.json).
PACT_CALENDAR_KEY = "pencanangan"


def todo_items(user, tenant, grants=None) -> list[TodoItem]:
    """Each current placement of ``user`` (linked to them, or by their NIP) without a
    signed pact; due by the year's "pencanangan" date unless they joined after it. Two
    queries."""
    placements = list(
        own_placements(user)
        .filter(tenant=tenant, pact__isnull=True)
        .order_by("started_on")[: LIMIT + 1]
    )
    if not placements:
        return []
    year = timezone.localdate().year
    due = calendar_due_dates(tenant=tenant, wanted={(year, PACT_CALENDAR_KEY)}).get(
        (year, PACT_CALENDAR_KEY)
    )
    return [
        TodoItem(
            kind="declaration.pact",
            kind_label=_("Pakta Integritas"),
            title=_("Tandatangani Pakta Integritas"),
            unit=placement.unit.name,
            url=reverse("declaration:pact", args=[placement.pk]),
            due_on=due if due and placement.started_on <= due else None,
            waiting_since=placement.started_on,
            total=len(placements) if len(placements) > LIMIT else 0,
            list_url=reverse("declaration:my_pact"),
        )
        for placement in placements[:LIMIT]
    ]
