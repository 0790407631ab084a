"""The Laporan Hasil Identifikasi of a complete identification: the page and the PDF
(made by the worker, ``services.report``)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views import View

from apps.core.mixins import TenantMemberRequiredMixin
from apps.core.pdf import MAKING_PDF
from apps.files.serving import serve_stored_file

from .. import services
from ..selectors import report_context
from .identification import _identification_or_404


def _complete_or_404(request, cycle_pk):
    cycle, identification = _identification_or_404(request, cycle_pk)
    if not identification.is_complete:
        raise Http404
    return cycle, identification


class ReportView(TenantMemberRequiredMixin, View):
    """The Laporan Hasil Identifikasi, print-friendly."""

    def get(self, request, cycle_pk):
        _cycle, identification = _complete_or_404(request, cycle_pk)
        return render(request, "identification/report.html", report_context(identification))


class ReportPdfView(TenantMemberRequiredMixin, View):
    """The PDF rendered by the worker when the TPU completed the identification; should
    the worker not have run yet, it is rendered (and kept) now, and while the worker is
    making it, the page waits for it."""

    def get(self, request, cycle_pk):
        _cycle, identification = _complete_or_404(request, cycle_pk)
        stored = identification.report_file or services.identification_report_store(
            identification=identification, actor=request.user
        )
        if stored is None:  # the worker is still making it after the wait
            messages.info(request, MAKING_PDF)
            return redirect("identification:report", cycle_pk)
        return serve_stored_file(request, stored, as_attachment=request.GET.get("unduh") == "1")
