from django.utils.translation import gettext_lazy as _

from apps.core.navigation import NavItem, register

register(NavItem(_("Pakta Integritas saya"), "declaration:my_pact", order=60))
