"""Pages of the Rencana Kerja: the plan per area with its approvals and revisions, item
forms, approval, ratification, revisions and the .xlsx export/import. Thin: the cycle or
revision through the selectors (404 for anything not visible), writes through services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from apps.core.actions import perform, submit
from apps.core.choices import Area
from apps.core.http import error_text
from apps.core.imports import DryRun, ImportFlowMixin, RowsInvalid
from apps.core.mixins import TenantMemberRequiredMixin
from apps.core.pdf import MAKING_PDF
from apps.core.spreadsheets import xlsx_response
from apps.cycles.selectors import get_cycle_for_user
from apps.files.serving import serve_stored_file
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
        return perform(
            request,
            lambda: services.plan_start(actor=request.user, cycle=cycle),
            success=_("Draf Rencana Kerja dibuat. Tambahkan butir per area."),
            redirect_to=("workplan:plan", cycle.pk),
        )


class PlanReviseView(TenantMemberRequiredMixin, View):
    def post(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        form = ReviseForm(request.POST)
        response = submit(
            request,
            form,
            lambda: services.plan_revise(
                actor=request.user, cycle=cycle, reason=form.cleaned_data["reason"]
            ),
            success=lambda revision: (
                _("Revisi %(n)s dibuat sebagai draf dari Rencana Kerja yang berlaku.")
                % {"n": revision.number}
            ),
            redirect_to=("workplan:plan", cycle.pk),
        )
        if response is not None:
            return response
        context = plan_context(request, cycle, revise_form=form)
        return render(request, "workplan/plan.html", context, status=400)


class ItemAddView(TenantMemberRequiredMixin, View):
    def post(self, request, revision_pk):
        revision = get_revision_for_user(request.user, revision_pk)
        cycle = revision.cycle
        form = ItemForm(request.POST, template_id=cycle.template_id)
        response = submit(
            request,
            form,
            lambda: services.plan_item_add(
                actor=request.user, revision=revision, **form.cleaned_data
            ),
            success=lambda item: (
                _("Butir “%(action)s” ditambahkan ke area %(area)s.")
                % {"action": item.action, "area": item.get_area_display()}
            ),
            redirect_to=lambda item: f"{revision_url(revision)}#area-{item.area}",
        )
        if response is not None:
            return response
        context = plan_context(request, cycle, number=revision.number, item_form=form)
        return render(request, "workplan/plan.html", context, status=400)


def revision_url(revision) -> str:
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
        response = submit(
            request,
            form,
            lambda: services.plan_item_update(actor=request.user, item=item, **form.cleaned_data),
            success=_("Butir rencana kerja disimpan."),
            redirect_to=lambda _saved: (
                f"{revision_url(item.revision)}#area-{form.cleaned_data['area']}"
            ),
        )
        if response is not None:
            return response
        return self._render(request, item, form, status=400)


class ItemDeleteView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        item = get_item_for_user(request.user, pk)
        return perform(
            request,
            lambda: services.plan_item_delete(actor=request.user, item=item),
            success=_(
                "Butir “%(action)s” dihapus; selama revisi ini masih draf, butir dapat dipulihkan."
            )
            % {"action": item.action},
            redirect_to=revision_url(item.revision),
        )


class ItemRestoreView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        item = get_item_for_user(request.user, pk)
        return perform(
            request,
            lambda: services.plan_item_restore(actor=request.user, item=item),
            success=_("Butir “%(action)s” dipulihkan.") % {"action": item.action},
            redirect_to=f"{revision_url(item.revision)}#area-{item.area}",
        )


class ApproveView(TenantMemberRequiredMixin, View):
    def post(self, request, revision_pk, area):
        revision = get_revision_for_user(request.user, revision_pk)
        if area not in Area.values:
            raise Http404
        return perform(
            request,
            lambda: services.plan_area_approve(actor=request.user, revision=revision, area=area),
            success=lambda approval: _approved_text(approval, area),
            redirect_to=f"{revision_url(revision)}#area-{area}",
        )


def _approved_text(approval, area: str) -> str:
    if approval.in_place:
        text = _(
            "Area %(area)s disetujui oleh Ketua Tim menggantikan Ketua Pokja yang belum "
            "ditetapkan; tercatat demikian di Rencana Kerja dan log audit."
        )
    else:
        text = _("Area %(area)s disetujui.")
    return text % {"area": Area(area).label}


class RatifyView(TenantMemberRequiredMixin, View):
    def post(self, request, revision_pk):
        revision = get_revision_for_user(request.user, revision_pk)
        return perform(
            request,
            lambda: services.plan_ratify(actor=request.user, revision=revision),
            success=_("Rencana Kerja revisi %(n)s disahkan dan berlaku.") % {"n": revision.number},
            redirect_to=revision_url(revision),
        )


class PlanPdfView(TenantMemberRequiredMixin, View):
    """A ratified revision as a PDF, made by the worker when it was ratified; should the
    worker not have run yet, it is made (and kept) now. Drafts have none (404)."""

    def get(self, request, revision_pk):
        revision = get_revision_for_user(request.user, revision_pk)
        if revision.is_draft:
            raise Http404
        stored = revision.pdf_file or services.plan_pdf_store(revision=revision, actor=request.user)
        if stored is None:  # the worker is still making it after the wait
            messages.info(request, MAKING_PDF)
            return redirect(revision_url(revision))
        return serve_stored_file(request, stored, as_attachment=request.GET.get("unduh") == "1")


class ExportView(TenantMemberRequiredMixin, View):
    def get(self, request, revision_pk):
        revision = get_revision_for_user(request.user, revision_pk)
        content = importing.export_workbook(revision, items_of(revision))
        name = (
            f"rencana-kerja-{revision.cycle.unit.code}-{revision.cycle.year}-rev{revision.number}"
        )
        return xlsx_response(content, f"{name}.xlsx")


class _PlanImportFlow(ImportFlowMixin):
    """The work-plan import through the shared dry run → confirm flow (core.imports)."""

    session_key = "workplan_import"
    form_class = ImportForm
    spec = importing.SPEC

    def load(self, revision_pk):
        self.revision = get_revision_for_user(self.request.user, revision_pk)

    @property
    def allowed(self) -> bool:
        revision = self.revision
        return unit_roles(self.request.user, revision.unit_id).drafts and revision.is_draft

    def import_scope(self) -> dict:
        return {"revision": self.revision.pk}

    def upload_page(self, form, status=200):
        context = {
            "revision": self.revision,
            "cycle": self.revision.cycle,
            "form": form,
            "allowed": self.allowed,
        }
        return render(self.request, "workplan/import.html", context, status=status)

    def upload_failed(self, form):
        return self.upload_page(form, status=400)

    def preview_context(self) -> dict:
        revision = self.revision
        return {
            "title": _("Impor Rencana Kerja"),
            "breadcrumbs_template": "workplan/_nav.html",
            "cycle": revision.cycle,
            "tab": "plan",
            "here": _("Impor"),
            "caption": _("Butir yang akan menggantikan butir draf ini"),
            "confirm_url": reverse("workplan:import_confirm", args=[revision.pk]),
            "cancel_url": revision_url(revision),
            "upload_url": reverse("workplan:import", args=[revision.pk]),
            "changed_text": _("Rencana Kerja berubah sejak uji coba dan berkas tidak lagi valid."),
            "nothing_saved": _("Perbaiki berkas, lalu unggah ulang; tidak ada yang disimpan."),
        }

    def check(self, parsed, upload) -> DryRun:
        rows = [importing.ImportRow(**row) for row in parsed.rows]
        checked, errors = importing.check_rows(self.revision.cycle, rows)
        return DryRun(
            rows=[row.to_dict() for row in rows],
            errors=errors,
            headings=[_("Area"), _("Kegiatan"), _("Bulan"), _("Pertanyaan LKE")],
            table=[[r.line, r.area, r.action, r.months, r.questions] for r in rows],
            summary=ngettext(
                "%(n)s butir siap diimpor (uji coba, belum disimpan).",
                "%(n)s butir siap diimpor (uji coba, belum disimpan).",
                len(checked),
            )
            % {"n": len(checked)},
        )

    def apply(self, rows):
        request, revision = self.request, self.revision
        rows = [importing.ImportRow(**row) for row in rows]
        # Not ``perform``: RowsInvalid (a ValidationError) must reach the import flow's
        # confirm step, which shows the row errors on the preview.
        try:
            created = services.plan_import(actor=request.user, revision=revision, rows=rows)
        except RowsInvalid:
            raise
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return redirect(revision_url(revision))
        messages.success(
            request,
            _("%(n)s butir diimpor; butir lama draf ini diganti dan persetujuan area diulang.")
            % {"n": len(created)},
        )
        return redirect(revision_url(revision))


class ImportView(TenantMemberRequiredMixin, _PlanImportFlow, View):
    """Step 1: upload and dry run (nothing is written). A file without errors waits in the
    server-side session for step 2, which checks it again and writes all rows or none."""

    def get(self, request, revision_pk):
        self.load(revision_pk)
        return self.upload_page(ImportForm())

    def post(self, request, revision_pk):
        self.load(revision_pk)
        if not self.allowed:
            request.session.pop(self.session_key, None)
            form = ImportForm(request.POST, request.FILES)
            if not form.is_valid():
                return self.upload_page(form, status=400)
            messages.error(
                request,
                _("Impor hanya ke draf Rencana Kerja, oleh Ketua Tim atau Sekretaris unit ini."),
            )
            return self.upload_page(ImportForm(), status=400)
        return self.dry_run_response()


class ImportConfirmView(TenantMemberRequiredMixin, _PlanImportFlow, View):
    def post(self, request, revision_pk):
        self.load(revision_pk)
        return self.confirm_response()
