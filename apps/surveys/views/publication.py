"""Reviewing the respondents' suggestions, publishing a closed survey (staff), and the
public results page with its report PDF (``/s/hasil/<pk>/``, no account)."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_scopes import scope, scopes_disabled

from apps.core.actions import submit
from apps.core.forms import BootstrapFormMixin
from apps.core.mixins import TenantMemberRequiredMixin
from apps.core.pdf import MAKING_PDF
from apps.files.serving import serve_stored_file

from .. import protection, services
from ..models import SuggestionState, Survey
from ..selectors import (
    report_context,
    suggestion_counts,
    suggestions_of,
    survey_for_user,
    survey_result,
)
from .public import too_many
from .results import page_context

PAGE_SIZE = 100


class ReviewForm(BootstrapFormMixin, forms.Form):
    state = forms.ChoiceField(
        choices=[
            (SuggestionState.APPROVED, gettext_lazy("Tampilkan")),
            (SuggestionState.HIDDEN, gettext_lazy("Sembunyikan")),
        ]
    )
    responses = forms.TypedMultipleChoiceField(coerce=int, choices=())

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responses"].choices = choices
        self.fields["responses"].error_messages["required"] = _("Pilih paling sedikit satu saran.")


class SuggestionsView(TenantMemberRequiredMixin, View):
    """The suggestions of a survey, by review state; approve or hide several at once."""

    def context(self, request, survey, form=None):
        state = request.GET.get("status", SuggestionState.PENDING)
        if state not in SuggestionState.values:
            state = SuggestionState.PENDING
        rows = suggestions_of(survey, state)
        context = page_context(request, survey)
        counts = suggestion_counts(survey)
        context.update(
            survey=survey,
            unit=survey.unit,
            tab="suggestions",
            state=state,
            counts=counts,
            states=[(s, label, counts.get(s, 0)) for s, label in SuggestionState.choices if s],
            rows=list(rows[:PAGE_SIZE]),
            total=counts.get(state, 0) if state else sum(counts.values()),
            page_size=PAGE_SIZE,
            form=form,
        )
        return context

    def get(self, request, pk):
        survey = survey_for_user(request.user, pk, manage=True)
        return render(request, "surveys/suggestions.html", self.context(request, survey))

    def post(self, request, pk):
        survey = survey_for_user(request.user, pk, manage=True)
        ids = suggestions_of(survey).values_list("pk", flat=True)
        data = request.POST.copy()
        next_state = request.GET.get("status", "")
        if data.get("all") == "page" and next_state in SuggestionState.values and next_state:
            # Every suggestion the page showed (its state, the first PAGE_SIZE).
            shown = suggestions_of(survey, next_state).values_list("pk", flat=True)[:PAGE_SIZE]
            data.setlist("responses", [str(pk) for pk in shown])
        form = ReviewForm(data, choices=[(i, i) for i in ids])
        target = f"{request.path}?status={next_state}" if next_state else request.path
        response = submit(
            request,
            form,
            lambda: services.suggestions_review(
                actor=request.user,
                survey=survey,
                response_ids=form.cleaned_data["responses"],
                state=form.cleaned_data["state"],
            ),
            success=lambda n: _("%(n)s saran ditinjau.") % {"n": n},
            redirect_to=lambda _result: target,
        )
        if response is None:
            context = self.context(request, survey, form)
            return render(request, "surveys/suggestions.html", context, status=400)
        return response


class AnalysisForm(BootstrapFormMixin, forms.Form):
    analysis = forms.CharField(
        label=gettext_lazy("Analisis hasil"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "Apa arti angka-angka ini: unsur terkuat dan terlemah, perbandingan dengan "
            "periode sebelumnya. Dimuat dalam laporan PDF."
        ),
    )


class PublishForm(BootstrapFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "Saya memahami bahwa hasil, saran yang disetujui dan rencana tindak lanjut akan "
            "terbuka untuk umum dan tidak dapat ditarik kembali."
        ),
        error_messages={"required": gettext_lazy("Centang persetujuan untuk mempublikasikan.")},
    )


class PublishView(TenantMemberRequiredMixin, View):
    """The analysis text, and publishing a closed survey (the public page and the PDF)."""

    def context(self, request, survey, *, analysis_form=None, publish_form=None):
        result = survey_result(survey)
        counts = suggestion_counts(survey)
        context = page_context(request, survey)
        initial = {"analysis": survey.analysis}
        context.update(
            survey=survey,
            unit=survey.unit,
            tab="publish",
            result=result,
            counts=counts,
            refusals=services.publish_refusals(
                survey, counts[SuggestionState.PENDING], result.respondents
            ),
            analysis_form=analysis_form or AnalysisForm(initial=initial),
            publish_form=publish_form or PublishForm(),
        )
        return context

    def get(self, request, pk):
        survey = survey_for_user(request.user, pk, manage=True)
        return render(request, "surveys/publish.html", self.context(request, survey))

    def post(self, request, pk):
        survey = survey_for_user(request.user, pk, manage=True)
        if request.POST.get("action") == "publish":
            form = PublishForm(request.POST)
            response = submit(
                request,
                form,
                lambda: services.survey_publish(actor=request.user, survey=survey),
                success=_(
                    "Hasil survei dipublikasikan. Laporan PDF sedang dibuat dan halaman publik "
                    "sudah dapat dibuka."
                ),
                redirect_to=("surveys:publish", survey.pk),
            )
            context = {"publish_form": form}
        elif survey.published_at is not None:
            # The report PDF was made with the analysis of the day of publication: the
            # page and the PDF must keep saying the same.
            form = AnalysisForm(request.POST)
            form.add_error(None, _("Hasil sudah dipublikasikan: analisis tidak dapat diubah lagi."))
            response = None
            context = {"analysis_form": form}
        else:
            form = AnalysisForm(request.POST)
            response = submit(
                request,
                form,
                lambda: services.survey_update(
                    actor=request.user, survey=survey, analysis=form.cleaned_data["analysis"]
                ),
                success=_("Analisis hasil disimpan."),
                redirect_to=("surveys:publish", survey.pk),
            )
            context = {"analysis_form": form}
        if response is None:
            page = self.context(request, survey, **context)
            return render(request, "surveys/publish.html", page, status=400)
        return response


# --- The public's pages ---------------------------------------------------------------------


def _published_or_404(pk: int) -> Survey:
    """A published survey of any agency (the page has no account, hence no scope)."""
    with scopes_disabled():
        survey = (
            Survey.objects.select_related("unit", "unit__tenant", "report_file", "published_by")
            .filter(pk=pk, published_at__isnull=False)
            .first()
        )
    if survey is None:
        raise Http404
    return survey


class PublicResultsView(View):
    """The published results of a unit's survey, for anybody (a phone first)."""

    def get(self, request, pk):
        refusal = protection.page_allowed(request)
        if refusal:
            return too_many(request, None, refusal)
        survey = _published_or_404(pk)
        with scope(tenant=survey.tenant_id):
            context = report_context(survey)
            return render(request, "surveys/public_results.html", context)


class PublicReportPdfView(View):
    """The published report PDF, for anybody."""

    def get(self, request, pk):
        refusal = protection.page_allowed(request)
        if refusal:
            return too_many(request, None, refusal)
        survey = _published_or_404(pk)
        with scope(tenant=survey.tenant_id):
            stored = services.survey_report_store(survey=survey)
            if stored is None:
                messages.info(request, MAKING_PDF)
                return redirect("surveys_public:results", survey.pk)
            return serve_stored_file(request, stored, as_attachment=request.GET.get("unduh") == "1")
