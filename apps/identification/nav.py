from django.utils.translation import gettext_lazy as _

from apps.core.navigation import NavItem, register

register(NavItem(_("Identifikasi"), "identification:list", order=40))
