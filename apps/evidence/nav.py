from django.utils.translation import gettext_lazy as _

from apps.core.access import Capability
from apps.core.navigation import NavItem, NavSection, capable, register

register(NavSection("evidence", _("Bukti dukung"), order=80))
register(
    NavItem(
        _("Antrian verifikasi"),
        "evidence:queue",
        order=1,
        section="evidence",
        visible=capable(Capability.EVIDENCE_VERIFY),
        testid="nav-queue",
    )
)
register(NavItem(_("Kelengkapan bukti"), "evidence:completeness", order=2, section="evidence"))
register(
    NavItem(
        _("Rantai verifikasi"),
        "evidence:levels",
        order=3,
        section="evidence",
        visible=capable(Capability.PEOPLE_MANAGE),
    )
)
