"""The follow-up page of a survey (``/survei/<pk>/tindak-lanjut/``): its elements ranked
weakest first, the actions planned about them, and each action's way to done with its
result and evidence file – the evidence of PPF4C and PPF1C.

Reading needs ``survey.view`` over the survey's unit (else 404, as for a missing survey);
changing needs ``survey.manage`` (else 403 with the capability table's message).
"""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from apps.core.actions import perform, submit
from apps.core.http import get_or_404
from apps.core.mixins import TenantMemberRequiredMixin
from apps.files.checks import FileRefused
from apps.files.serving import serve_stored_file
from apps.files.upload import hashing_upload_view, uploaded_file

from .. import selectors, services
from ..access import can_manage, get_survey_for_user, require_manage
from ..follow_up_forms import FollowUpDoneForm, FollowUpForm
from ..models import FollowUpAction, FollowUpStatus, Survey

# The default deadline offered for a new action: three months from today.
DEFAULT_DAYS = 90


def _survey_or_404(request, pk) -> Survey:
    return get_survey_for_user(request.user, pk)


def _follow_up_or_404(survey: Survey, pk) -> FollowUpAction:
    follow_up = get_or_404(selectors.follow_ups_of(survey), pk=pk)
    follow_up.survey = survey  # already read, with its unit
    return follow_up


def _open_follow_up(request, pk, follow_up_pk) -> tuple[Survey, FollowUpAction]:
    """A survey's action that is still open, for its managers: done is final (no edit or
    done page for it, 404)."""
    survey = _survey_or_404(request, pk)
    follow_up = _follow_up_or_404(survey, follow_up_pk)
    require_manage(request.user, survey.unit)
    if follow_up.status == FollowUpStatus.DONE:
        raise Http404
    return survey, follow_up


def _page_url(survey: Survey) -> str:
    return reverse("surveys:follow_ups", args=[survey.pk])


def _base_context(request, survey: Survey) -> dict:
    return {
        "survey": survey,
        "unit": survey.unit,
        "tab": "follow_ups",
        "survey_url": reverse("surveys:detail", args=[survey.pk]),
        "can_manage": can_manage(request.user, survey.unit),
        "today": timezone.localdate(),
    }


def _evidence_errors(call):
    """Run ``call``; a refused file is shown under the file input."""
    try:
        return call()
    except FileRefused as exc:
        raise ValidationError({"evidence": [str(exc)]}) from exc


class FollowUpsView(TenantMemberRequiredMixin, View):
    def _page(self, request, survey: Survey, form=None, status=200):
        result = selectors.survey_result(survey)
        standings = selectors.element_standings(result)
        follow_ups = list(selectors.follow_ups_of(survey))
        per_item: dict[int, int] = {}
        for follow_up in follow_ups:
            follow_up.survey = survey
            if follow_up.item_id:
                per_item[follow_up.item_id] = per_item.get(follow_up.item_id, 0) + 1
        context = _base_context(request, survey)
        open_for_actions = context["can_manage"] and not survey.is_editable
        if open_for_actions and form is None:
            form = FollowUpForm(
                survey=survey,
                items=[r.item for r in result.items],
                initial=self._initial(request, standings),
            )
        context.update(
            result=result,
            standings=[(s, per_item.get(s.item.pk, 0)) for s in standings],
            weak_count=sum(1 for s in standings if s.is_weak),
            grade_b_floor=selectors.GRADE_B_FLOOR,
            follow_ups=follow_ups,
            counts={
                value: sum(1 for f in follow_ups if f.status == value)
                for value in FollowUpStatus.values
            },
            form=form if open_for_actions else None,
        )
        return render(request, "surveys/follow_ups.html", context, status=status)

    @staticmethod
    def _initial(request, standings) -> dict:
        """A new action about the element named in ``?unsur=`` (the weak element's
        button), by default due in three months."""
        initial = {"due_on": timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS)}
        wanted = request.GET.get("unsur", "")
        for standing in standings:
            if str(standing.item.pk) == wanted:
                initial["item"] = standing.item.pk
        return initial

    def get(self, request, pk):
        survey = _survey_or_404(request, pk)
        return self._page(request, survey)

    def post(self, request, pk):
        survey = _survey_or_404(request, pk)
        require_manage(request.user, survey.unit)
        form = FollowUpForm(request.POST, survey=survey, items=list(survey.items.all()))
        response = submit(
            request,
            form,
            lambda: services.follow_up_create(
                actor=request.user, survey=survey, **form.cleaned_data
            ),
            success=_("Tindak lanjut dicatat."),
            redirect_to=lambda follow_up: f"{_page_url(survey)}#tl-{follow_up.pk}",
        )
        if response is not None:
            return response
        return self._page(request, survey, form=form, status=400)


class FollowUpEditView(TenantMemberRequiredMixin, View):
    def _page(self, request, survey, follow_up, form, status=200):
        context = _base_context(request, survey)
        context.update(follow_up=follow_up, form=form)
        return render(request, "surveys/follow_up_edit.html", context, status=status)

    def _load(self, request, pk, follow_up_pk):
        return _open_follow_up(request, pk, follow_up_pk)

    def get(self, request, pk, follow_up_pk):
        survey, follow_up = self._load(request, pk, follow_up_pk)
        form = FollowUpForm(
            survey=survey,
            items=list(survey.items.all()),
            initial={
                "item": follow_up.item_id,
                "action": follow_up.action,
                "owner": follow_up.owner,
                "due_on": follow_up.due_on,
            },
        )
        return self._page(request, survey, follow_up, form)

    def post(self, request, pk, follow_up_pk):
        survey, follow_up = self._load(request, pk, follow_up_pk)
        form = FollowUpForm(request.POST, survey=survey, items=list(survey.items.all()))
        response = submit(
            request,
            form,
            lambda: services.follow_up_update(
                actor=request.user, follow_up=follow_up, **form.cleaned_data
            ),
            success=_("Tindak lanjut diperbarui."),
            redirect_to=f"{_page_url(survey)}#tl-{follow_up.pk}",
        )
        if response is not None:
            return response
        return self._page(request, survey, follow_up, form, status=400)


class FollowUpProgressView(TenantMemberRequiredMixin, View):
    """Planned → in progress (a button on the list)."""

    def post(self, request, pk, follow_up_pk):
        survey = _survey_or_404(request, pk)
        follow_up = _follow_up_or_404(survey, follow_up_pk)
        require_manage(request.user, survey.unit)
        return perform(
            request,
            lambda: services.follow_up_progress(actor=request.user, follow_up=follow_up),
            success=_("Tindak lanjut ditandai sedang dikerjakan."),
            redirect_to=f"{_page_url(survey)}#tl-{follow_up.pk}",
        )


@method_decorator(hashing_upload_view, name="dispatch")
class FollowUpDoneView(TenantMemberRequiredMixin, View):
    """Mark an action done: the result in words and the evidence file (streamed to a
    temporary file and hashed on the way, then checked, scanned and stored)."""

    def _page(self, request, survey, follow_up, form, status=200):
        context = _base_context(request, survey)
        context.update(follow_up=follow_up, form=form)
        return render(request, "surveys/follow_up_done.html", context, status=status)

    def _load(self, request, pk, follow_up_pk):
        return _open_follow_up(request, pk, follow_up_pk)

    def get(self, request, pk, follow_up_pk):
        survey, follow_up = self._load(request, pk, follow_up_pk)
        return self._page(request, survey, follow_up, FollowUpDoneForm())

    def post(self, request, pk, follow_up_pk):
        survey, follow_up = self._load(request, pk, follow_up_pk)
        form = FollowUpDoneForm(request.POST)

        def call():
            try:
                uploaded = uploaded_file(request, "evidence")
            except FileRefused as exc:
                if exc.code != "missing":
                    raise
                uploaded = None  # the service names what is missing, with the result
            return services.follow_up_done(
                actor=request.user,
                follow_up=follow_up,
                result=form.cleaned_data["result"],
                uploaded=uploaded,
            )

        response = submit(
            request,
            form,
            lambda: _evidence_errors(call),
            success=_("Tindak lanjut selesai; buktinya tersimpan."),
            redirect_to=f"{_page_url(survey)}#tl-{follow_up.pk}",
        )
        if response is not None:
            return response
        return self._page(request, survey, follow_up, form, status=400)


class FollowUpEvidenceView(TenantMemberRequiredMixin, View):
    """The evidence file of a done action, for whoever may read the survey."""

    def get(self, request, pk, follow_up_pk):
        survey = _survey_or_404(request, pk)
        follow_up = _follow_up_or_404(survey, follow_up_pk)
        if follow_up.evidence is None:
            raise Http404
        return serve_stored_file(
            request, follow_up.evidence, as_attachment=request.GET.get("unduh") == "1"
        )
