"""A report's PDF (made by the worker once the head approved it) and the scan of the
signed paper (uploaded through the files app's hashing upload path)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from apps.core.exceptions import AccessDenied
from apps.core.http import json_error, wants_json
from apps.core.mixins import TenantMemberRequiredMixin
from apps.core.pdf import MAKING_PDF
from apps.files.serving import serve_stored_file
from apps.files.upload import hashing_upload_view, uploaded_file

from .. import services
from ..models import Kind
from ..selectors import get_report_for_user

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReportPdfView(TenantMemberRequiredMixin, View):
    """The issued report's PDF: the one the worker stored; should the worker not have run
    yet, made (and kept) now; while the worker is making it, waited for."""

    def get(self, request, pk):
        report = get_report_for_user(request.user, pk)
        if not report.is_published:
            raise Http404
        stored = report.pdf_file or services.report_pdf_store(report=report, actor=request.user)
        if stored is None:  # the worker is still making it after the wait
            messages.info(request, MAKING_PDF)
            return redirect("reports:detail", report.pk)
        return serve_stored_file(request, stored, as_attachment=request.GET.get("unduh") == "1")


class ReportDocxView(TenantMemberRequiredMixin, View):
    """The annual report as .docx for whoever reads the report (404 otherwise, and for a
    kind without one): ``?bagian=narasi`` only the parts the team writes, else all of it.
    Built from the same document as the PDF, on request."""

    def get(self, request, pk):
        report = get_report_for_user(request.user, pk)
        if report.kind != Kind.TAHUNAN:
            raise Http404
        narrative = request.GET.get("bagian") == "narasi"
        response = HttpResponse(
            services.report_docx(report=report, narrative=narrative), content_type=DOCX
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{services.docx_name(report, narrative)}"'
        )
        return response


@method_decorator(hashing_upload_view, name="dispatch")
class ReportScanView(TenantMemberRequiredMixin, View):
    """Upload (POST, streamed and hashed) or download (GET) the signed report's scan."""

    def get(self, request, pk):
        report = get_report_for_user(request.user, pk)
        if report.scan is None:
            raise Http404
        return serve_stored_file(
            request, report.scan, as_attachment=request.GET.get("unduh") == "1"
        )

    def post(self, request, pk):
        report = get_report_for_user(request.user, pk)
        try:
            report = services.report_attach_scan(
                actor=request.user, report=report, uploaded=uploaded_file(request)
            )
        except (AccessDenied, ValidationError) as exc:  # not perform(): JSON for the uploader
            if not wants_json(request):
                if isinstance(exc, AccessDenied):
                    raise
                messages.error(request, " ".join(exc.messages))
                return redirect("reports:detail", report.pk)
            return json_error(exc, 403 if isinstance(exc, AccessDenied) else 400)
        if not wants_json(request):
            messages.success(request, _("Pindaian laporan bertanda tangan disimpan."))
            return redirect("reports:detail", report.pk)
        return JsonResponse({"report": report.pk, "scan": report.scan.original_name}, status=201)
