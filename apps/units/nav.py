from django.utils.translation import gettext_lazy as _

from apps.accounts.nav import tenant_admin
from apps.core.navigation import NavItem, register

register(NavItem(_("Unit"), "units:tree", order=10))
register(NavItem(_("Impor Unit"), "units:import", order=100, visible=tenant_admin))
