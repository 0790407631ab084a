"""The accounts entries of the main menu."""

from django.utils.translation import gettext_lazy as _

from apps.core.access import Capability
from apps.core.navigation import NavItem, capable, register

register(
    NavItem(
        _("Pengguna & Peran"),
        "accounts:people",
        order=90,
        visible=capable(Capability.PEOPLE_MANAGE),
    )
)
