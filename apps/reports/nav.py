from django.utils.translation import gettext_lazy as _

from apps.core.access import Capability
from apps.core.navigation import NavItem, capable, register

register(NavItem(_("Laporan"), "reports:index", order=75, visible=capable(Capability.REPORT_VIEW)))
register(
    NavItem(
        _("Agen Perubahan saya"),
        "reports:my_agent",
        order=76,
        visible=capable(Capability.REPORT_AGENT_EDIT),
        testid="nav-my-agent",
    )
)
