"""Pages of the declaration app: the charter of a cycle, the unit's roster and import,
an employee's history, and the integrity pact. Thin: access through the selectors (404
for anything the user cannot see), writes through ``services.py`` (403 for a wrong role)."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from apps.accounts.access import get_unit_for_user
from apps.core.exceptions import AccessDenied
from apps.core.forms import apply_validation_error
from apps.core.mixins import TenantMemberRequiredMixin
from apps.cycles.selectors import get_cycle_for_user
from apps.cycles.stages import Stage
from apps.files.serving import serve_stored_file
from apps.files.upload import HashingTemporaryFileUploadHandler, uploaded_file

from . import importing, selectors, services, texts
from .forms import (
    DeclarationForm,
    EmployeeForm,
    PactScanForm,
    PactSignForm,
    PlacementEndForm,
    RosterImportForm,
    witness_formset,
)
from .models import Pact
from .pdf import charter_pdf

IMPORT_SESSION_KEY = "declaration_roster_import"


def _wants_json(request) -> bool:
    return request.headers.get(
        "x-requested-with"
    ) == "XMLHttpRequest" or "application/json" in request.headers.get("accept", "")


def _error_json(exc, status: int) -> JsonResponse:
    message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    return JsonResponse(
        {"error": {"status": status, "code": "invalid", "message": message, "fields": {}}},
        status=status,
    )


def _require_manager(user, unit) -> None:
    if not services.can_manage(user, unit):
        raise AccessDenied(
            _(
                "Hanya Pimpinan Unit, Ketua Tim, Sekretaris atau Admin Instansi yang dapat "
                "mengelola pencanangan dan daftar pegawai %(unit)s."
            )
            % {"unit": unit.name}
        )


# --- Piagam Pencanangan ---------------------------------------------------------------


def _charter_context(cycle, declaration) -> dict:
    context = {"cycle": cycle, "declaration": declaration, "unit": cycle.unit}
    if declaration is not None:
        context["sentence"] = texts.charter_sentence(
            declared_on=declaration.declared_on,
            head_name=declaration.head_name,
            head_title=declaration.head_title,
            unit_name=cycle.unit.name,
        )
        context["place_date"] = f"{declaration.place}, {texts.long_date(declaration.declared_on)}"
        context["witnesses"] = list(declaration.witnesses.all())
    return context


class DeclarationView(TenantMemberRequiredMixin, View):
    """A cycle's charter: its facts and witnesses, the signed scan, the pact share."""

    def context(self, request, cycle, form=None, formset=None) -> dict:
        declaration = selectors.declaration_of(cycle)
        can_edit = (
            services.can_manage(request.user, cycle.unit) and cycle.stage == Stage.PENCANANGAN
        )
        context = _charter_context(cycle, declaration)
        context.update(
            {
                "can_edit": can_edit,
                "share": selectors.pact_share(cycle.unit),
                "missing": services.declaration_missing(cycle),
                "upload_url": reverse("declaration:scan", args=[cycle.pk]),
            }
        )
        if can_edit:
            if form is None:
                unit = cycle.unit
                initial = {
                    "head_name": unit.head_name,
                    "head_title": unit.head_title,
                    "head_nip": unit.head_nip,
                }
                witnesses = []
                if declaration is not None:
                    initial = {
                        "declared_on": declaration.declared_on,
                        "place": declaration.place,
                        "head_name": declaration.head_name,
                        "head_title": declaration.head_title,
                        "head_nip": declaration.head_nip,
                    }
                    witnesses = [
                        {"name": w.name, "title": w.title, "institution": w.institution}
                        for w in context["witnesses"]
                    ]
                form = DeclarationForm(initial=initial)
                formset = witness_formset(initial=witnesses)
            context["form"] = form
            context["formset"] = formset
        return context

    def get(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        context = self.context(request, cycle)
        template = "declaration/_scan.html" if request.htmx else "declaration/declaration.html"
        return render(request, template, context)

    def post(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        _require_manager(request.user, cycle.unit)
        form = DeclarationForm(request.POST)
        formset = witness_formset(request.POST)
        formset_ok = formset.is_valid()
        if form.is_valid() and formset_ok:
            witnesses = [f.cleaned_data for f in formset.forms if f.cleaned_data]
            try:
                services.declaration_record(
                    actor=request.user, cycle=cycle, witnesses=witnesses, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Piagam pencanangan disimpan."))
                return redirect("declaration:cycle", cycle.pk)
        elif not formset_ok:
            form.add_error(None, _("Data saksi tidak valid: periksa isian saksi."))
        context = self.context(request, cycle, form=form, formset=formset)
        return render(request, "declaration/declaration.html", context, status=400)


@method_decorator(csrf_exempt, name="dispatch")
class DeclarationScanView(TenantMemberRequiredMixin, View):
    """Upload (POST, streamed and hashed) or download (GET) the signed charter's scan."""

    def get(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        declaration = selectors.declaration_of(cycle)
        if declaration is None or declaration.scan is None:
            raise Http404
        return serve_stored_file(
            request, declaration.scan, as_attachment=request.GET.get("unduh") == "1"
        )

    def post(self, request, cycle_pk):
        request.upload_handlers = [HashingTemporaryFileUploadHandler(request)]
        return self._post(request, cycle_pk)

    @method_decorator(csrf_protect)
    def _post(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        declaration = selectors.declaration_of(cycle)
        try:
            _require_manager(request.user, cycle.unit)
            if declaration is None:
                raise ValidationError(
                    _(
                        "Simpan data piagam (tanggal, tempat, pimpinan, saksi) sebelum mengunggah pindaiannya."
                    )
                )
            declaration = services.declaration_attach_scan(
                actor=request.user, declaration=declaration, uploaded=uploaded_file(request)
            )
        except (AccessDenied, ValidationError) as exc:
            if not _wants_json(request):
                if isinstance(exc, AccessDenied):
                    raise
                messages.error(request, " ".join(exc.messages))
                return redirect("declaration:cycle", cycle.pk)
            return _error_json(exc, 403 if isinstance(exc, AccessDenied) else 400)
        if not _wants_json(request):
            messages.success(request, _("Pindaian piagam pencanangan disimpan."))
            return redirect("declaration:cycle", cycle.pk)
        return JsonResponse(
            {"declaration": declaration.pk, "scan": declaration.scan.original_name}, status=201
        )


class CharterView(TenantMemberRequiredMixin, View):
    """FRM-01 in its wording, for printing (print CSS) or as a PDF (WeasyPrint)."""

    def get(self, request, cycle_pk, as_pdf=False):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        declaration = selectors.declaration_of(cycle)
        if declaration is None:
            raise Http404
        context = _charter_context(cycle, declaration)
        if not as_pdf:
            return render(request, "declaration/charter.html", context)
        content = charter_pdf(context)
        response = HttpResponse(content, content_type="application/pdf")
        filename = f"piagam-pencanangan-{cycle.unit.code}-{cycle.year}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


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
            "can_manage": services.can_manage(request.user, unit),
        }
        return render(request, "declaration/roster.html", context)


class EmployeeAddView(TenantMemberRequiredMixin, View):
    def _page(self, request, unit, form, status=200):
        return render(
            request, "declaration/employee_form.html", {"unit": unit, "form": form}, status=status
        )

    def get(self, request, unit_pk):
        unit = get_unit_for_user(request.user, unit_pk)
        _require_manager(request.user, unit)
        return self._page(request, unit, EmployeeForm())

    def post(self, request, unit_pk):
        unit = get_unit_for_user(request.user, unit_pk)
        _require_manager(request.user, unit)
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
        _require_manager(request.user, unit)
        return self._form_page(request, unit, RosterImportForm())

    def post(self, request, unit_pk):
        unit = get_unit_for_user(request.user, unit_pk)
        _require_manager(request.user, unit)
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
        _require_manager(request.user, unit)
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
        _require_manager(request.user, placement.unit)
        if placement.ended_on is not None:
            raise Http404
        return self._page(
            request, placement, PlacementEndForm(initial={"ended_on": timezone.localdate()})
        )

    def post(self, request, pk):
        placement = selectors.get_placement_for_user(request.user, pk)
        _require_manager(request.user, placement.unit)
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


# --- Pakta Integritas -------------------------------------------------------------------


def _pact_context(request, placement, sign_form=None, scan_form=None) -> dict:
    try:
        pact = placement.pact
    except Pact.DoesNotExist:
        pact = None
    is_self = services.is_own_employee(request.user, placement.employee)
    can_manage = services.can_manage(request.user, placement.unit)
    open_ = pact is None and placement.ended_on is None
    return {
        "placement": placement,
        "employee": placement.employee,
        "unit": placement.unit,
        "pact": pact,
        "opening": texts.pact_opening(placement.employee.name, placement.position),
        "statements": texts.pact_statements(placement.unit.name),
        "version": texts.PACT_VERSION,
        "today": texts.long_date(timezone.localdate()),
        "is_self": is_self,
        "can_manage": can_manage,
        "sign_form": (sign_form or PactSignForm()) if open_ and is_self else None,
        "scan_form": (scan_form or PactScanForm(initial={"signed_on": timezone.localdate()}))
        if open_ and can_manage
        else None,
    }


class PactView(TenantMemberRequiredMixin, View):
    def get(self, request, pk):
        placement = selectors.get_placement_for_user(request.user, pk)
        return render(request, "declaration/pact.html", _pact_context(request, placement))


class PactSignView(TenantMemberRequiredMixin, View):
    """Click to sign: the statement shown on the page, time and IP recorded."""

    def post(self, request, pk):
        placement = selectors.get_placement_for_user(request.user, pk)
        form = PactSignForm(request.POST)
        form.is_valid()
        try:
            services.pact_sign(
                actor=request.user,
                placement=placement,
                ip_address=request.META.get("REMOTE_ADDR"),
                agreed=bool(form.cleaned_data.get("agree")),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            placement = selectors.get_placement_for_user(request.user, pk)
            return render(
                request,
                "declaration/pact.html",
                _pact_context(request, placement, sign_form=form),
                status=400,
            )
        messages.success(request, _("Pakta Integritas Anda telah ditandatangani. Terima kasih."))
        return redirect("declaration:pact", placement.pk)


@method_decorator(csrf_exempt, name="dispatch")
class PactScanView(TenantMemberRequiredMixin, View):
    """Record a pact signed on paper (POST, file streamed and hashed) or read its scan."""

    def get(self, request, pk):
        pact = selectors.get_pact_scan_for_user(request.user, pk)
        return serve_stored_file(request, pact.scan, as_attachment=request.GET.get("unduh") == "1")

    def post(self, request, pk):
        request.upload_handlers = [HashingTemporaryFileUploadHandler(request)]
        return self._post(request, pk)

    @method_decorator(csrf_protect)
    def _post(self, request, pk):
        placement = selectors.get_placement_for_user(request.user, pk)
        _require_manager(request.user, placement.unit)
        form = PactScanForm(request.POST)
        if form.is_valid():
            try:
                services.pact_record_scan(
                    actor=request.user,
                    placement=placement,
                    uploaded=uploaded_file(request),
                    signed_on=form.cleaned_data["signed_on"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Pindaian Pakta Integritas %(name)s disimpan.")
                    % {"name": placement.employee.name},
                )
                return redirect("declaration:pact", placement.pk)
        placement = selectors.get_placement_for_user(request.user, pk)
        return render(
            request,
            "declaration/pact.html",
            _pact_context(request, placement, scan_form=form),
            status=400,
        )


class MyPactView(TenantMemberRequiredMixin, View):
    """The user's own placements in the active agency and whether each pact is signed."""

    def get(self, request):
        placements = list(selectors.own_placements(request.user))
        return render(request, "declaration/my_pact.html", {"placements": placements})
