"""Checklist completeness of the visible units' cycles, one level of the unit tree at a
time, rolled up the tree."""

from django.shortcuts import render
from django.views import View

from apps.core.access import Capability, get_unit_for_user, units_where
from apps.core.mixins import TenantMemberRequiredMixin
from apps.cycles.models import Cycle

from ..selectors import completeness_level


class CompletenessView(TenantMemberRequiredMixin, View):
    """Checklist completeness of a year at one unit (``?unit=``; default: the top of what
    the user sees) and at the visible units one level below it, each rolled up its tree."""

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
        unit = None
        if request.GET.get("unit"):
            unit = get_unit_for_user(request.user, request.GET["unit"])
        level = completeness_level(request.user, year=year, unit=unit)
        return render(
            request,
            "evidence/completeness.html",
            {"level": level, "year": year, "years": years},
        )
