"""The scoring page: the worksheet, autosave of one answer, and the live panel."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from apps.core.access import Capability, can
from apps.core.exceptions import AccessDenied
from apps.core.http import error_text
from apps.core.mixins import TenantMemberRequiredMixin
from apps.lke.engine import model as m
from apps.lke.selectors import engine_template

from .. import portal_facts, services, survey_values, worksheet
from ..access import conflict_message
from ..forms import AssignForm, ReopenForm
from ..models import Level, Status
from ..pickers import assessor_sources
from ..selectors import (
    SAVE_RELATED,
    answers_by_code,
    assessment_result,
    assignments_of,
    get_assessment_for_user,
    tenant_people,
    verified_evidence,
)


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
        # What the portal's records suggest for some questions; shown, never saved.
        hints = portal_facts.hints_for(assessment)
        # HBA/HPA: the closed IPAK/IPKP survey supplying the value (shown with its source).
        surveys = survey_values.sources_for(assessment, state["answers"])
        areas = worksheet.build(state["result"], state["answers"], evidence, hints, surveys)
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
                people=tenant_people(),
                areas=[(a.code, f"{a.code} – {a.name}") for a in template.areas()],
                eligible=assessor_sources(assessment),
                picker_url=reverse("assessment:pick_assessor", args=[assessment.pk]),
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
            state["result"],
            state["answers"],
            verified_evidence(request.user, assessment),
            portal_facts.hints_for(assessment, [question.code]),
            survey_values.sources_for(assessment, state["answers"], [question.code]),
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
        # Not perform(): autosave answers htmx fragments (409 on a conflict, 403, 400).
        try:
            saved = services.answer_save(
                actor=request.user,
                assessment=assessment,
                question_code=code,
                value=value,
                note=request.POST.get("note", ""),
                is_recommendation=request.POST.get("rec") == "on",
                expected_version=expected,
                override_reason=request.POST.get("override_reason", ""),
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
                # HBA/HPA: the survey box again (taken from the survey, or overridden).
                "survey": survey_values.sources_for(assessment, {code: answer}, [code]).get(code),
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
