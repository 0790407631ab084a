"""The assessment's steps: finalise, release to the unit, reopen."""

from django.utils.translation import gettext as _
from django.views import View

from apps.core.actions import perform
from apps.core.mixins import TenantMemberRequiredMixin

from .. import services
from ..forms import ReopenForm
from ..selectors import get_assessment_for_user


class FinaliseView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        assessment = get_assessment_for_user(request.user, pk)
        return perform(
            request,
            lambda: services.assessment_finalise(actor=request.user, assessment=assessment),
            success=_("Penilaian difinalkan dan dikunci."),
            redirect_to=("assessment:result", assessment.pk),
            refused_to=("assessment:detail", assessment.pk),
        )


class ReleaseView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        assessment = get_assessment_for_user(request.user, pk)
        return perform(
            request,
            lambda: services.assessment_release(actor=request.user, assessment=assessment),
            success=_("Hasil penilaian dirilis ke unit."),
            redirect_to=("assessment:result", assessment.pk),
        )


class ReopenView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        assessment = get_assessment_for_user(request.user, pk)
        form = ReopenForm(request.POST)
        reason = form.data.get("reason", "")
        return perform(
            request,
            lambda: services.assessment_reopen(
                actor=request.user, assessment=assessment, reason=reason
            ),
            success=_("Penilaian dibuka kembali; alasannya dicatat."),
            redirect_to=("assessment:detail", assessment.pk),
            refused_to=("assessment:result", assessment.pk),
        )
