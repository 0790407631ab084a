"""The result page and the Excel export."""

from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View

from apps.core.access import Capability, can
from apps.core.mixins import TenantMemberRequiredMixin
from apps.core.spreadsheets import xlsx_response

from .. import excel, worksheet
from ..forms import ReopenForm
from ..selectors import (
    answers_by_code,
    assessment_result,
    get_assessment_for_user,
    recommendations,
    reopenings_of,
)
from .scoring import _panel


class ResultView(TenantMemberRequiredMixin, View):
    def get(self, request, pk):
        assessment = get_assessment_for_user(request.user, pk)
        answers = answers_by_code(assessment)
        result = assessment_result(assessment, answers)
        is_admin = can(request.user, Capability.ASSESSMENT_MANAGE, assessment.unit)
        context = {
            "assessment": assessment,
            "cycle": assessment.cycle,
            "sheet": worksheet.build(result, answers),
            "panel": _panel(assessment, result),
            "recommendations": recommendations(answers),
            "reopenings": reopenings_of(assessment),
            "is_lead": assessment.lead_id == request.user.pk,
            "can_manage": assessment.lead_id == request.user.pk or is_admin,
            "is_admin": is_admin,
            "reopen_form": ReopenForm() if is_admin and assessment.is_locked else None,
        }
        return render(request, "assessment/result.html", context)


def _title(assessment) -> tuple[str, list[str]]:
    title = _("LEMBAR KERJA EVALUASI ZONA INTEGRITAS")
    lines = [
        f"{assessment.get_level_display()} · {assessment.unit.name} ({assessment.unit.code})",
        f"{assessment.cycle.name} · {assessment.cycle.get_target_display()} · "
        f"{assessment.template.code}",
        _("Status: %(status)s") % {"status": assessment.get_status_display()},
    ]
    return title, lines


class ExportView(TenantMemberRequiredMixin, View):
    def get(self, request, pk):
        assessment = get_assessment_for_user(request.user, pk)
        answers = answers_by_code(assessment)
        result = assessment_result(assessment, answers)
        title, lines = _title(assessment)
        content = excel.export_workbook(
            title=title,
            subtitle=lines,
            areas=worksheet.build(result, answers),
            panel=_panel(assessment, result),
        )
        name = slugify(f"lke-{assessment.level}-{assessment.unit.code}-{assessment.cycle.year}")
        return xlsx_response(content, f"{name}.xlsx")
