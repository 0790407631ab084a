from django.db.models import Count, Prefetch, Q, QuerySet

from apps.core.http import get_or_404
from apps.tenants.models import Membership

from .models import RoleAssignment, User


def role_assignments_of(user) -> QuerySet[RoleAssignment]:
    """The user's roles in the active tenant, with their units."""
    return (
        RoleAssignment.objects.filter(user=user)
        .select_related("unit", "unit__unit_type")
        .order_by("unit__path", "role", "area")
    )


def people_of_tenant(*, search: str = "") -> QuerySet[User]:
    """Members of the active tenant with their membership state and role count."""
    memberships = Membership.objects.all()
    users = User.objects.filter(pk__in=memberships.values("user_id"))
    if search:
        users = users.filter(
            Q(full_name__icontains=search) | Q(email__icontains=search) | Q(nip__startswith=search)
        )
    assignments = RoleAssignment.objects.all()
    return (
        users.annotate(
            role_count=Count(
                "role_assignments",
                filter=Q(role_assignments__in=assignments),
                distinct=True,
            )
        )
        .prefetch_related(
            Prefetch("memberships", queryset=memberships, to_attr="tenant_memberships"),
        )
        .order_by("full_name")
    )


def get_member_or_404(pk) -> User:
    memberships = Membership.objects.all()
    return get_or_404(User.objects.filter(pk__in=memberships.values("user_id")), pk=pk)
