"""Checklist completeness of every visible unit's cycle, rolled up the unit tree."""

from django.shortcuts import render
from django.views import View

from apps.core.access import Capability, units_where
from apps.core.mixins import TenantMemberRequiredMixin
from apps.cycles.models import Cycle

from ..selectors import cycles_progress, rolled_up


class CompletenessView(TenantMemberRequiredMixin, View):
    """Checklist completeness of every visible unit's cycle of a year, rolled up the tree."""

    def get(self, request):
        years = list(
            Cycle.objects.filter(
                unit__in=units_where(request.user, Capability.UNIT_VIEW).values("pk")
            )
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        try:
            year = int(request.GET.get("tahun") or (years[0] if years else 0))
        except ValueError:
            year = years[0] if years else 0
        units = list(units_where(request.user, Capability.UNIT_VIEW).order_by("path"))
        cycles = list(
            Cycle.objects.filter(unit__in=[u.pk for u in units], year=year).select_related("unit")
        )
        progress = cycles_progress(cycles)
        by_unit: dict[int, object] = {}
        for cycle in cycles:
            current = by_unit.get(cycle.unit_id)
            if current is None:
                by_unit[cycle.unit_id] = {"cycle": cycle, "progress": progress[cycle.pk]}
        rows = []
        base = min((u.depth for u in units), default=1)
        for unit in units:
            entry = by_unit.get(unit.pk)
            rows.append(
                {
                    "unit": unit,
                    "indent": unit.depth - base,
                    "cycle": entry["cycle"] if entry else None,
                    "progress": entry["progress"].total if entry else None,
                    "areas": entry["progress"].areas if entry else {},
                }
            )
        rolled_up(rows)
        rows = [r for r in rows if r["subtree"].entries]
        return render(
            request, "evidence/completeness.html", {"rows": rows, "year": year, "years": years}
        )
