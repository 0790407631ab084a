from apps.accounts.models import RoleAssignment
from apps.accounts.roles import ADMIN_ROLES, VERIFIER_ROLES

from .selectors import tenants_of


def tenant(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    active = getattr(request, "tenant", None)
    # The roles the user holds in the active tenant, in one query, for the menu's flags.
    roles = (
        set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True).distinct())
        if active
        else set()
    )
    return {
        "active_tenant": active,
        "user_tenants": tenants_of(user),
        # Holds Admin Instansi somewhere in the active tenant (accounts.access.is_tenant_admin).
        "is_tenant_admin": bool(roles & ADMIN_ROLES),
        # Holds a verification-chain role: the "Antrian verifikasi" menu entry.
        "is_verifier": bool(roles & VERIFIER_ROLES),
    }
