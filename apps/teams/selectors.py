"""Reads of a cycle's Tim Kerja and Agen Perubahan, scoped through the cycle's unit."""

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Value, When

from apps.accounts.models import User
from apps.core.access import Capability, units_where
from apps.core.http import get_or_404
from apps.cycles.models import Cycle

from .models import ActionPlanItem, ChangeAgent, Decree, Function, TeamMember

FUNCTION_ORDER = Case(
    *[When(function=f.value, then=Value(i)) for i, f in enumerate(Function)],
    output_field=IntegerField(),
)
AREA_ORDER = ["MP", "TL", "SDM", "AK", "PW", "PP"]


def members_of(cycle: Cycle) -> QuerySet[TeamMember]:
    """The team in the order of the decree: Penanggung Jawab, Ketua Tim, Sekretaris, the
    Ketua Pokja and the members per area."""
    area_order = Case(
        *[When(area=code, then=Value(i)) for i, code in enumerate(AREA_ORDER)],
        default=Value(-1),
        output_field=IntegerField(),
    )
    # Whether another membership or an agent relies on the same role: then removing this
    # member keeps the role (``services.common._release``).
    other_members = TeamMember.objects.filter(
        role_assignment_id=OuterRef("role_assignment_id")
    ).exclude(pk=OuterRef("pk"))
    agents = ChangeAgent.objects.filter(role_assignment_id=OuterRef("role_assignment_id"))
    return (
        TeamMember.objects.filter(cycle=cycle)
        .select_related("user")
        .annotate(
            function_order=FUNCTION_ORDER,
            area_order=area_order,
            role_shared_by_member=Exists(other_members),
            role_shared_by_agent=Exists(agents),
        )
        .order_by("function_order", "area_order", "user__full_name", "id")
    )


def agents_of(cycle: Cycle) -> QuerySet[ChangeAgent]:
    return (
        ChangeAgent.objects.filter(cycle=cycle)
        .select_related("user")
        .prefetch_related(Prefetch("action_items", queryset=ActionPlanItem.objects.order_by("id")))
        .order_by("user__full_name", "id")
    )


def decrees_of(cycle: Cycle) -> dict[str, Decree]:
    return {
        d.kind: d
        for d in Decree.objects.filter(cycle=cycle).select_related("stored_file", "uploaded_by")
    }


def unit_roster(unit) -> QuerySet:
    """The unit's current staff (apps.declaration's roster) for the member picker."""
    from apps.declaration.selectors import current_roster

    return current_roster(unit).select_related(None).select_related("employee")


def tenant_people(tenant) -> QuerySet[User]:
    """Active members of the agency: who may be put in a team."""
    return User.objects.filter(
        memberships__tenant=tenant, memberships__is_active=True, is_active=True
    ).order_by("full_name")


def _visible(qs, user, pk):
    return get_or_404(qs, pk=pk, unit__in=units_where(user, Capability.UNIT_VIEW).values("pk"))


def get_member_for_user(user, pk) -> TeamMember:
    return _visible(TeamMember.objects.select_related("cycle", "user"), user, pk)


def get_agent_for_user(user, pk) -> ChangeAgent:
    return _visible(ChangeAgent.objects.select_related("cycle", "user"), user, pk)


def get_action_item_for_user(user, pk) -> ActionPlanItem:
    return get_or_404(
        ActionPlanItem.objects.select_related("agent__user", "agent__cycle__unit"),
        pk=pk,
        agent__unit__in=units_where(user, Capability.UNIT_VIEW).values("pk"),
    )


def get_decree_for_user(user, pk) -> Decree:
    return get_or_404(
        Decree.objects.select_related("stored_file", "cycle"),
        pk=pk,
        cycle__unit__in=units_where(user, Capability.UNIT_VIEW).values("pk"),
    )
