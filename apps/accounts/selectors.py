from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from apps.core.http import get_or_404
from apps.core.nip import normalise_nip
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
    """Members of the active tenant with their membership state and role count, by name
    (then id, so that pages never repeat or skip a person). ``search`` matches a part of
    the name or e-mail, or the start of the NIP as typed or printed ("19830606 2008")."""
    memberships = Membership.objects.all()
    users = User.objects.filter(pk__in=memberships.values("user_id"))
    if search:
        match = Q(full_name__icontains=search) | Q(email__icontains=search)
        if nip := normalise_nip(search):
            match |= Q(nip__startswith=nip)
        users = users.filter(match)
    # A subquery rather than a join with GROUP BY: the paginator's count() then drops it,
    # and it is worked out for the rows shown.
    role_count = (
        RoleAssignment.objects.filter(user=OuterRef("pk"))
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        users.annotate(role_count=Coalesce(Subquery(role_count), 0))
        .prefetch_related(
            Prefetch("memberships", queryset=memberships, to_attr="tenant_memberships"),
        )
        .order_by("full_name", "pk")
    )


def get_member_or_404(pk) -> User:
    memberships = Membership.objects.all()
    return get_or_404(User.objects.filter(pk__in=memberships.values("user_id")), pk=pk)
