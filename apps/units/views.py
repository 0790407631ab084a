import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from apps.audit.models import AuditEvent
from apps.core.access import Capability, can, get_unit_for_user, units_where
from apps.core.exceptions import AccessDenied
from apps.core.forms import apply_validation_error
from apps.core.mixins import TenantAdminRequiredMixin, TenantMemberRequiredMixin

from . import importing, services
from .forms import UnitForm, UnitImportForm, UnitMoveForm
from .models import Unit, UnitType
from .selectors import ancestors_of, children_of, unit_tree_for


class UnitTreeView(TenantMemberRequiredMixin, View):
    def get(self, request):
        search = request.GET.get("q", "").strip()[:100]
        units = list(unit_tree_for(request.user, search=search))
        base_depth = min((u.depth for u in units), default=1)
        for unit in units:
            unit.indent = unit.depth - base_depth
        template = "units/_tree_rows.html" if request.htmx else "units/tree.html"
        return render(request, template, {"units": units, "q": search})


class UnitDetailView(TenantMemberRequiredMixin, View):
    def get(self, request, pk):
        unit = get_unit_for_user(request.user, pk)
        is_admin = can(request.user, Capability.UNIT_ADMIN, unit)
        context = {
            "unit": unit,
            "ancestors": ancestors_of(unit),
            "children": children_of(unit),
            "assignments": unit.role_assignments.all()
            .select_related("user")
            .order_by("role", "area", "user__full_name"),
            "can_admin": is_admin,
            "history": AuditEvent.objects.filter(
                object_type="units.unit", object_id=str(unit.pk)
            ).select_related("actor")[:20]
            if is_admin
            else [],
        }
        return render(request, "units/detail.html", context)


class UnitCreateView(TenantMemberRequiredMixin, View):
    def _parent(self, request):
        parent = get_unit_for_user(
            request.user, request.GET.get("parent") or request.POST.get("parent")
        )
        if not can(request.user, Capability.UNIT_ADMIN, parent):
            raise AccessDenied(
                _("Anda tidak berwenang menambah unit di bawah %(unit)s.") % {"unit": parent.name}
            )
        return parent

    def get(self, request):
        parent = self._parent(request)
        return render(request, "units/form.html", {"form": UnitForm(), "parent": parent})

    def post(self, request):
        parent = self._parent(request)
        form = UnitForm(request.POST)
        if form.is_valid():
            try:
                unit = services.unit_create(actor=request.user, parent=parent, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Unit %(name)s ditambahkan.") % {"name": unit.name})
                return redirect("units:detail", pk=unit.pk)
        return render(request, "units/form.html", {"form": form, "parent": parent}, status=400)


class UnitUpdateView(TenantMemberRequiredMixin, View):
    def _unit(self, request, pk):
        unit = get_unit_for_user(request.user, pk)
        if not can(request.user, Capability.UNIT_ADMIN, unit):
            raise AccessDenied(_("Anda tidak berwenang mengubah unit ini."))
        return unit

    def get(self, request, pk):
        unit = self._unit(request, pk)
        return render(request, "units/form.html", {"form": UnitForm(instance=unit), "unit": unit})

    def post(self, request, pk):
        unit = self._unit(request, pk)
        form = UnitForm(request.POST, instance=Unit.objects.get(pk=unit.pk))
        if form.is_valid():
            try:
                services.unit_update(actor=request.user, unit=unit, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Perubahan unit disimpan."))
                return redirect("units:detail", pk=unit.pk)
        return render(request, "units/form.html", {"form": form, "unit": unit}, status=400)


class UnitMoveView(TenantMemberRequiredMixin, View):
    def _setup(self, request, pk):
        unit = get_unit_for_user(request.user, pk)
        if not can(request.user, Capability.UNIT_ADMIN, unit) or unit.is_tenant_root:
            raise AccessDenied(_("Anda tidak berwenang memindahkan unit ini."))
        # Offer every unit the actor administers except the unit itself and its subtree;
        # the service re-checks, so a forged choice is refused there too.
        parents = (
            units_where(request.user, Capability.UNIT_ADMIN)
            .filter(~Q(path__startswith=unit.path))
            .order_by("path")
        )
        return unit, parents

    def get(self, request, pk):
        unit, parents = self._setup(request, pk)
        return render(
            request, "units/move.html", {"unit": unit, "form": UnitMoveForm(parents=parents)}
        )

    def post(self, request, pk):
        unit, _parents = self._setup(request, pk)
        # Validate the choice against all administered units so that a descendant chosen
        # by a crafted request reaches the service and gets its precise message.
        form = UnitMoveForm(request.POST, parents=units_where(request.user, Capability.UNIT_ADMIN))
        if form.is_valid():
            try:
                services.unit_move(
                    actor=request.user,
                    unit=unit,
                    new_parent=form.cleaned_data["new_parent"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc, field_map={"parent": "new_parent"})
            else:
                messages.success(request, _("Unit %(name)s dipindahkan.") % {"name": unit.name})
                return redirect("units:detail", pk=unit.pk)
        form.fields["new_parent"].queryset = _parents
        return render(request, "units/move.html", {"unit": unit, "form": form}, status=400)


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=importing.XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class UnitExportView(TenantAdminRequiredMixin, View):
    """The units the admin administers, as an .xlsx that imports back unchanged."""

    def get(self, request):
        content = importing.export_workbook(user=request.user, tenant=request.tenant)
        stamp = timezone.localdate().isoformat()
        return _xlsx_response(content, f"unit-{request.tenant.code}-{stamp}.xlsx")


class UnitImportTemplateView(TenantAdminRequiredMixin, View):
    def get(self, request):
        content = importing.template_workbook(list(UnitType.objects.filter(tenant=request.tenant)))
        return _xlsx_response(content, "templat-impor-unit.xlsx")


IMPORT_SESSION_KEY = "units_import"


class UnitImportView(TenantAdminRequiredMixin, View):
    """Step 1: upload and dry run. A valid file's rows wait in the (server-side) session
    for the confirm step, which checks them again before writing anything."""

    def _form_page(self, request, form, status=200):
        context = {"form": form, "max_rows": settings.IMPORT_MAX_ROWS}
        return render(request, "units/import.html", context, status=status)

    def get(self, request):
        return self._form_page(request, UnitImportForm())

    def post(self, request):
        request.session.pop(IMPORT_SESSION_KEY, None)
        form = UnitImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                parsed = importing.read_import_file(upload)
            except importing.ImportFileError as exc:
                form.add_error("file", exc.message)
                form.fields["file"].widget.attrs.update(
                    {"class": "form-control is-invalid", "aria-invalid": "true"}
                )
            else:
                plan = importing.check_file(parsed, actor=request.user, tenant=request.tenant)
                context = {
                    "plan": plan,
                    "rows": sorted(plan.units, key=lambda item: item.row.line),
                    "filename": upload.name,
                    "row_count": len(parsed.rows),
                }
                if plan.is_valid:
                    token = secrets.token_urlsafe(16)
                    request.session[IMPORT_SESSION_KEY] = {
                        "token": token,
                        "tenant": request.tenant.pk,
                        "filename": upload.name,
                        "rows": [row.to_dict() for row in parsed.rows],
                    }
                    context["token"] = token
                else:
                    context["form"] = UnitImportForm()
                return render(request, "units/import_preview.html", context)
        return self._form_page(request, form, status=400)


class UnitImportConfirmView(TenantAdminRequiredMixin, View):
    """Step 2: create the units of the checked file, all or none."""

    def post(self, request):
        stored = request.session.get(IMPORT_SESSION_KEY)
        if (
            not stored
            or not secrets.compare_digest(
                str(stored.get("token", "")), request.POST.get("token", "")
            )
            or stored.get("tenant") != request.tenant.pk
        ):
            messages.error(
                request,
                _("Data impor tidak ditemukan atau sudah kedaluwarsa. Unggah ulang berkas."),
            )
            return redirect("units:import")
        rows = [importing.ImportRow.from_dict(row) for row in stored["rows"]]
        try:
            created = services.unit_import(actor=request.user, tenant=request.tenant, rows=rows)
        except importing.ImportRowsInvalid as exc:
            request.session.pop(IMPORT_SESSION_KEY, None)
            context = {
                "plan": importing.ImportPlan(units=[], errors=exc.row_errors),
                "filename": stored.get("filename", ""),
                "row_count": len(rows),
                "form": UnitImportForm(),
                "changed_since_dry_run": True,
            }
            return render(request, "units/import_preview.html", context, status=400)
        except IntegrityError:
            # Another admin created one of these codes in the same instant.
            messages.error(
                request,
                _(
                    "Pohon unit berubah saat impor berjalan; tidak ada unit yang disimpan. Coba lagi."
                ),
            )
            return redirect("units:import")
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.success(request, _("%(count)s unit berhasil diimpor.") % {"count": len(created)})
        return redirect("units:tree")
