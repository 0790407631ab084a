from apps.core.access import Capability, request_capabilities

from .selectors import tenants_of


def tenant(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    active = getattr(request, "tenant", None)
    # What the user's roles in the active tenant allow, in one query, for the menu's flags.
    held = request_capabilities(request)
    return {
        "active_tenant": active,
        "user_tenants": getattr(request, "user_tenants", None) or tenants_of(user),
        # Holds Admin Instansi somewhere in the active tenant (people.manage).
        "is_tenant_admin": Capability.PEOPLE_MANAGE in held,
        # Holds a verification-chain role: the "Antrian verifikasi" menu entry.
        "is_verifier": Capability.EVIDENCE_VERIFY in held,
    }
