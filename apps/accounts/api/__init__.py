"""/api/v1/me/, /api/v1/auth/token/, /api/v1/users/ and /api/v1/role-assignments/.

Thin views: they parse, check that the user acts as Admin Instansi in the active agency,
look objects up through the tenant-scoped selectors (404 for missing and other agency
alike) and call the services in ``apps.accounts.services``. One module per subject.
"""

from .me import ApiTokenViewSet, MeView, TokenObtainView
from .people import InvitationViewSet, IsTenantAdmin, MemberField, UserViewSet
from .role_assignments import RoleAssignmentViewSet

__all__ = [
    "ApiTokenViewSet",
    "InvitationViewSet",
    "IsTenantAdmin",
    "MeView",
    "MemberField",
    "RoleAssignmentViewSet",
    "TokenObtainView",
    "UserViewSet",
]
