"""A survey's results for the unit (``/survei/<pk>/hasil/``): the figures, the minimum
sample, the answers per item, the breakdowns, the spreadsheet and the report PDF. Read
only; every figure comes from ``selectors`` in a fixed number of queries."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views import View

from apps.core.mixins import TenantMemberRequiredMixin
from apps.core.pdf import MAKING_PDF
from apps.core.spreadsheets import append_row, new_workbook, workbook_bytes, xlsx_response
from apps.files.serving import serve_stored_file

from .. import access, services
from ..selectors import results_context, suggestion_counts, survey_for_user


def detail_url(survey) -> str | None:
    """The survey's page (helper C's surveys:detail) when it exists on this branch."""
    try:
        return reverse("surveys:detail", args=[survey.pk])
    except NoReverseMatch:
        return None


def page_context(request, survey) -> dict:
    return {
        "detail_url": detail_url(survey),
        "can_manage": access.can_manage(request.user, survey.unit),
    }


class ResultsView(TenantMemberRequiredMixin, View):
    def get(self, request, pk):
        survey = survey_for_user(request.user, pk)
        context = results_context(survey)
        context.update(page_context(request, survey))
        context["suggestions"] = suggestion_counts(survey)
        context["tab"] = "results"
        return render(request, "surveys/results.html", context)


def _num(value):
    return None if value is None else float(value)


class ResultsXlsxView(TenantMemberRequiredMixin, View):
    """The figures as a workbook: the elements, the answers per item, the breakdowns."""

    def get(self, request, pk):
        survey = survey_for_user(request.user, pk)
        context = results_context(survey)
        result = context["result"]
        workbook = new_workbook()
        sheet = workbook.active
        sheet.title = _("Hasil")
        append_row(sheet, [survey.title])
        append_row(sheet, [_("Unit"), survey.unit.name])
        append_row(sheet, [_("Periode"), f"{survey.get_period_display()} {survey.year}"])
        append_row(sheet, [_("Responden"), result.respondents])
        append_row(sheet, [])
        scale = list(range(1, survey.scale + 1))
        header = [_("Kode"), _("Unsur/aspek"), _("Jawaban"), _("NRR")]
        if result.is_skm:
            header.append(_("NRR × 25"))
        append_row(sheet, header + [_("Jawaban %(v)s") % {"v": v} for v in scale])
        for row in result.items:
            values = [row.item.code, row.item.element, row.tally.count, _num(row.nrr_shown)]
            if result.is_skm:
                values.append(_num(row.converted))
            append_row(sheet, values + list(row.distribution))
        append_row(sheet, [])
        if result.is_skm:
            append_row(sheet, [_("IKM (1–4)"), _num(result.index_shown)])
            append_row(sheet, [_("IKM konversi"), _num(result.converted)])
            grade = result.grade
            append_row(sheet, [_("Mutu pelayanan"), f"{grade} ({grade.label})" if grade else ""])
        else:
            append_row(
                sheet,
                [_("Indeks (skala 1–%(k)s)") % {"k": survey.scale}, _num(result.index_shown)],
            )
            append_row(sheet, [_("Nilai LKE (0–4)"), _num(result.lke_value_shown)])
            append_row(sheet, [_("Aturan konversi"), result.rule_text])
        for warning in result.warnings:
            append_row(sheet, [_("Catatan"), warning])

        breakdown_sheet = workbook.create_sheet(_("Rincian"))
        last = _("Konversi") if result.is_skm else _("Nilai LKE (0–4)")
        append_row(
            breakdown_sheet, [_("Dimensi"), _("Kelompok"), _("Responden"), _("Indeks"), last]
        )
        for breakdown in context["breakdowns"]:
            for row in breakdown.rows:
                append_row(
                    breakdown_sheet,
                    [
                        breakdown.heading,
                        row.label,
                        row.respondents,
                        _num(row.index_shown),
                        _num(row.converted if result.is_skm else row.lke_value_shown),
                    ],
                )
        name = f"hasil-{survey.short_kind.lower()}-{survey.unit.code}-{survey.year}-{survey.period}.xlsx"
        return xlsx_response(workbook_bytes(workbook), name)


class ReportPdfView(TenantMemberRequiredMixin, View):
    """The published report: the worker's PDF, or made now when it has not run yet."""

    def get(self, request, pk):
        survey = survey_for_user(request.user, pk)
        if survey.published_at is None:
            raise Http404
        stored = services.survey_report_store(survey=survey, actor=request.user)
        if stored is None:
            messages.info(request, MAKING_PDF)
            return redirect("surveys:results", survey.pk)
        return serve_stored_file(request, stored, as_attachment=request.GET.get("unduh") == "1")
