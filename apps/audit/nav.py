from django.utils.translation import gettext_lazy as _

from apps.accounts.nav import tenant_admin
from apps.core.navigation import NavItem, register

register(NavItem(_("Jejak Audit"), "audit:list", order=110, visible=tenant_admin))
