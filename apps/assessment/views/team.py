"""Assigning assessors to an assessment, and removing them."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from apps.core.actions import perform
from apps.core.exceptions import AccessDenied
from apps.core.http import get_or_404
from apps.core.mixins import TenantMemberRequiredMixin
from apps.core.pickers import picker_response
from apps.lke.selectors import engine_template

from .. import services
from ..access import can_manage
from ..forms import AssignForm
from ..models import Assignment
from ..pickers import assessor_sources
from ..selectors import get_assessment_for_user, tenant_people


class AssignView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        assessment = get_assessment_for_user(request.user, pk)
        template = engine_template(assessment.template)
        form = AssignForm(
            request.POST,
            people=tenant_people(),
            areas=[(a.code, f"{a.code} – {a.name}") for a in template.areas()],
        )
        if not form.is_valid():  # the form sits on the assessment page: its errors as a message
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
            return redirect("assessment:detail", assessment.pk)
        return perform(
            request,
            lambda: services.assessor_assign(
                actor=request.user,
                assessment=assessment,
                user=form.cleaned_data["user"],
                area=form.cleaned_data["area"],
            ),
            success=lambda assignment: (
                _("%(name)s ditugaskan menilai %(area)s.")
                % {"name": assignment.user.full_name, "area": assignment.area or _("seluruh area")}
            ),
            redirect_to=("assessment:detail", assessment.pk),
        )


class AssessorPickView(TenantMemberRequiredMixin, View):
    """The assessor picker's search (apps.assessment.pickers): who may assess this
    assessment's unit at its level, for its lead and the unit's admins."""

    def get(self, request, pk):
        assessment = get_assessment_for_user(request.user, pk)
        if not can_manage(request.user, assessment):
            raise AccessDenied(
                _("Hanya ketua penilai atau Admin unit yang dapat menugaskan penilai.")
            )
        return picker_response(request, assessor_sources(assessment))


class UnassignView(TenantMemberRequiredMixin, View):
    def post(self, request, pk, assignment_pk):
        assessment = get_assessment_for_user(request.user, pk)
        assignment = get_or_404(Assignment.objects.filter(assessment=assessment), pk=assignment_pk)
        return perform(
            request,
            lambda: services.assignment_remove(actor=request.user, assignment=assignment),
            success=_("Penugasan dihapus."),
            redirect_to=("assessment:detail", assessment.pk),
        )
