"""The roster pages: the unit's staff, one employee, import, leaving the unit."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from apps.core.access import Capability, can, get_unit_for_user, require
from apps.core.actions import submit
from apps.core.imports import DryRun, ImportFlowMixin
from apps.core.mixins import TenantMemberRequiredMixin
from apps.core.spreadsheets import xlsx_response

from .. import importing, selectors, services
from ..forms import (
    EmployeeForm,
    PlacementEndForm,
    RosterImportForm,
)

IMPORT_SESSION_KEY = "declaration_roster_import"

# --- Roster -------------------------------------------------------------------------


class RosterView(TenantMemberRequiredMixin, View):
    """The unit's current staff with their pact, the share signed, former staff."""

    def get(self, request, unit_pk):
        unit = get_unit_for_user(request.user, unit_pk)
        roster = list(selectors.current_roster(unit))
        former = list(selectors.former_staff(unit)[:100])
        context = {
            "unit": unit,
            "roster": roster,
            "former": former,
            "share": selectors.pact_share(unit),
            "can_manage": can(request.user, Capability.DECLARATION_MANAGE, unit),
        }
        return render(request, "declaration/roster.html", context)


class EmployeeAddView(TenantMemberRequiredMixin, View):
    def _page(self, request, unit, form, status=200):
        return render(
            request, "declaration/employee_form.html", {"unit": unit, "form": form}, status=status
        )

    def get(self, request, unit_pk):
        unit = get_unit_for_user(request.user, unit_pk)
        require(request.user, Capability.DECLARATION_MANAGE, unit)
        return self._page(request, unit, EmployeeForm())

    def post(self, request, unit_pk):
        unit = get_unit_for_user(request.user, unit_pk)
        require(request.user, Capability.DECLARATION_MANAGE, unit)
        form = EmployeeForm(request.POST)

        def add():
            try:
                return services.employee_add(actor=request.user, unit=unit, **form.cleaned_data)
            except IntegrityError:  # a concurrent change: shown on the form like a refusal
                raise ValidationError(_("Data pegawai berubah saat disimpan. Coba lagi.")) from None

        response = submit(
            request,
            form,
            add,
            success=lambda placement: (
                _("%(name)s ditambahkan ke daftar pegawai.") % {"name": placement.employee.name}
            ),
            redirect_to=("declaration:roster", unit.pk),
        )
        return response or self._page(request, unit, form, status=400)


class RosterTemplateView(TenantMemberRequiredMixin, View):
    def get(self, request):
        return xlsx_response(importing.template_workbook(), "templat-daftar-pegawai.xlsx")


class _RosterImportFlow(ImportFlowMixin):
    """The roster import through the shared dry run → confirm flow (core.imports)."""

    session_key = IMPORT_SESSION_KEY
    form_class = RosterImportForm
    spec = importing.SPEC

    def load(self, unit_pk):
        self.unit = get_unit_for_user(self.request.user, unit_pk)
        require(self.request.user, Capability.DECLARATION_MANAGE, self.unit)

    def import_scope(self) -> dict:
        return {"unit": self.unit.pk}

    def preview_context(self) -> dict:
        unit = self.unit
        return {
            "title": _("Pratinjau impor pegawai"),
            "breadcrumbs": [
                (reverse("units:detail", args=[unit.pk]), unit.name),
                (reverse("declaration:roster", args=[unit.pk]), _("Pegawai")),
                (reverse("declaration:import", args=[unit.pk]), _("Impor")),
            ],
            "caption": _("Yang akan dilakukan per baris berkas"),
            "confirm_url": reverse("declaration:import_confirm", args=[unit.pk]),
            "cancel_url": reverse("declaration:import", args=[unit.pk]),
            "upload_url": reverse("declaration:import", args=[unit.pk]),
            "changed_text": _("Data pegawai berubah sejak uji coba dan berkas tidak lagi valid."),
            "nothing_saved": _("Tidak ada data yang disimpan. Perbaiki berkas, lalu unggah ulang."),
        }

    def upload_failed(self, form):
        form.mark_invalid_fields()
        context = {"unit": self.unit, "form": form, "max_rows": settings.IMPORT_MAX_ROWS}
        return render(self.request, "declaration/import.html", context, status=400)

    def check(self, parsed, upload) -> DryRun:
        rows, parse_errors = importing.rows_of(parsed)
        return self.dry_run_of(rows, parse_errors)

    def dry_run_of(self, rows, parse_errors=()) -> DryRun:
        plan = importing.check_rows(rows, unit=self.unit, parse_errors=parse_errors)
        summary = plan.summary
        dry_run = DryRun(
            rows=[row.to_dict() for row in rows],
            errors=plan.errors,
            headings=["NIP", _("Nama"), _("Jabatan"), _("Wajib LHKPN"), _("Tindakan")],
            table=[
                [
                    item.row.line,
                    item.row.nip,
                    item.row.nama,
                    item.row.jabatan,
                    _("ya") if item.lhkpn_obliged else _("tidak"),
                    _action_text(item),
                ]
                for item in plan.rows
            ],
            summary=_(
                "Semua baris benar. %(new)s pegawai baru, %(moved)s pindah dari unit lain, "
                "%(back)s kembali tercatat, %(updated)s diperbarui, %(same)s tidak berubah."
            )
            % {
                "new": summary[importing.Action.NEW],
                "moved": summary[importing.Action.MOVE],
                "back": summary[importing.Action.RETURN],
                "updated": summary[importing.Action.UPDATE],
                "same": summary[importing.Action.SAME],
            },
            row_count=len(rows),
        )
        self.moves = len(plan.moves)
        return dry_run

    def render_preview(self, dry_run, *, filename, status=200, **extra):
        moves = getattr(self, "moves", 0) if dry_run.is_valid else 0
        if moves:
            extra["confirm_warning"] = ngettext(
                "%(n)s pegawai masih tercatat di unit lain dan akan dipindahkan ke unit ini "
                "(penempatan lamanya diakhiri, riwayatnya tetap tersimpan).",
                "%(n)s pegawai masih tercatat di unit lain dan akan dipindahkan ke unit ini "
                "(penempatan lamanya diakhiri, riwayatnya tetap tersimpan).",
                moves,
            ) % {"n": moves}
            extra["confirm_checkbox"] = {
                "name": "accept_moves",
                "label": _("Setujui pemindahan pegawai tersebut ke unit ini"),
            }
        return super().render_preview(dry_run, filename=filename, status=status, **extra)

    def apply(self, rows):
        request, unit = self.request, self.unit
        rows = [importing.RosterRow.from_dict(row) for row in rows]
        try:
            plan = services.roster_import(
                actor=request.user,
                unit=unit,
                rows=rows,
                accept_moves=request.POST.get("accept_moves") == "on",
            )
        except importing.RowsInvalid:
            raise
        except ValidationError as exc:  # not submit(): the import's confirm step, re-rendered
            # Moves not accepted: the checked file stays in the session for another try.
            self.keep_dry_run = True
            messages.error(request, " ".join(exc.messages))
            stored = request.session[self.session_key]
            return self.render_preview(
                self.dry_run_of(rows),
                filename=stored.get("filename", ""),
                status=400,
                token=stored["token"],
            )
        except IntegrityError:
            self.keep_dry_run = True
            messages.error(
                request,
                _(
                    "Daftar pegawai berubah saat impor berjalan; tidak ada yang disimpan. Coba lagi."
                ),
            )
            return redirect("declaration:import", unit.pk)
        messages.success(
            request,
            _(
                "Impor selesai: %(new)s pegawai baru, %(moved)s dipindahkan, %(back)s kembali, "
                "%(updated)s diperbarui, %(same)s tetap."
            )
            % {
                "new": plan.count(importing.Action.NEW),
                "moved": plan.count(importing.Action.MOVE),
                "back": plan.count(importing.Action.RETURN),
                "updated": plan.count(importing.Action.UPDATE),
                "same": plan.count(importing.Action.SAME),
            },
        )
        return redirect("declaration:roster", unit.pk)


def _action_text(item) -> str:
    Action = importing.Action
    if item.action == Action.NEW:
        return _("pegawai baru")
    if item.action == Action.MOVE:
        return _("pindah dari %(unit)s") % {"unit": item.from_unit_name}
    if item.action == Action.RETURN:
        return _("kembali tercatat")
    if item.action == Action.UPDATE:
        return _("diperbarui: %(changes)s") % {"changes": ", ".join(item.changes)}
    return _("tidak berubah")


class RosterImportView(TenantMemberRequiredMixin, _RosterImportFlow, View):
    """Step 1: upload and dry run. A valid file's rows wait in the session for step 2,
    which checks them again before writing anything."""

    def get(self, request, unit_pk):
        self.load(unit_pk)
        context = {
            "unit": self.unit,
            "form": RosterImportForm(),
            "max_rows": settings.IMPORT_MAX_ROWS,
        }
        return render(request, "declaration/import.html", context)

    def post(self, request, unit_pk):
        self.load(unit_pk)
        return self.dry_run_response()


class RosterImportConfirmView(TenantMemberRequiredMixin, _RosterImportFlow, View):
    """Step 2: apply the checked file, all rows or none."""

    def post(self, request, unit_pk):
        self.load(unit_pk)
        return self.confirm_response()


class EmployeeView(TenantMemberRequiredMixin, View):
    """One employee: every placement (the history of moves) and its pact."""

    def get(self, request, pk):
        employee = selectors.get_employee_for_user(request.user, pk)
        placements = list(selectors.placements_of(employee))
        return render(
            request,
            "declaration/employee.html",
            {
                "employee": employee,
                "placements": placements,
                "is_self": services.is_own_employee(request.user, employee),
            },
        )


class PlacementEndView(TenantMemberRequiredMixin, View):
    def _page(self, request, placement, form, status=200):
        return render(
            request,
            "declaration/placement_end.html",
            {"placement": placement, "form": form},
            status=status,
        )

    def get(self, request, pk):
        placement = selectors.get_placement_for_user(request.user, pk)
        require(request.user, Capability.DECLARATION_MANAGE, placement.unit)
        if placement.ended_on is not None:
            raise Http404
        return self._page(
            request, placement, PlacementEndForm(initial={"ended_on": timezone.localdate()})
        )

    def post(self, request, pk):
        placement = selectors.get_placement_for_user(request.user, pk)
        require(request.user, Capability.DECLARATION_MANAGE, placement.unit)
        form = PlacementEndForm(request.POST)
        response = submit(
            request,
            form,
            lambda: services.placement_end(
                actor=request.user, placement=placement, **form.cleaned_data
            ),
            success=_("%(name)s dicatat keluar dari %(unit)s.")
            % {"name": placement.employee.name, "unit": placement.unit.name},
            redirect_to=("declaration:roster", placement.unit_id),
        )
        return response or self._page(request, placement, form, status=400)
