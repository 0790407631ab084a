"""The home page: what waits for the person, their units' progress when they lead, then
their invitations, units and roles."""

from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from apps.accounts.invitations import open_invitations_for
from apps.accounts.roles import Role
from apps.accounts.selectors import role_assignments_of
from apps.core.access import Capability, request_grants, units_where
from apps.core.mixins import TenantMemberRequiredMixin
from apps.cycles.models import Cycle
from apps.evidence.selectors import CompletenessLevel, completeness_level

from .sources import todo_for

# Heads and leaders see their units' progress under their to-do list.
LEADER_ROLES = frozenset({Role.ADMIN_INSTANSI, Role.PIMPINAN, Role.PIMPINAN_UNIT, Role.KETUA_TIM})
# Units one level below the leader's unit shown on the home page (the rest: completeness).
PROGRESS_ROWS = 10


def leader_progress(user) -> tuple[int, CompletenessLevel] | None:
    """The evidence completeness of the newest year with cycles at the top of what
    ``user`` sees, and of the units one level below it (the completeness page's own
    selector: a fixed number of queries)."""
    year = Cycle.objects.filter(
        unit__in=units_where(user, Capability.UNIT_VIEW).values("pk")
    ).aggregate(year=Max("year"))["year"]
    if year is None:
        return None
    level = completeness_level(user, year=year)
    if level.current is None and not level.rows:
        return None
    return year, level


class HomeView(TenantMemberRequiredMixin, View):
    """A person in no agency yet lands on their invitations."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.tenant is None:
            return redirect("my_invitations")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        assignments = list(role_assignments_of(request.user))
        units: dict[int, dict] = {}
        for assignment in assignments:
            entry = units.setdefault(assignment.unit_id, {"unit": assignment.unit, "roles": []})
            entry["roles"].append(assignment)
        # The roles just read are the person's grants for the whole request (the to-do
        # sources, the menu): not read a second time.
        grants = request_grants(request, assignments)
        todo = todo_for(request.user, request.tenant, grants=grants)
        today = timezone.localdate()
        return render(
            request,
            "home/home.html",
            {
                "todo": [
                    {
                        "item": item,
                        "urgency": item.urgency(today).name.lower(),
                        "due_text": item.due_text(today),
                        "age": item.age_days(today),
                    }
                    for item in todo.items
                ],
                "todo_more": todo.more,
                "leads": any(a.role in LEADER_ROLES for a in assignments),
                "unit_roles": list(units.values()),
                "invitations": list(open_invitations_for(request.user)),
            },
        )


class HomeProgressView(TenantMemberRequiredMixin, View):
    """The leaders' progress section of the home page, loaded after the page (htmx): at
    an agency's root it rolls up every unit's evidence, which the to-do list should not
    wait for. Nothing (204) for a person who leads no unit."""

    def get(self, request):
        assignments = list(role_assignments_of(request.user))
        leads = any(a.role in LEADER_ROLES for a in assignments)
        progress = leader_progress(request.user) if leads else None
        if progress is None:
            return HttpResponse(status=204)
        year, level = progress
        return render(
            request,
            "home/_progress.html",
            {
                "progress_year": year,
                "progress": level,
                "progress_rows": level.rows[:PROGRESS_ROWS],
                "progress_more": len(level.rows) > PROGRESS_ROWS,
                # From the roles read above (the fragment renders no menu that read them).
                "dashboard": Capability.DASHBOARD_VIEW in request_grants(request, assignments).held,
            },
        )
