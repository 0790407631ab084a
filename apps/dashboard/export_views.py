"""The dashboard's exports: the current view as .xlsx (made in the request), and as a PDF
for a leadership meeting (asked for here, made by the worker, downloaded by the person
who asked for it). Same address parameters and checks as the page (``views``): 403
without the capability, 400 with the reason for a malformed parameter, 404 with a
message for an unknown year or a unit outside the reach."""

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from apps.core.mixins import TenantMemberRequiredMixin
from apps.core.pdf import MAKING_PDF
from apps.core.spreadsheets import xlsx_response
from apps.files.serving import serve_stored_file

from .excel import dashboard_workbook, workbook_name
from .selectors import dashboard_exports_of, dashboard_whole, get_dashboard_export_for_user
from .services import dashboard_export_request
from .views import dashboard_params, refused, require_dashboard

# The requests the page lists (newest first).
EXPORTS_SHOWN = 5


def dashboard_url(year=None, unit_id=None) -> str:
    query = {k: v for k, v in (("tahun", year), ("unit", unit_id)) if v is not None}
    url = reverse("dashboard:index")
    return f"{url}?{urlencode(query)}" if query else url


class DashboardXlsxView(TenantMemberRequiredMixin, View):
    """``/dasbor/unduh.xlsx?tahun=&unit=``: one sheet per table, the lists whole."""

    def get(self, request):
        require_dashboard(request)
        try:
            params = dashboard_params(request.GET)
            dash = dashboard_whole(request.user, year=params["year"], unit_id=params["unit_id"])
        except (BadRequest, Http404) as exc:
            return refused(request, exc)
        return xlsx_response(dashboard_workbook(dash), workbook_name(dash, request.tenant.code))


class DashboardPdfRequestView(TenantMemberRequiredMixin, View):
    """ "Buat PDF": queue the worker for the view ``tahun``/``unit`` (form fields)."""

    def post(self, request):
        require_dashboard(request)
        fields = {k: request.POST[k] for k in ("tahun", "unit") if k in request.POST}
        try:
            params = dashboard_params(fields)
            export = dashboard_export_request(
                actor=request.user,
                tenant=request.tenant,
                year=params["year"],
                unit_id=params["unit_id"],
            )
        except (BadRequest, Http404) as exc:
            return refused(request, exc)
        messages.success(
            request,
            _("PDF dasbor sedang dibuat; tautan unduhnya muncul di sini setelah selesai."),
        )
        return redirect(dashboard_url(export.year, params["unit_id"]))


class DashboardExportsView(TenantMemberRequiredMixin, View):
    """The requester's PDFs and their state: a panel of the dashboard (htmx, polled while
    one is being made), or a page of its own without JavaScript."""

    def get(self, request):
        require_dashboard(request)
        exports = list(dashboard_exports_of(request.user)[:EXPORTS_SHOWN])
        context = {"exports": exports, "polling": any(e.in_progress for e in exports)}
        template = "dashboard/_exports.html" if request.htmx else "dashboard/exports.html"
        return render(request, template, context)


class DashboardPdfView(TenantMemberRequiredMixin, View):
    """A requested PDF, for the person who asked for it only (404 for anyone else)."""

    def get(self, request, pk):
        require_dashboard(request)
        export = get_dashboard_export_for_user(request.user, pk)
        if export.pdf_file is None:
            messages.info(request, export.error if export.failed else str(MAKING_PDF))
            return redirect("dashboard:exports")
        return serve_stored_file(request, export.pdf_file, as_attachment=True)
