"""Who may write the declaration app's data: the unit's Tim Kerja and the admins."""

from django.utils.translation import gettext as _

from apps.accounts.access import has_role_over
from apps.accounts.roles import ADMIN_ROLES, Role
from apps.core.exceptions import AccessDenied
from apps.units.models import Unit

# Roles of the unit itself that run its declaration and roster (Tim Kerja, DOMAIN.md §3).
TEAM_ROLES = frozenset({Role.PIMPINAN_UNIT, Role.KETUA_TIM, Role.SEKRETARIS})
MANAGER_ROLES = TEAM_ROLES | ADMIN_ROLES


def can_manage(user, unit: Unit) -> bool:
    """Team roles reach only their own unit; Admin Instansi reaches its subtree."""
    return has_role_over(user, unit, MANAGER_ROLES)


def require_manager(actor, unit: Unit) -> None:
    if not can_manage(actor, unit):
        raise AccessDenied(
            _(
                "Hanya Pimpinan Unit, Ketua Tim, Sekretaris atau Admin Instansi yang dapat "
                "mengelola pencanangan dan daftar pegawai %(unit)s."
            )
            % {"unit": unit.name}
        )


def user_or_none(actor):
    return actor if getattr(actor, "pk", None) else None
