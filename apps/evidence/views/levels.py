"""The agency's verification chain: which levels are used and what they are called."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from apps.core.access import Capability, can
from apps.core.actions import perform
from apps.core.mixins import TenantAdminRequiredMixin

from .. import services
from ..chain import verification_levels


class VerificationLevelsView(TenantAdminRequiredMixin, View):
    """The agency's verification chain: which levels are used and what they are called."""

    def get(self, request):
        levels = verification_levels(request.tenant)
        return render(
            request,
            "evidence/levels.html",
            {"levels": levels, "can_edit": can(request.user, Capability.AGENCY_ADMIN)},
        )

    def post(self, request):
        levels = verification_levels(request.tenant)
        changes = {
            level.order: {
                "is_active": request.POST.get(f"active-{level.order}") == "on",
                "name": request.POST.get(f"name-{level.order}", level.name),
            }
            for level in levels
        }
        return perform(
            request,
            lambda: services.verification_levels_update(
                actor=request.user, tenant=request.tenant, changes=changes
            ),
            success=_("Rantai verifikasi disimpan. Berlaku untuk bukti yang diajukan setelah ini."),
            redirect_to="evidence:levels",
            refused_page=lambda: render(
                request, "evidence/levels.html", {"levels": levels, "can_edit": True}, status=400
            ),
        )
