from django.utils.translation import gettext_lazy as _

from apps.core.access import Capability
from apps.core.navigation import NavItem, capable, register

register(
    NavItem(
        _("Survei"),
        "surveys:list",
        order=78,
        visible=capable(Capability.SURVEY_VIEW),
        testid="nav-surveys",
    )
)
