from apps.accounts.roles import ADMIN_ROLES
from apps.accounts.selectors import roles_held

from .selectors import tenants_of


def tenant(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    active = getattr(request, "tenant", None)
    roles = roles_held(request)
    return {
        "active_tenant": active,
        "user_tenants": tenants_of(user),
        # Holds Admin Instansi somewhere in the active tenant (accounts.access.is_tenant_admin).
        "is_tenant_admin": bool(roles & ADMIN_ROLES),
    }
