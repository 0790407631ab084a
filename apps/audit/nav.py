from django.utils.translation import gettext_lazy as _

from apps.core.access import Capability
from apps.core.navigation import NavItem, capable, register

register(NavItem(_("Jejak Audit"), "audit:list", order=110, visible=capable(Capability.AUDIT_VIEW)))
