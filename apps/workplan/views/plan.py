"""Pages of the Rencana Kerja: the plan per area with its approvals and revisions, item
forms, approval, ratification, revisions and the .xlsx export/import. Thin: the cycle or
revision through the selectors (404 for anything not visible), writes through services."""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from apps.core.choices import Area
from apps.core.forms import apply_validation_error
from apps.core.http import error_text
from apps.core.mixins import TenantMemberRequiredMixin
from apps.cycles.selectors import get_cycle_for_user
from apps.teams.services import can_manage_team

from .. import importing, services
from ..access import area_heads, unit_roles
from ..forms import ImportForm, ItemForm, ReviseForm
from ..selectors import (
    approvals_of,
    by_area,
    current_revision,
    get_item_for_user,
    get_revision_for_user,
    items_of,
    removed_items_of,
    revision_diff,
    revisions_of,
)


def plan_context(request, cycle, *, number=None, item_form=None, revise_form=None) -> dict:
    revisions = revisions_of(cycle)
    revision = None
    if number is not None:
        revision = next((r for r in revisions if str(r.number) == str(number)), None)
        if revision is None:
            raise Http404
    elif revisions:
        revision = revisions[0]
    roles = unit_roles(request.user, cycle.unit_id)
    items = list(items_of(revision)) if revision else []
    approvals = approvals_of(revision) if revision else []
    blocks = by_area(items, approvals)
    heads = area_heads(cycle.unit_id) if revision and revision.is_draft else {}
    current = current_revision(revisions)
    can_edit = bool(revision and revision.is_draft and roles.drafts)
    missing = [b for b in blocks if b.items and b.approval is None]
    headless = [b for b in missing if revision.is_draft and not heads.get(b.code)]
    tasks_open = bool(revision and revision.status == "ratified")
    for block in blocks:
        block.heads = heads.get(block.code, [])
        pending = bool(revision and revision.is_draft and block.items and not block.approval)
        block.can_approve = pending and roles.approves(block.code)
        block.approves_in_place = pending and roles.approves_in_place(bool(block.heads))
        block.waiting = services.waiting_text(block.code, heads) if pending else ""
        block.can_task = tasks_open and roles.manages_tasks(block.code)
    return {
        "cycle": cycle,
        "revisions": revisions,
        "revision": revision,
        "current": current,
        "blocks": blocks,
        "item_count": len(items),
        "diff": revision_diff(revision, items) if revision else None,
        "roles": roles,
        "can_edit": can_edit,
        "can_start": roles.drafts and not revisions,
        "can_revise": roles.drafts
        and current is not None
        and not any(r.is_draft for r in revisions),
        "can_ratify": bool(revision and revision.is_draft and roles.ratifies),
        "missing": missing,
        "headless": headless,
        "can_manage_team": bool(headless) and can_manage_team(request.user, cycle),
        "removed_items": removed_items_of(revision) if can_edit else [],
        "item_form": (item_form or ItemForm(template_id=cycle.template_id)) if can_edit else None,
        "revise_form": revise_form or ReviseForm(),
        "tasks_open": tasks_open,
    }


class PlanView(TenantMemberRequiredMixin, View):
    def get(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        context = plan_context(request, cycle, number=request.GET.get("revisi"))
        return render(request, "workplan/plan.html", context)


class PlanStartView(TenantMemberRequiredMixin, View):
    def post(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        try:
            services.plan_start(actor=request.user, cycle=cycle)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Draf Rencana Kerja dibuat. Tambahkan butir per area."))
        return redirect("workplan:plan", cycle.pk)


class PlanReviseView(TenantMemberRequiredMixin, View):
    def post(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        form = ReviseForm(request.POST)
        if form.is_valid():
            try:
                revision = services.plan_revise(
                    actor=request.user, cycle=cycle, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Revisi %(n)s dibuat sebagai draf dari Rencana Kerja yang berlaku.")
                    % {"n": revision.number},
                )
                return redirect("workplan:plan", cycle.pk)
        context = plan_context(request, cycle, revise_form=form)
        return render(request, "workplan/plan.html", context, status=400)


class ItemAddView(TenantMemberRequiredMixin, View):
    def post(self, request, revision_pk):
        revision = get_revision_for_user(request.user, revision_pk)
        cycle = revision.cycle
        form = ItemForm(request.POST, template_id=cycle.template_id)
        if form.is_valid():
            try:
                item = services.plan_item_add(
                    actor=request.user, revision=revision, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Butir “%(action)s” ditambahkan ke area %(area)s.")
                    % {"action": item.action, "area": item.get_area_display()},
                )
                return redirect(f"{revision_url(revision)}#area-{item.area}")
        context = plan_context(request, cycle, number=revision.number, item_form=form)
        return render(request, "workplan/plan.html", context, status=400)


def revision_url(revision) -> str:
    from django.urls import reverse

    return reverse("workplan:plan", args=[revision.cycle_id]) + f"?revisi={revision.number}"


class ItemEditView(TenantMemberRequiredMixin, View):
    def _render(self, request, item, form, status=200):
        return render(
            request,
            "workplan/item_form.html",
            {"item": item, "form": form, "cycle": item.revision.cycle, "revision": item.revision},
            status=status,
        )

    def get(self, request, pk):
        item = get_item_for_user(request.user, pk)
        initial = {
            "area": item.area,
            "action": item.action,
            "description": item.description,
            "output": item.output,
            "pic": item.pic,
            "months": [str(m) for m in item.months],
            "questions": list(item.questions.all()),
        }
        form = ItemForm(initial=initial, template_id=item.revision.cycle.template_id)
        return self._render(request, item, form)

    def post(self, request, pk):
        item = get_item_for_user(request.user, pk)
        form = ItemForm(request.POST, template_id=item.revision.cycle.template_id)
        if form.is_valid():
            try:
                services.plan_item_update(actor=request.user, item=item, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Butir rencana kerja disimpan."))
                return redirect(f"{revision_url(item.revision)}#area-{form.cleaned_data['area']}")
        return self._render(request, item, form, status=400)


class ItemDeleteView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        item = get_item_for_user(request.user, pk)
        try:
            services.plan_item_delete(actor=request.user, item=item)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request,
                _(
                    "Butir “%(action)s” dihapus; selama revisi ini masih draf, butir dapat dipulihkan."
                )
                % {"action": item.action},
            )
        return redirect(revision_url(item.revision))


class ItemRestoreView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        item = get_item_for_user(request.user, pk)
        try:
            services.plan_item_restore(actor=request.user, item=item)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Butir “%(action)s” dipulihkan.") % {"action": item.action})
        return redirect(f"{revision_url(item.revision)}#area-{item.area}")


class ApproveView(TenantMemberRequiredMixin, View):
    def post(self, request, revision_pk, area):
        revision = get_revision_for_user(request.user, revision_pk)
        if area not in Area.values:
            raise Http404
        try:
            approval = services.plan_area_approve(actor=request.user, revision=revision, area=area)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            if approval.in_place:
                text = _(
                    "Area %(area)s disetujui oleh Ketua Tim menggantikan Ketua Pokja yang belum "
                    "ditetapkan; tercatat demikian di Rencana Kerja dan log audit."
                )
            else:
                text = _("Area %(area)s disetujui.")
            messages.success(request, text % {"area": Area(area).label})
        return redirect(f"{revision_url(revision)}#area-{area}")


class RatifyView(TenantMemberRequiredMixin, View):
    def post(self, request, revision_pk):
        revision = get_revision_for_user(request.user, revision_pk)
        try:
            services.plan_ratify(actor=request.user, revision=revision)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request,
                _("Rencana Kerja revisi %(n)s disahkan dan berlaku.") % {"n": revision.number},
            )
        return redirect(revision_url(revision))


class ExportView(TenantMemberRequiredMixin, View):
    def get(self, request, revision_pk):
        revision = get_revision_for_user(request.user, revision_pk)
        content = importing.export_workbook(revision, items_of(revision))
        response = HttpResponse(content, content_type=importing.XLSX_MIME)
        name = (
            f"rencana-kerja-{revision.cycle.unit.code}-{revision.cycle.year}-rev{revision.number}"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        response["Cache-Control"] = "no-store"
        return response


IMPORT_SESSION_KEY = "workplan_import"


class ImportView(TenantMemberRequiredMixin, View):
    """Step 1: upload and dry run (nothing is written). A file without errors waits in the
    server-side session for step 2, which checks it again and writes all rows or none."""

    def _page(self, request, revision, form, status=200, **extra):
        roles = unit_roles(request.user, revision.unit_id)
        context = {
            "revision": revision,
            "cycle": revision.cycle,
            "form": form,
            "allowed": roles.drafts and revision.is_draft,
            **extra,
        }
        return render(request, "workplan/import.html", context, status=status)

    def get(self, request, revision_pk):
        revision = get_revision_for_user(request.user, revision_pk)
        return self._page(request, revision, ImportForm())

    def post(self, request, revision_pk):
        revision = get_revision_for_user(request.user, revision_pk)
        request.session.pop(IMPORT_SESSION_KEY, None)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(request, revision, form, status=400)
        if not (unit_roles(request.user, revision.unit_id).drafts and revision.is_draft):
            messages.error(
                request,
                _("Impor hanya ke draf Rencana Kerja, oleh Ketua Tim atau Sekretaris unit ini."),
            )
            return self._page(request, revision, ImportForm(), status=400)
        try:
            rows = importing.read_workbook(form.cleaned_data["file"])
        except importing.ImportFileError as exc:
            form.add_error("file", exc.message)
            return self._page(request, revision, form, status=400)
        checked, errors = importing.check_rows(revision.cycle, rows)
        extra = {"rows": rows, "errors": errors, "checked": len(checked)}
        if not errors:
            token = secrets.token_urlsafe(16)
            request.session[IMPORT_SESSION_KEY] = {
                "token": token,
                "revision": revision.pk,
                "rows": [row.to_dict() for row in rows],
            }
            extra["token"] = token
        return self._page(
            request, revision, ImportForm(), status=200 if not errors else 400, **extra
        )


class ImportConfirmView(TenantMemberRequiredMixin, View):
    def post(self, request, revision_pk):
        revision = get_revision_for_user(request.user, revision_pk)
        stored = request.session.get(IMPORT_SESSION_KEY) or {}
        if stored.get("revision") != revision.pk or not secrets.compare_digest(
            str(stored.get("token", "")), request.POST.get("token", "")
        ):
            messages.error(
                request, _("Data impor tidak ditemukan atau kedaluwarsa. Unggah ulang berkas.")
            )
            return redirect("workplan:import", revision.pk)
        rows = [importing.ImportRow(**row) for row in stored["rows"]]
        try:
            created = services.plan_import(actor=request.user, revision=revision, rows=rows)
        except importing.ImportRowsInvalid as exc:
            request.session.pop(IMPORT_SESSION_KEY, None)
            return render(
                request,
                "workplan/import.html",
                {
                    "revision": revision,
                    "cycle": revision.cycle,
                    "form": ImportForm(),
                    "allowed": True,
                    "rows": rows,
                    "errors": exc.row_errors,
                },
                status=400,
            )
        except ValidationError as exc:
            request.session.pop(IMPORT_SESSION_KEY, None)
            messages.error(request, error_text(exc))
            return redirect(revision_url(revision))
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.success(
            request,
            _("%(n)s butir diimpor; butir lama draf ini diganti dan persetujuan area diulang.")
            % {"n": len(created)},
        )
        return redirect(revision_url(revision))
