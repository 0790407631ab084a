from apps.accounts.access import is_tenant_admin

from .selectors import tenants_of


def tenant(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    active = getattr(request, "tenant", None)
    return {
        "active_tenant": active,
        "user_tenants": tenants_of(user),
        "is_tenant_admin": bool(active) and is_tenant_admin(user),
    }
