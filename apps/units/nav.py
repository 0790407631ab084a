from django.utils.translation import gettext_lazy as _

from apps.core.access import Capability
from apps.core.navigation import NavItem, capable, register

register(NavItem(_("Unit"), "units:tree", order=10))
register(
    NavItem(_("Impor Unit"), "units:import", order=100, visible=capable(Capability.PEOPLE_MANAGE))
)
