"""The Pakta Integritas for the reminder run (apps.notifications.reminders): each
employee of a unit building ZI this year whose current placement has no signed pact is
reminded, H-7 to overdue, against the agency calendar's deadline for signing (the entry
of stage pencanangan, ``STAGE_CALENDAR_KEYS``), or from their first day when they were
placed after it. Cancelled when the pact is signed (online or recorded from a scan) or
the placement ends.

Who is reminded is the employee's account: the one linked to the employee, else the
account with the employee's NIP (as ``selectors.own_placements`` finds "my pact")."""

from datetime import date, timedelta

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.cycles.calendar_defaults import calendar_default_entries
from apps.cycles.models import CalendarEntry, Cycle
from apps.cycles.services import STAGE_CALENDAR_KEYS
from apps.cycles.stages import Stage
from apps.notifications.kinds import Kind
from apps.notifications.reminders import DAYS_BEFORE, Due, ReminderSource

from .models import Placement

SIGNING_KEY = STAGE_CALENDAR_KEYS[Stage.PENCANANGAN]


def _signing_deadlines(tenant, years: set[int]) -> dict[int, date]:
    """The deadline for signing of each year (stored entry, else the default; one query)."""
    found = dict(
        CalendarEntry.objects.filter(tenant=tenant, year__in=years, key=SIGNING_KEY).values_list(
            "year", "due_on"
        )
    )
    for year in years - set(found):
        found[year] = next(d.due_on for d in calendar_default_entries(year) if d.key == SIGNING_KEY)
    return found


class PactReminders(ReminderSource):
    name = "pact"
    kind_due = Kind.PACT
    kind_overdue = Kind.PACT

    def open_work(self, tenant, until: date):
        # The units building ZI in the year of the run (the latest day any zone has
        # reached is ``until`` less the week of H-7), or in the year ``until`` reaches.
        years = {(until - timedelta(days=DAYS_BEFORE[0])).year, until.year}
        building = dict(
            Cycle.objects.filter(tenant=tenant, year__in=years, unit__is_active=True)
            .values("unit_id")
            .annotate(year=Max("year"))
            .values_list("unit_id", "year")
        )
        if not building:
            return
        deadlines = _signing_deadlines(tenant, set(building.values()))
        rows = list(
            Placement.objects.filter(
                tenant=tenant,
                unit_id__in=list(building),
                ended_on__isnull=True,
                pact__isnull=True,
            )
            .values_list(
                "pk",
                "unit_id",
                "unit__name",
                "unit__time_zone",
                "started_on",
                "employee__user_id",
                "employee__nip",
            )
            .order_by("pk")
        )
        unlinked = {nip for *_rest, user_id, nip in rows if user_id is None}
        by_nip = (
            dict(User.objects.filter(nip__in=unlinked).values_list("nip", "pk")) if unlinked else {}
        )
        for pk, unit_id, unit_name, zone, started_on, user_id, nip in rows:
            due_on = max(deadlines[building[unit_id]], started_on)
            if due_on > until:
                continue
            account = user_id if user_id is not None else by_nip.get(nip)
            yield Due(
                object_id=pk,
                model=Placement,
                tenant_id=tenant.pk,
                # No unit: "my pact" is the employee's own page, which an employee
                # without a role in the unit may open too (a unit would hide the link).
                unit_id=None,
                time_zone=zone,
                due_on=due_on,
                recipients=frozenset([account] if account is not None else []),
                title=_("Penandatanganan Pakta Integritas %(unit)s") % {"unit": unit_name},
                url=reverse("declaration:my_pact"),
            )

    def still_open(self, object_ids: set[int]) -> set[int]:
        return set(
            Placement.objects.filter(
                pk__in=object_ids, ended_on__isnull=True, pact__isnull=True
            ).values_list("pk", flat=True)
        )
