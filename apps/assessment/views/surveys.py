"""The figures of a survey an assessment takes HBA/HPA from, for whoever reads the
assessment (the TPU/TPI assessors read no survey pages of the unit otherwise)."""

from django.http import Http404
from django.shortcuts import render
from django.views import View

from apps.core.mixins import TenantMemberRequiredMixin
from apps.surveys.access import can_view
from apps.surveys.lke import PERCEPTION_KINDS, survey_url
from apps.surveys.models import Status, Survey
from apps.surveys.selectors import survey_result

from ..selectors import get_assessment_for_user
from ..survey_values import survey_title


class SurveySourceView(TenantMemberRequiredMixin, View):
    def get(self, request, pk, survey_pk):
        assessment = get_assessment_for_user(request.user, pk)
        # Only a closed IPAK/IPKP survey of the assessment's unit and year: what the
        # assessment may take its values from (404 for any other survey).
        survey = (
            Survey.objects.filter(
                tenant_id=assessment.tenant_id,
                unit_id=assessment.unit_id,
                year=assessment.cycle.year,
                kind__in=PERCEPTION_KINDS,
                status=Status.CLOSED,
                pk=survey_pk,
            )
            .select_related("unit", "closed_by")
            .first()
        )
        if survey is None:
            raise Http404
        result = survey_result(survey)
        return render(
            request,
            "assessment/survey.html",
            {
                "assessment": assessment,
                "cycle": assessment.cycle,
                "survey": survey,
                "title": survey_title(survey),
                "result": result,
                "survey_page": survey_url(survey) if can_view(request.user, survey.unit) else None,
            },
        )
