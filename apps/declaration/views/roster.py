"""The roster pages: the unit's staff, one employee, import, leaving the unit."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from apps.core.access import Capability, can, get_unit_for_user, require
from apps.core.forms import apply_validation_error
from apps.core.mixins import TenantMemberRequiredMixin

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
        if form.is_valid():
            try:
                placement = services.employee_add(
                    actor=request.user, unit=unit, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except IntegrityError:
                form.add_error(None, _("Data pegawai berubah saat disimpan. Coba lagi."))
            else:
                messages.success(
                    request,
                    _("%(name)s ditambahkan ke daftar pegawai.")
                    % {"name": placement.employee.name},
                )
                return redirect("declaration:roster", unit.pk)
        return self._page(request, unit, form, status=400)


class RosterTemplateView(TenantMemberRequiredMixin, View):
    def get(self, request):
        response = HttpResponse(importing.template_workbook(), content_type=importing.XLSX_MIME)
        response["Content-Disposition"] = 'attachment; filename="templat-daftar-pegawai.xlsx"'
        return response


class RosterImportView(TenantMemberRequiredMixin, View):
    """Step 1: upload and dry run. A valid file's rows wait in the session for step 2,
    which checks them again before writing anything."""

    def _form_page(self, request, unit, form, status=200):
        context = {"unit": unit, "form": form, "max_rows": settings.IMPORT_MAX_ROWS}
        return render(request, "declaration/import.html", context, status=status)

    def get(self, request, unit_pk):
        unit = get_unit_for_user(request.user, unit_pk)
        require(request.user, Capability.DECLARATION_MANAGE, unit)
        return self._form_page(request, unit, RosterImportForm())

    def post(self, request, unit_pk):
        unit = get_unit_for_user(request.user, unit_pk)
        require(request.user, Capability.DECLARATION_MANAGE, unit)
        request.session.pop(IMPORT_SESSION_KEY, None)
        form = RosterImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._form_page(request, unit, form, status=400)
        upload = form.cleaned_data["file"]
        try:
            rows, parse_errors = importing.read_roster_file(upload)
        except importing.ImportFileError as exc:
            form.add_error("file", exc.message)
            form.mark_invalid_fields()
            return self._form_page(request, unit, form, status=400)
        plan = importing.check_rows(rows, unit=unit, parse_errors=parse_errors)
        context = {
            "unit": unit,
            "plan": plan,
            "filename": upload.name,
            "row_count": len(rows),
            "action": importing.Action,
        }
        if plan.is_valid:
            token = secrets.token_urlsafe(16)
            request.session[IMPORT_SESSION_KEY] = {
                "token": token,
                "unit": unit.pk,
                "filename": upload.name,
                "rows": [row.to_dict() for row in rows],
            }
            context["token"] = token
        else:
            context["form"] = RosterImportForm()
        return render(
            request,
            "declaration/import_preview.html",
            context,
            status=200 if plan.is_valid else 400,
        )


class RosterImportConfirmView(TenantMemberRequiredMixin, View):
    """Step 2: apply the checked file, all rows or none."""

    def post(self, request, unit_pk):
        unit = get_unit_for_user(request.user, unit_pk)
        require(request.user, Capability.DECLARATION_MANAGE, unit)
        stored = request.session.get(IMPORT_SESSION_KEY)
        if (
            not stored
            or stored.get("unit") != unit.pk
            or not secrets.compare_digest(
                str(stored.get("token", "")), request.POST.get("token", "")
            )
        ):
            messages.error(
                request,
                _("Data impor tidak ditemukan atau sudah kedaluwarsa. Unggah ulang berkas."),
            )
            return redirect("declaration:import", unit.pk)
        rows = [importing.RosterRow.from_dict(row) for row in stored["rows"]]
        try:
            plan = services.roster_import(
                actor=request.user,
                unit=unit,
                rows=rows,
                accept_moves=request.POST.get("accept_moves") == "on",
            )
        except importing.RosterRowsInvalid as exc:
            request.session.pop(IMPORT_SESSION_KEY, None)
            context = {
                "unit": unit,
                "plan": importing.RosterPlan(rows=[], errors=exc.row_errors),
                "filename": stored.get("filename", ""),
                "row_count": len(rows),
                "form": RosterImportForm(),
                "changed_since_dry_run": True,
                "action": importing.Action,
            }
            return render(request, "declaration/import_preview.html", context, status=400)
        except ValidationError as exc:
            # Moves not accepted: the checked file stays in the session for another try.
            messages.error(request, " ".join(exc.messages))
            plan = importing.check_rows(rows, unit=unit)
            context = {
                "unit": unit,
                "plan": plan,
                "filename": stored.get("filename", ""),
                "row_count": len(rows),
                "token": stored["token"],
                "action": importing.Action,
            }
            return render(request, "declaration/import_preview.html", context, status=400)
        except IntegrityError:
            messages.error(
                request,
                _(
                    "Daftar pegawai berubah saat impor berjalan; tidak ada yang disimpan. Coba lagi."
                ),
            )
            return redirect("declaration:import", unit.pk)
        request.session.pop(IMPORT_SESSION_KEY, None)
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
        if form.is_valid():
            try:
                services.placement_end(actor=request.user, placement=placement, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s dicatat keluar dari %(unit)s.")
                    % {"name": placement.employee.name, "unit": placement.unit.name},
                )
                return redirect("declaration:roster", placement.unit_id)
        return self._page(request, placement, form, status=400)
