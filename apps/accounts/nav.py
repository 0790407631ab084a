"""The accounts entries of the main menu, and who sees the role-bound ones."""

from django.utils.translation import gettext_lazy as _

from apps.core.navigation import NavItem, register

from .roles import ADMIN_ROLES, VERIFIER_ROLES
from .selectors import roles_held


def tenant_admin(request) -> bool:
    """Holds Admin Instansi somewhere in the active tenant (access.is_tenant_admin)."""
    return bool(roles_held(request) & ADMIN_ROLES)


def verifier(request) -> bool:
    """Holds a verification-chain role."""
    return bool(roles_held(request) & VERIFIER_ROLES)


register(NavItem(_("Pengguna & Peran"), "accounts:people", order=90, visible=tenant_admin))
