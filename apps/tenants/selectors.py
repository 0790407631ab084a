from django.db.models import QuerySet
from django_scopes import scopes_disabled

from .models import Membership, Tenant

SESSION_KEY = "active_tenant_id"


def tenants_of(user) -> QuerySet[Tenant]:
    """Active agencies ``user`` is an active member of."""
    if not user.is_authenticated:
        return Tenant.objects.none()
    with scopes_disabled():
        ids = list(
            Membership.objects.filter(user=user, is_active=True).values_list("tenant_id", flat=True)
        )
    return Tenant.objects.filter(pk__in=ids, is_active=True)


def resolve_tenant(
    user, *, requested_code: str | None = None, session=None, tenants: list | None = None
) -> Tenant | None:
    """The tenant a request acts in: the one asked for (header or session) if the user is a
    member, otherwise their first agency. ``tenants``: the user's ``tenants_of``, when the
    caller has read them already."""
    tenants = list(tenants_of(user)) if tenants is None else tenants
    if not tenants:
        return None
    if requested_code:
        for tenant in tenants:
            if tenant.code == requested_code.upper():
                return tenant
        return None
    if session is not None:
        wanted = session.get(SESSION_KEY)
        for tenant in tenants:
            if tenant.pk == wanted:
                return tenant
    return tenants[0]
