from django.utils.translation import gettext_lazy as _

from apps.core.access import Capability
from apps.core.navigation import NavItem, capable, register

register(
    NavItem(
        _("Dasbor"),
        "dashboard:index",
        order=20,
        visible=capable(Capability.DASHBOARD_VIEW),
        testid="nav-dashboard",
    )
)
