"""Identification pages: the cycle's identification (unit information, the TPU's check
and decision), the service-user list with its import, and the Laporan Hasil
Identifikasi (page and PDF). Thin: parse, check access, call one service or selector."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from apps.core.access import Capability, can, holds, require
from apps.core.forms import apply_validation_error
from apps.core.imports import DryRun, ImportFlowMixin, RowsInvalid
from apps.core.mixins import TenantMemberRequiredMixin
from apps.core.pdf import MAKING_PDF
from apps.core.spreadsheets import xlsx_response
from apps.files.serving import serve_stored_file

from . import importing, services
from .checks import MIN_SERVICE_USERS, missing_items, submission_checklist
from .forms import DecisionForm, ImportForm, ServiceUserForm, UnitInfoForm
from .models import ServiceUser, Status
from .selectors import (
    awaiting_decision,
    cycle_and_identification,
    history_of,
    identifications_visible_to,
    report_context,
    service_users_of,
    unit_info_rows,
)

IMPORT_SESSION_KEY = "identification_import"


def _identification_or_404(request, cycle_pk):
    cycle, identification = cycle_and_identification(request.user, cycle_pk)
    if identification is None:
        raise Http404
    return cycle, identification


def _detail_url(cycle_pk) -> str:
    return reverse("identification:detail", args=[cycle_pk])


class IdentificationListView(TenantMemberRequiredMixin, View):
    """Identifications of the units the user sees; TPU assessors see what awaits them."""

    def get(self, request):
        status = request.GET.get("status", "")
        rows = identifications_visible_to(request.user).order_by("-cycle__year", "unit__path")
        if status in Status.values:
            rows = rows.filter(status=status)
        else:
            status = ""
        context = {
            "rows": list(rows[:500]),
            "awaiting": list(awaiting_decision(request.user)[:100]),
            "status": status,
            "statuses": Status.choices,
        }
        return render(request, "identification/list.html", context)


class IdentificationDetailView(TenantMemberRequiredMixin, View):
    def context(self, request, cycle, identification, *, info_form=None, decision_form=None):
        user = request.user
        unit = cycle.unit
        context = {
            "cycle": cycle,
            "unit": unit,
            "identification": identification,
            "can_fill": can(user, Capability.IDENTIFICATION_FILL, unit),
            "is_assessor": holds(user, Capability.IDENTIFICATION_DECIDE, unit),
            "min_service_users": MIN_SERVICE_USERS,
        }
        context["conflict"] = context["is_assessor"] and not can(
            user, Capability.IDENTIFICATION_DECIDE, unit
        )
        context["can_open"] = (
            identification is None and context["can_fill"] and cycle.stage in services.OPEN_STAGES
        )
        if identification is None:
            return context
        count = services.service_user_count(identification)
        checklist = submission_checklist(identification, count)
        context.update(
            {
                "service_user_count": count,
                "missing": missing_items(identification, count),
                "checklist": checklist,
                "submit_gaps": [item.gap for item in checklist if not item.done],
                "info_rows": unit_info_rows(identification),
                "history": list(history_of(identification)),
                "can_edit": context["can_fill"] and identification.is_editable,
                "can_decide": context["is_assessor"]
                and not context["conflict"]
                and identification.status == Status.SUBMITTED,
            }
        )
        if context["can_edit"]:
            context["info_form"] = info_form or UnitInfoForm(
                initial=UnitInfoForm.initial_from(identification), year=cycle.year
            )
        if context["can_decide"]:
            context["decision_form"] = decision_form or DecisionForm(
                initial=DecisionForm.initial_from(identification)
            )
        return context

    def get(self, request, cycle_pk):
        cycle, identification = cycle_and_identification(request.user, cycle_pk)
        return render(
            request,
            "identification/detail.html",
            self.context(request, cycle, identification),
        )


class OpenView(TenantMemberRequiredMixin, View):
    def post(self, request, cycle_pk):
        cycle, _identification = cycle_and_identification(request.user, cycle_pk)
        try:
            services.identification_open(actor=request.user, cycle=cycle)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Identifikasi dibuka. Lengkapi informasi unit dan data pengguna layanan."),
            )
        return redirect(_detail_url(cycle.pk))


class UnitInfoView(IdentificationDetailView):
    def get(self, request, cycle_pk):
        return redirect(_detail_url(cycle_pk))

    def post(self, request, cycle_pk):
        cycle, identification = _identification_or_404(request, cycle_pk)
        form = UnitInfoForm(request.POST, year=cycle.year)
        if form.is_valid():
            try:
                services.identification_update(
                    actor=request.user, identification=identification, **form.changes()
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Informasi unit disimpan."))
                return redirect(_detail_url(cycle.pk) + "#informasi")
        # Show the refused input beside the state that is still stored.
        cycle, identification = _identification_or_404(request, cycle_pk)
        context = self.context(request, cycle, identification, info_form=form)
        return render(request, "identification/detail.html", context, status=400)


class SubmitView(TenantMemberRequiredMixin, View):
    def post(self, request, cycle_pk):
        cycle, identification = _identification_or_404(request, cycle_pk)
        try:
            services.identification_submit(actor=request.user, identification=identification)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Identifikasi diajukan ke TPU."))
        return redirect(_detail_url(cycle.pk))


class DecideView(IdentificationDetailView):
    def get(self, request, cycle_pk):
        return redirect(_detail_url(cycle_pk))

    def post(self, request, cycle_pk):
        cycle, identification = _identification_or_404(request, cycle_pk)
        outcome = request.POST.get("outcome", "")
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                services.identification_decide(
                    actor=request.user,
                    identification=identification,
                    outcome=outcome,
                    requirements=form.requirements(),
                    notes=form.notes(),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                if outcome == services.Outcome.COMPLETE:
                    messages.success(
                        request,
                        _("Identifikasi dinyatakan lengkap: %(unit)s menjadi Calon Unit Kerja.")
                        % {"unit": cycle.unit.name},
                    )
                else:
                    messages.success(
                        request, _("Identifikasi dikembalikan ke unit untuk dilengkapi.")
                    )
                return redirect(_detail_url(cycle.pk))
        cycle, identification = _identification_or_404(request, cycle_pk)
        context = self.context(request, cycle, identification, decision_form=form)
        return render(request, "identification/detail.html", context, status=400)


# --- service users ----------------------------------------------------------------------


class ServiceUsersView(TenantMemberRequiredMixin, View):
    def _page(self, request, cycle, identification, form=None, import_form=None, status=200):
        editable = (
            can(request.user, Capability.IDENTIFICATION_FILL, cycle.unit)
            and identification.is_editable
        )
        context = {
            "cycle": cycle,
            "unit": cycle.unit,
            "identification": identification,
            "users": list(service_users_of(identification)),
            "can_edit": editable,
            "form": form or ServiceUserForm(),
            "import_form": import_form or ImportForm(),
            "min_service_users": MIN_SERVICE_USERS,
            "max_rows": settings.IMPORT_MAX_ROWS,
        }
        return render(request, "identification/service_users.html", context, status=status)

    def get(self, request, cycle_pk):
        cycle, identification = _identification_or_404(request, cycle_pk)
        return self._page(request, cycle, identification)

    def post(self, request, cycle_pk):
        cycle, identification = _identification_or_404(request, cycle_pk)
        form = ServiceUserForm(request.POST)
        if form.is_valid():
            try:
                row = services.service_user_add(
                    actor=request.user, identification=identification, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("%(name)s ditambahkan.") % {"name": row.name})
                return redirect("identification:service_users", cycle.pk)
        return self._page(request, cycle, identification, form=form, status=400)


class ServiceUserRemoveView(TenantMemberRequiredMixin, View):
    def post(self, request, cycle_pk, pk):
        cycle, identification = _identification_or_404(request, cycle_pk)
        try:
            row = service_users_of(identification).get(pk=int(pk))
        except (ServiceUser.DoesNotExist, ValueError):
            raise Http404 from None
        try:
            services.service_user_remove(actor=request.user, service_user=row)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(name)s dihapus dari daftar.") % {"name": row.name})
        return redirect("identification:service_users", cycle.pk)


class _ServiceUserImportFlow(ImportFlowMixin):
    """The service-user import through the shared dry run → confirm flow (core.imports)."""

    session_key = IMPORT_SESSION_KEY
    form_class = ImportForm

    def load(self, cycle_pk):
        self.cycle, self.identification = _identification_or_404(self.request, cycle_pk)

    def import_scope(self) -> dict:
        return {"identification": self.identification.pk}

    def preview_context(self) -> dict:
        cycle = self.cycle
        return {
            "title": _("Pratinjau impor pengguna layanan"),
            "breadcrumbs": [
                (
                    reverse("identification:detail", args=[cycle.pk]),
                    f"{_('Identifikasi')} · {cycle.unit.name}",
                ),
                (reverse("identification:service_users", args=[cycle.pk]), _("Pengguna layanan")),
            ],
            "caption": _("Baris yang akan ditambahkan (sudah dinormalkan)"),
            "confirm_url": reverse("identification:import_confirm", args=[cycle.pk]),
            "cancel_url": reverse("identification:service_users", args=[cycle.pk]),
            "upload_url": reverse("identification:service_users", args=[cycle.pk]),
            "changed_text": _(
                "Daftar pengguna layanan berubah sejak uji coba dan berkas tidak lagi valid."
            ),
            "nothing_saved": _("Tidak ada yang disimpan. Perbaiki berkas, lalu unggah ulang."),
        }

    def upload_failed(self, form):
        form.mark_invalid_fields()
        return ServiceUsersView()._page(
            self.request, self.cycle, self.identification, import_form=form, status=400
        )

    def read(self, upload):
        return importing.spec(today=timezone.localdate()).read_upload(upload)

    def check(self, parsed, upload) -> DryRun:
        existing = {
            (n.lower(), s.lower(), d.isoformat())
            for n, s, d in service_users_of(self.identification).values_list(
                "name", "service", "finished_on"
            )
        }
        checked = importing.check_table(parsed, existing=existing)
        return DryRun(
            rows=[row.to_dict() for row in checked.rows],
            errors=checked.errors,
            headings=[
                _("Nama"),
                _("Jenis layanan"),
                _("Tanggal selesai"),
                _("No. telp./WA"),
                _("E-mail"),
            ],
            table=[
                [r.line, r.name, r.service, r.finished_on, r.phone, r.email] for r in checked.rows
            ],
            summary=ngettext(
                "Semua baris benar: %(n)s pengguna layanan akan ditambahkan.",
                "Semua baris benar: %(n)s pengguna layanan akan ditambahkan.",
                len(checked.rows),
            )
            % {"n": len(checked.rows)},
        )

    def apply(self, rows):
        request = self.request
        rows = [importing.ServiceUserRow.from_dict(row) for row in rows]
        try:
            created = services.service_user_import(
                actor=request.user, identification=self.identification, rows=rows
            )
        except RowsInvalid:
            raise
        except ValidationError as exc:
            messages.error(
                request,
                _("Tidak ada yang disimpan: %(errors)s") % {"errors": " ".join(exc.messages)},
            )
            return redirect("identification:service_users", self.cycle.pk)
        messages.success(
            request, _("%(n)s pengguna layanan berhasil diimpor.") % {"n": len(created)}
        )
        return redirect("identification:service_users", self.cycle.pk)


class ImportView(TenantMemberRequiredMixin, _ServiceUserImportFlow, View):
    """Step 1: upload and dry run; a valid file's rows wait in the session for step 2."""

    def get(self, request, cycle_pk):
        return redirect("identification:service_users", cycle_pk)

    def post(self, request, cycle_pk):
        self.load(cycle_pk)
        request.session.pop(IMPORT_SESSION_KEY, None)
        require(request.user, Capability.IDENTIFICATION_FILL, self.cycle.unit)
        if not self.identification.is_editable:
            messages.error(request, _("Daftar pengguna layanan tidak dapat diubah sekarang."))
            return redirect("identification:service_users", self.cycle.pk)
        return self.dry_run_response()


class ImportConfirmView(TenantMemberRequiredMixin, _ServiceUserImportFlow, View):
    """Step 2: add the checked rows, all or none."""

    def post(self, request, cycle_pk):
        self.load(cycle_pk)
        return self.confirm_response()


class ImportTemplateView(TenantMemberRequiredMixin, View):
    def get(self, request, cycle_pk):
        _identification_or_404(request, cycle_pk)
        return xlsx_response(importing.template_workbook(), "templat-pengguna-layanan.xlsx")


# --- the report -------------------------------------------------------------------------


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
    the worker not have run yet, it is rendered (and kept) now."""

    def get(self, request, cycle_pk):
        _cycle, identification = _complete_or_404(request, cycle_pk)
        stored = identification.report_file or services.identification_report_store(
            identification=identification, actor=request.user
        )
        if stored is None:  # the worker is making it right now
            messages.info(request, MAKING_PDF)
            return redirect("identification:report", cycle_pk)
        return serve_stored_file(request, stored, as_attachment=request.GET.get("unduh") == "1")
