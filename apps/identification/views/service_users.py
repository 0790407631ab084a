"""Service-user pages of an identification: the list with its form, removing one, and
the import (upload and dry run → confirm, through ``apps.core.imports``)."""

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

from apps.core.access import Capability, can, require
from apps.core.actions import perform, submit
from apps.core.imports import DryRun, ImportFlowMixin, RowsInvalid
from apps.core.mixins import TenantMemberRequiredMixin
from apps.core.spreadsheets import xlsx_response

from .. import importing, services
from ..checks import MIN_SERVICE_USERS
from ..forms import ImportForm, ServiceUserForm
from ..models import ServiceUser
from ..selectors import service_users_of
from .identification import _identification_or_404

IMPORT_SESSION_KEY = "identification_import"


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
        response = submit(
            request,
            form,
            lambda: services.service_user_add(
                actor=request.user, identification=identification, **form.cleaned_data
            ),
            success=lambda row: _("%(name)s ditambahkan.") % {"name": row.name},
            redirect_to=("identification:service_users", cycle.pk),
        )
        if response is not None:
            return response
        return self._page(request, cycle, identification, form=form, status=400)


class ServiceUserRemoveView(TenantMemberRequiredMixin, View):
    def post(self, request, cycle_pk, pk):
        cycle, identification = _identification_or_404(request, cycle_pk)
        try:
            row = service_users_of(identification).get(pk=int(pk))
        except (ServiceUser.DoesNotExist, ValueError):
            raise Http404 from None
        return perform(
            request,
            lambda: services.service_user_remove(actor=request.user, service_user=row),
            success=_("%(name)s dihapus dari daftar.") % {"name": row.name},
            redirect_to=("identification:service_users", cycle.pk),
        )


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
        # Not ``perform``: RowsInvalid (a ValidationError) must reach the import flow's
        # confirm step, and the refusal is worded "Tidak ada yang disimpan: …".
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
