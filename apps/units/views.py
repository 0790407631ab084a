from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from apps.audit.models import AuditEvent
from apps.core.access import (
    Capability,
    can,
    get_unit_for_user,
    request_capabilities,
)
from apps.core.actions import submit
from apps.core.exceptions import AccessDenied
from apps.core.imports import DryRun, ImportFlowMixin
from apps.core.mixins import TenantAdminRequiredMixin, TenantMemberRequiredMixin
from apps.core.pickers import is_id, picker_error, picker_response
from apps.core.spreadsheets import xlsx_response

from . import importing, services
from .forms import UnitForm, UnitImportForm, UnitMoveForm
from .models import Unit, UnitType
from .pickers import PURPOSES, outside_of, unit_source, units_for
from .selectors import (
    ancestors_of,
    children_of,
    tree_view_for,
    unit_tree_for,
    visible_children,
)

# A tree of at most this many visible units is shown whole; a larger one level by level.
TREE_OPEN_LIMIT = 150
# A search shows at most this many units (and says when there are more).
TREE_SEARCH_LIMIT = 100


class UnitTreeView(TenantMemberRequiredMixin, View):
    """The visible units as a tree. A tree of at most ``TREE_OPEN_LIMIT`` units is shown
    whole; a larger one (a ministry of 2 000 units) shows its top and the level below,
    and each deeper level is read when the person opens it (``?parent=``, htmx). A search
    lists matching units flat, at most ``TREE_SEARCH_LIMIT`` of them."""

    def get(self, request):
        if "parent" in request.GET:
            parent = get_unit_for_user(request.user, request.GET["parent"])
            units = list(visible_children(request.user, parent).select_related("unit_type"))
            for unit in units:
                unit.tree_children = None
            return render(request, "units/_tree_level.html", {"nodes": units})
        search = request.GET.get("q", "").strip()[:100]
        if search:
            matches = unit_tree_for(request.user, search=search)
            units = list(matches[: TREE_SEARCH_LIMIT + 1])
            more = len(units) > TREE_SEARCH_LIMIT
            units = units[:TREE_SEARCH_LIMIT]
            base_depth = min((u.depth for u in units), default=1)
            for unit in units:
                unit.indent = unit.depth - base_depth
            context = {"units": units, "q": search, "more": more}
        else:
            tree = tree_view_for(request.user, open_limit=TREE_OPEN_LIMIT)
            context = {"tree": tree, "q": ""}
        template = "units/_tree.html" if request.htmx else "units/tree.html"
        return render(request, template, context)


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
        form = UnitForm(initial={"time_zone": parent.time_zone})
        return render(request, "units/form.html", {"form": form, "parent": parent})

    def post(self, request):
        parent = self._parent(request)
        form = UnitForm(request.POST)
        response = submit(
            request,
            form,
            lambda: services.unit_create(actor=request.user, parent=parent, **form.cleaned_data),
            success=lambda unit: _("Unit %(name)s ditambahkan.") % {"name": unit.name},
            redirect_to=lambda unit: reverse("units:detail", args=[unit.pk]),
        )
        return response or render(
            request, "units/form.html", {"form": form, "parent": parent}, status=400
        )


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
        response = submit(
            request,
            form,
            lambda: services.unit_update(actor=request.user, unit=unit, **form.cleaned_data),
            success=_("Perubahan unit disimpan."),
            redirect_to=("units:detail", unit.pk),
        )
        return response or render(
            request, "units/form.html", {"form": form, "unit": unit}, status=400
        )


class UnitMoveView(TenantMemberRequiredMixin, View):
    def _setup(self, request, pk):
        unit = get_unit_for_user(request.user, pk)
        if not can(request.user, Capability.UNIT_ADMIN, unit) or unit.is_tenant_root:
            raise AccessDenied(_("Anda tidak berwenang memindahkan unit ini."))
        return unit

    def _form(self, request, unit, data=None):
        # Offers every unit the actor administers except the unit itself and its subtree,
        # and validates against all of them, so that a descendant chosen by a crafted
        # request reaches the service and gets its precise message.
        return UnitMoveForm(data, unit=unit, units=units_for(request.user, "admin"))

    def get(self, request, pk):
        unit = self._setup(request, pk)
        return render(request, "units/move.html", {"unit": unit, "form": self._form(request, unit)})

    def post(self, request, pk):
        unit = self._setup(request, pk)
        form = self._form(request, unit, request.POST)
        response = submit(
            request,
            form,
            lambda: services.unit_move(
                actor=request.user,
                unit=unit,
                new_parent=form.cleaned_data["new_parent"],
                reason=form.cleaned_data["reason"],
            ),
            success=_("Unit %(name)s dipindahkan.") % {"name": unit.name},
            redirect_to=("units:detail", unit.pk),
            field_map={"parent": "new_parent"},
        )
        if response is not None:
            return response
        return render(request, "units/move.html", {"unit": unit, "form": form}, status=400)


class UnitExportView(TenantAdminRequiredMixin, View):
    """The units the admin administers, as an .xlsx that imports back unchanged."""

    def get(self, request):
        content = importing.export_workbook(user=request.user, tenant=request.tenant)
        stamp = timezone.localdate().isoformat()
        return xlsx_response(content, f"unit-{request.tenant.code}-{stamp}.xlsx")


class UnitImportTemplateView(TenantAdminRequiredMixin, View):
    def get(self, request):
        content = importing.template_workbook(list(UnitType.objects.filter(tenant=request.tenant)))
        return xlsx_response(content, "templat-impor-unit.xlsx")


class _UnitImportFlow(ImportFlowMixin):
    """The unit import through the shared dry run → confirm flow (core.imports)."""

    session_key = "units_import"
    form_class = UnitImportForm
    spec = importing.SPEC

    def preview_context(self) -> dict:
        return {
            "title": _("Pratinjau impor unit"),
            "breadcrumbs": [
                (reverse("units:tree"), _("Unit")),
                (reverse("units:import"), _("Impor")),
            ],
            "caption": _("Unit yang akan dibuat, menurut baris di berkas"),
            "confirm_url": reverse("units:import_confirm"),
            "cancel_url": reverse("units:import"),
            "upload_url": reverse("units:import"),
            "changed_text": _("Data unit berubah sejak uji coba dan berkas tidak lagi valid."),
            "nothing_saved": _("Tidak ada unit yang disimpan. Perbaiki berkas, lalu unggah ulang."),
        }

    def upload_failed(self, form):
        context = {"form": form, "max_rows": settings.IMPORT_MAX_ROWS}
        return render(self.request, "units/import.html", context, status=400)

    def read(self, upload):
        return importing.read_import_file(upload)

    def check(self, parsed, upload) -> DryRun:
        plan = importing.check_file(parsed, actor=self.request.user, tenant=self.request.tenant)
        table = []
        for item in sorted(plan.units, key=lambda item: item.row.line):
            row = item.row
            parent = f"{item.parent_name} ({item.parent_code})"
            if item.parent_line:
                parent += " · " + _("baru, baris %(line)s") % {"line": item.parent_line}
            head = row.nama_pimpinan
            if row.nip_pimpinan:
                head = f"{head} · NIP {row.nip_pimpinan}" if head else f"NIP {row.nip_pimpinan}"
            table.append([row.line, row.kode, row.nama, item.unit_type.name, parent, head])
        return DryRun(
            rows=[row.to_dict() for row in parsed.rows],
            errors=plan.errors,
            headings=[_("Kode"), _("Nama"), _("Jenis"), _("Di bawah unit"), _("Pimpinan")],
            table=table,
            summary=ngettext(
                "Semua baris benar: %(count)s unit akan dibuat.",
                "Semua baris benar: %(count)s unit akan dibuat.",
                len(plan.units),
            )
            % {"count": len(plan.units)},
        )

    def apply(self, rows):
        request = self.request
        rows = [importing.ImportRow.from_dict(row) for row in rows]
        try:
            created = services.unit_import(actor=request.user, tenant=request.tenant, rows=rows)
        except IntegrityError:
            # Another admin created one of these codes in the same instant.
            messages.error(
                request,
                _(
                    "Pohon unit berubah saat impor berjalan; tidak ada unit yang disimpan. Coba lagi."
                ),
            )
            return redirect("units:import")
        messages.success(request, _("%(count)s unit berhasil diimpor.") % {"count": len(created)})
        return redirect("units:tree")


class UnitImportView(TenantAdminRequiredMixin, _UnitImportFlow, View):
    """Step 1: upload and dry run. A valid file's rows wait in the (server-side) session
    for the confirm step, which checks them again before writing anything."""

    def get(self, request):
        context = {"form": UnitImportForm(), "max_rows": settings.IMPORT_MAX_ROWS}
        return render(request, "units/import.html", context)

    def post(self, request):
        return self.dry_run_response()


class UnitImportConfirmView(TenantAdminRequiredMixin, _UnitImportFlow, View):
    """Step 2: create the units of the checked file, all or none."""

    def post(self, request):
        return self.confirm_response()


class UnitPickView(TenantMemberRequiredMixin, View):
    """The unit picker's search (apps.units.pickers): ``?untuk=admin|siklus&q=…``, the
    units the form of that purpose offers the user, ``kecuali=<pk>`` without that unit's
    subtree. JSON, at most apps.core.pickers.RESULTS rows."""

    def get(self, request):
        purpose = request.GET.get("untuk", "")
        if purpose not in PURPOSES:
            return picker_error(_("Daftar unit tidak dikenal."))
        if PURPOSES[purpose] not in request_capabilities(request):
            raise AccessDenied(_("Hanya Admin Instansi yang dapat memilih unit di sini."))
        units = units_for(request.user, purpose)
        outside = request.GET.get("kecuali", "")
        if outside:
            if not is_id(outside):
                return picker_error(_("Unit yang dikecualikan tidak dikenal."))
            units = outside_of(units, units.filter(pk=outside).first())
        return picker_response(request, [unit_source(units)])
