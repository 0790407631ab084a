"""Assessment pages: a cycle's assessments and eligibility, the scoring page with
autosave and the live panel, the result page, Excel export and import.

Thin: the assessment is found through ``get_assessment_for_user`` (404 for missing,
other agency and not readable alike); every write is one service call.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from apps.accounts.models import RoleAssignment, User
from apps.core.access import Capability, can
from apps.core.exceptions import AccessDenied
from apps.core.forms import apply_validation_error
from apps.core.http import error_text
from apps.core.imports import DryRun, ImportFlowMixin, RowsInvalid
from apps.core.mixins import TenantMemberRequiredMixin
from apps.core.spreadsheets import xlsx_response
from apps.cycles.selectors import get_cycle_for_user
from apps.cycles.stages import Stage
from apps.lke.engine import model as m
from apps.lke.selectors import engine_template

from . import excel, services, worksheet
from .access import conflict_message, eligible_people
from .eligibility import cycle_propose_tpi, eligibility_for
from .forms import AssignForm, FactsForm, ImportForm, OpenForm, ReopenForm
from .models import Assignment, CycleFacts, Level, Status
from .selectors import (
    SAVE_RELATED,
    answers_by_code,
    assessment_result,
    assessments_for_user,
    assessments_of_cycle,
    assignments_of,
    get_assessment_for_user,
    recommendations,
    reopenings_of,
    verified_evidence,
)

IMPORT_SESSION_KEY = "assessment_import"


def _tenant_people():
    """People holding a role in the active tenant (choices for lead and assessors)."""
    return User.objects.filter(
        Exists(RoleAssignment.objects.filter(user=OuterRef("pk"))), is_active=True
    ).order_by("full_name")


# --- lists and the cycle's overview -----------------------------------------------------


class AssessmentListView(TenantMemberRequiredMixin, View):
    def get(self, request):
        items = list(assessments_for_user(request.user)[:500])
        return render(request, "assessment/list.html", {"items": items})


def _openable(cycle, opened: set[str]) -> tuple[dict, list[str]]:
    """The levels the cycle's stage lets an admin open now, each with who may lead it
    (level → users), and why each other missing level must wait."""
    openable, waiting = {}, []
    for level in Level.values:
        if level in opened:
            continue
        problem = services.level_stage_problem(cycle, level)
        if problem:
            waiting.append(problem)
        else:
            openable[level] = list(eligible_people(cycle.unit, level, lead=True))
    return openable, waiting


class CycleAssessmentsView(TenantMemberRequiredMixin, View):
    """The cycle's three levels, opening a level, and the eligibility for the TPI."""

    def _context(self, request, cycle, form_data=None):
        is_admin = can(request.user, Capability.ASSESSMENT_MANAGE, cycle.unit)
        assessments = assessments_of_cycle(request.user, cycle)
        opened = {a.level for a in assessments}
        context = {
            "cycle": cycle,
            "assessments": assessments,
            "is_admin": is_admin,
            "levels": Level.choices,
            "missing_levels": [lv for lv in Level.values if lv not in opened],
        }
        if is_admin:
            openable, waiting = _openable(cycle, opened)
            context["waiting_levels"] = waiting
            form = OpenForm(form_data, people=_tenant_people(), leads_by_level=openable)
            if openable or form_data is not None:
                context["form"] = form
            context["eligibility"] = eligibility_for(cycle)
            context["can_propose"] = cycle.stage == Stage.PENILAIAN_PENDAHULUAN
        return context

    def get(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        return render(request, "assessment/cycle.html", self._context(request, cycle))

    def post(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        context = self._context(request, cycle, request.POST)
        form = context.get("form")
        if form is None:  # not an admin of the unit
            raise AccessDenied(_("Hanya Admin unit yang dapat membuka penilaian."))
        if form.is_valid():
            try:
                assessment = services.assessment_open(
                    actor=request.user,
                    cycle=cycle,
                    level=form.cleaned_data["level"],
                    lead=form.cleaned_data["lead"],
                    seed=form.cleaned_data["seed"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("%(level)s dibuka; ketua penilai: %(lead)s.")
                    % {"level": assessment.get_level_display(), "lead": assessment.lead.full_name},
                )
                return redirect("assessment:detail", assessment.pk)
        return render(request, "assessment/cycle.html", context, status=400)


class FactsView(TenantMemberRequiredMixin, View):
    """The recorded facts for the TPI eligibility (admin of the unit)."""

    def _require(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        if not can(request.user, Capability.ASSESSMENT_MANAGE, cycle.unit):
            raise AccessDenied(_("Hanya Admin unit yang dapat mencatat data syarat usulan."))
        return cycle

    def _page(self, request, cycle, form, status=200):
        return render(
            request,
            "assessment/facts.html",
            {"cycle": cycle, "form": form, "eligibility": eligibility_for(cycle)},
            status=status,
        )

    def get(self, request, cycle_pk):
        cycle = self._require(request, cycle_pk)
        facts = CycleFacts.objects.filter(cycle=cycle).first()
        return self._page(request, cycle, FactsForm(instance=facts))

    def post(self, request, cycle_pk):
        cycle = self._require(request, cycle_pk)
        form = FactsForm(request.POST)
        if form.is_valid():
            try:
                services.cycle_facts_update(actor=request.user, cycle=cycle, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Data syarat usulan ke TPI disimpan."))
                return redirect("assessment:facts", cycle.pk)
        return self._page(request, cycle, form, status=400)


class ProposeView(TenantMemberRequiredMixin, View):
    """ "Usulkan ke TPI": guarded in the service and in the stage change."""

    def post(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        try:
            cycle_propose_tpi(actor=request.user, cycle=cycle)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Unit diusulkan ke TPI; tahap siklus: Usulan ke TPI."))
        return redirect("assessment:cycle", cycle.pk)


# --- the scoring page -------------------------------------------------------------------


def _page_state(request, assessment):
    """Everything the scoring page and its fragments need, in a fixed number of queries."""
    answers = answers_by_code(assessment)
    result = assessment_result(assessment, answers)
    assignments = assignments_of(assessment)
    user = request.user
    mine = {a.area for a in assignments if a.user_id == user.pk}
    # None: every area (the lead, an assessor of the whole LKE); else the assigned areas.
    areas = None if assessment.lead_id == user.pk or "" in mine else mine
    is_assessor = areas is None or bool(areas)
    coi = None
    if is_assessor and assessment.level != Level.MANDIRI:
        coi = conflict_message(user, assessment.unit)
    return {
        "answers": answers,
        "result": result,
        "assignments": assignments,
        "areas": areas,
        "writable": is_assessor and assessment.status == Status.DRAFT and not coi,
        "coi": coi,
    }


def _can_write(state, area_code: str) -> bool:
    return state["writable"] and (state["areas"] is None or area_code in state["areas"])


def _panel(assessment, result):
    return worksheet.panel(result, assessment.cycle.target)


class AssessmentView(TenantMemberRequiredMixin, View):
    def get(self, request, pk):
        assessment = get_assessment_for_user(request.user, pk)
        state = _page_state(request, assessment)
        evidence = verified_evidence(request.user, assessment)
        areas = worksheet.build(state["result"], state["answers"], evidence)
        for area in areas:
            area.writable = _can_write(state, area.code)
        is_admin = can(request.user, Capability.ASSESSMENT_MANAGE, assessment.unit)
        manage = assessment.lead_id == request.user.pk or is_admin
        context = {
            "assessment": assessment,
            "cycle": assessment.cycle,
            "sheet": areas,
            "panel": _panel(assessment, state["result"]),
            "assignments": state["assignments"],
            "coi": state["coi"],
            "writable": state["writable"],
            "is_lead": assessment.lead_id == request.user.pk,
            "is_admin": is_admin,
            "can_manage": manage,
        }
        if manage and assessment.status == Status.DRAFT:
            template = engine_template(assessment.template)
            context["assign_form"] = AssignForm(
                people=_tenant_people(),
                areas=[(a.code, f"{a.code} – {a.name}") for a in template.areas()],
                eligible=eligible_people(assessment.unit, assessment.level),
            )
        if is_admin and assessment.status == Status.FINAL:
            context["reopen_form"] = ReopenForm()
        return render(request, "assessment/detail.html", context)


class AnswerView(TenantMemberRequiredMixin, View):
    """GET: one question's card (to reload it after a conflict). POST: autosave one
    answer; answers the fragments to swap (version, status, computed value, live panel,
    progress) – 409 with who changed it when the page's version is stale."""

    def _question(self, assessment, code):
        question = engine_template(assessment.template).questions.get(code)
        if question is None:
            raise Http404
        return question

    def _row(self, request, assessment, state, question):
        areas = worksheet.build(
            state["result"], state["answers"], verified_evidence(request.user, assessment)
        )
        for area in areas:
            for row in area.questions:
                if row.code == question.code:
                    return row, _can_write(state, area.code)
        raise Http404

    def get(self, request, pk, code):
        assessment = get_assessment_for_user(request.user, pk)
        question = self._question(assessment, code)
        state = _page_state(request, assessment)
        row, writable = self._row(request, assessment, state, question)
        return render(
            request,
            "assessment/_question.html",
            {"assessment": assessment, "row": row, "writable": writable, "reloaded": True},
        )

    def post(self, request, pk, code):
        assessment = get_assessment_for_user(request.user, pk, SAVE_RELATED)
        question = self._question(assessment, code)
        try:
            expected = int(request.POST.get("version", ""))
        except ValueError:
            return self._error(
                request,
                assessment,
                code,
                _("Versi jawaban tidak terbaca; muat ulang halaman."),
                400,
            )
        if question.kind == m.COMPUTED:
            value = {c.name: request.POST.get(f"count-{c.name}", "") for c in question.count_inputs}
        else:
            value = request.POST.get("value", "")
        try:
            saved = services.answer_save(
                actor=request.user,
                assessment=assessment,
                question_code=code,
                value=value,
                note=request.POST.get("note", ""),
                is_recommendation=request.POST.get("rec") == "on",
                expected_version=expected,
            )
        except services.AnswerConflict as exc:
            return self._error(request, assessment, code, error_text(exc), 409, reload=True)
        except AccessDenied as exc:
            return self._error(request, assessment, code, str(exc), 403)
        except ValidationError as exc:
            # A refused value: shown at the field too, and the computed figure no longer
            # looks like the saved one.
            return self._error(
                request,
                assessment,
                code,
                error_text(exc),
                400,
                field_error=True,
                computed=question.kind == m.COMPUTED,
            )
        result = assessment_result(assessment)
        answer = saved.answer
        return _fragment(
            "assessment/_saved.html",
            {
                "assessment": assessment,
                "code": code,
                "answer": answer,
                "question": question,
                "computed": _computed(result, question),
                "panel": _panel(assessment, result),
            },
        )

    def _error(
        self, request, assessment, code, message, status, reload=False, **flags
    ) -> HttpResponse:
        return _fragment(
            "assessment/_error.html",
            {
                "assessment": assessment,
                "code": code,
                "message": message,
                "reload": reload,
                "field_error": flags.get("field_error", False),
                "computed": flags.get("computed", False),
            },
            status=status,
        )


def _fragment(template: str, context: dict, status: int = 200) -> HttpResponse:
    """An htmx fragment rendered without the request's context processors: it needs
    none of the page chrome they compute (tenants, admin flag), and autosave is hot."""
    return HttpResponse(render_to_string(template, context), status=status)


def _computed(result, question):
    if question.kind != m.COMPUTED:
        return None
    value = result.values.get(question.code)
    if value is None:
        return None
    warnings = [w for w in result.warnings if w.startswith(f"Pertanyaan {question.code}:")]
    return {"percent": result.rounded(value * 100), "warnings": warnings}


class PanelView(TenantMemberRequiredMixin, View):
    def get(self, request, pk):
        assessment = get_assessment_for_user(request.user, pk)
        result = assessment_result(assessment)
        return render(
            request,
            "assessment/_panel.html",
            {"assessment": assessment, "panel": _panel(assessment, result)},
        )


# --- team, lock, release, reopen --------------------------------------------------------


class AssignView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        assessment = get_assessment_for_user(request.user, pk)
        template = engine_template(assessment.template)
        form = AssignForm(
            request.POST,
            people=_tenant_people(),
            areas=[(a.code, f"{a.code} – {a.name}") for a in template.areas()],
        )
        if not form.is_valid():
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
            return redirect("assessment:detail", assessment.pk)
        try:
            assignment = services.assessor_assign(
                actor=request.user,
                assessment=assessment,
                user=form.cleaned_data["user"],
                area=form.cleaned_data["area"],
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request,
                _("%(name)s ditugaskan menilai %(area)s.")
                % {
                    "name": assignment.user.full_name,
                    "area": assignment.area or _("seluruh area"),
                },
            )
        return redirect("assessment:detail", assessment.pk)


class UnassignView(TenantMemberRequiredMixin, View):
    def post(self, request, pk, assignment_pk):
        assessment = get_assessment_for_user(request.user, pk)
        assignment = Assignment.objects.filter(assessment=assessment, pk=assignment_pk).first()
        if assignment is None:
            raise Http404
        try:
            services.assignment_remove(actor=request.user, assignment=assignment)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Penugasan dihapus."))
        return redirect("assessment:detail", assessment.pk)


class FinaliseView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        assessment = get_assessment_for_user(request.user, pk)
        try:
            services.assessment_finalise(actor=request.user, assessment=assessment)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return redirect("assessment:detail", assessment.pk)
        messages.success(request, _("Penilaian difinalkan dan dikunci."))
        return redirect("assessment:result", assessment.pk)


class ReleaseView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        assessment = get_assessment_for_user(request.user, pk)
        try:
            services.assessment_release(actor=request.user, assessment=assessment)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Hasil penilaian dirilis ke unit."))
        return redirect("assessment:result", assessment.pk)


class ReopenView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        assessment = get_assessment_for_user(request.user, pk)
        form = ReopenForm(request.POST)
        reason = form.data.get("reason", "")
        try:
            services.assessment_reopen(actor=request.user, assessment=assessment, reason=reason)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return redirect("assessment:result", assessment.pk)
        messages.success(request, _("Penilaian dibuka kembali; alasannya dicatat."))
        return redirect("assessment:detail", assessment.pk)


# --- result, export, import -------------------------------------------------------------


class ResultView(TenantMemberRequiredMixin, View):
    def get(self, request, pk):
        assessment = get_assessment_for_user(request.user, pk)
        answers = answers_by_code(assessment)
        result = assessment_result(assessment, answers)
        is_admin = can(request.user, Capability.ASSESSMENT_MANAGE, assessment.unit)
        context = {
            "assessment": assessment,
            "cycle": assessment.cycle,
            "sheet": worksheet.build(result, answers),
            "panel": _panel(assessment, result),
            "recommendations": recommendations(answers),
            "reopenings": reopenings_of(assessment),
            "is_lead": assessment.lead_id == request.user.pk,
            "can_manage": assessment.lead_id == request.user.pk or is_admin,
            "is_admin": is_admin,
            "reopen_form": ReopenForm() if is_admin and assessment.is_locked else None,
        }
        return render(request, "assessment/result.html", context)


def _title(assessment) -> tuple[str, list[str]]:
    title = _("LEMBAR KERJA EVALUASI ZONA INTEGRITAS")
    lines = [
        f"{assessment.get_level_display()} · {assessment.unit.name} ({assessment.unit.code})",
        f"{assessment.cycle.name} · {assessment.cycle.get_target_display()} · "
        f"{assessment.template.code}",
        _("Status: %(status)s") % {"status": assessment.get_status_display()},
    ]
    return title, lines


class ExportView(TenantMemberRequiredMixin, View):
    def get(self, request, pk):
        assessment = get_assessment_for_user(request.user, pk)
        answers = answers_by_code(assessment)
        result = assessment_result(assessment, answers)
        title, lines = _title(assessment)
        content = excel.export_workbook(
            title=title,
            subtitle=lines,
            areas=worksheet.build(result, answers),
            panel=_panel(assessment, result),
        )
        name = slugify(f"lke-{assessment.level}-{assessment.unit.code}-{assessment.cycle.year}")
        return xlsx_response(content, f"{name}.xlsx")


class _AnswersImportFlow(ImportFlowMixin):
    """The LKE workbook import through the shared dry run → confirm flow (core.imports)."""

    session_key = IMPORT_SESSION_KEY
    form_class = ImportForm
    spec = excel.SPEC

    def load(self, pk):
        self.assessment = get_assessment_for_user(self.request.user, pk)

    def import_scope(self) -> dict:
        return {"assessment": self.assessment.pk}

    def upload_page(self, form, status=200):
        assessment = self.assessment
        context = {"assessment": assessment, "cycle": assessment.cycle, "form": form}
        return render(self.request, "assessment/import.html", context, status=status)

    def upload_failed(self, form):
        form.mark_invalid_fields()
        return self.upload_page(form, status=400)

    def preview_context(self) -> dict:
        assessment = self.assessment
        return {
            "title": _("Impor jawaban"),
            "breadcrumbs_template": "assessment/_header.html",
            "assessment": assessment,
            "cycle": assessment.cycle,
            "caption": _("Jawaban yang akan berubah"),
            "confirm_url": reverse("assessment:import_confirm", args=[assessment.pk]),
            "cancel_url": reverse("assessment:detail", args=[assessment.pk]),
            "upload_url": reverse("assessment:import", args=[assessment.pk]),
            "changed_text": _("Jawaban berubah sejak pratinjau dan berkas tidak lagi valid."),
            "nothing_saved": _("Tidak ada yang disimpan. Perbaiki berkas, lalu unggah ulang."),
        }

    def check(self, parsed, upload) -> DryRun:
        template = engine_template(self.assessment.template)
        rows, errors, rows_at = excel.read_answers(parsed, template)
        existing = answers_by_code(self.assessment)
        clean, changes = excel.check_rows(template, rows, existing, errors, rows_at)
        return DryRun(
            rows=[
                {"code": r.code, "value": r.value, "note": r.note, "rec": r.is_recommendation}
                for r in clean
            ],
            errors=errors,
            headings=[_("Sekarang"), _("Menjadi"), _("Catatan berubah")],
            table=[[c.code, c.before, c.after, _("ya") if c.note_changed else ""] for c in changes],
            summary=ngettext(
                "%(n)s jawaban akan berubah.", "%(n)s jawaban akan berubah.", len(changes)
            )
            % {"n": len(changes)},
            row_count=len(rows),
            unchanged=""
            if changes
            else _("Berkas sama dengan jawaban yang tersimpan: tidak ada yang berubah."),
            extra={"versions": {code: a.version for code, a in existing.items()}},
        )

    def apply(self, rows):
        request, assessment = self.request, self.assessment
        try:
            written = services.answers_import(
                actor=request.user,
                assessment=assessment,
                rows=[
                    services.ImportedAnswer(r["code"], r["value"], r["note"], r["rec"])
                    for r in rows
                ],
                seen_versions=self.stored["extra"]["versions"],
            )
        except RowsInvalid:
            raise
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return redirect("assessment:import", assessment.pk)
        messages.success(request, _("%(n)s jawaban diimpor.") % {"n": written})
        return redirect("assessment:detail", assessment.pk)


class ImportView(TenantMemberRequiredMixin, _AnswersImportFlow, View):
    """Step 1: upload the workbook and see what would change (dry run), row errors
    included; nothing is written. Step 2 (ImportConfirmView) writes, all or none."""

    def _require_lead(self):
        if self.assessment.lead_id != self.request.user.pk:
            raise AccessDenied(_("Hanya ketua penilai yang dapat mengimpor jawaban."))

    def get(self, request, pk):
        self.load(pk)
        self._require_lead()
        return self.upload_page(ImportForm())

    def post(self, request, pk):
        self.load(pk)
        self._require_lead()
        return self.dry_run_response()


class ImportConfirmView(TenantMemberRequiredMixin, _AnswersImportFlow, View):
    def post(self, request, pk):
        self.load(pk)
        return self.confirm_response()
