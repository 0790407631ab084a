"""Pages of recommendations: added and changed in section E of the report being written,
followed up in section B of a later one (services decide which report may change what)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from apps.core.actions import perform, submit
from apps.core.mixins import TenantMemberRequiredMixin

from .. import services
from ..forms import FollowUpForm, RecommendationForm
from ..selectors import get_recommendation_for_user, get_report_for_user
from .reports import _again, monev_only


def _detail(report, anchor: str) -> str:
    return reverse("reports:detail", args=[report.pk]) + anchor


class RecommendationAddView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        report = get_report_for_user(request.user, pk)
        if refused := monev_only(request, report):
            return refused
        form = RecommendationForm(request.POST, unit_id=report.unit_id)
        response = submit(
            request,
            form,
            lambda: services.recommendation_add(
                actor=request.user, report=report, **form.cleaned_data
            ),
            success=_("Rekomendasi ditambahkan."),
            redirect_to=lambda _rec: _detail(report, "#bagian-e"),
        )
        return response or _again(request, report, recommendation_form=form)


class RecommendationEditView(TenantMemberRequiredMixin, View):
    """Change a recommendation of section E (through its period's draft or correction)."""

    def _render(self, request, recommendation, form, status=200):
        report = services.writing_report(recommendation) or recommendation.report
        context = {"recommendation": recommendation, "report": report, "form": form}
        return render(request, "reports/recommendation_form.html", context, status=status)

    def get(self, request, pk):
        recommendation = get_recommendation_for_user(request.user, pk)
        initial = {
            "area": recommendation.area,
            "text": recommendation.text,
            "pic": recommendation.pic_id,
            "target_on": recommendation.target_on,
        }
        form = RecommendationForm(initial=initial, unit_id=recommendation.unit_id)
        return self._render(request, recommendation, form)

    def post(self, request, pk):
        recommendation = get_recommendation_for_user(request.user, pk)
        form = RecommendationForm(request.POST, unit_id=recommendation.unit_id)
        response = submit(
            request,
            form,
            lambda: services.recommendation_update(
                actor=request.user, recommendation=recommendation, **form.cleaned_data
            ),
            success=_("Rekomendasi disimpan."),
            redirect_to=lambda _rec: _detail(
                services.writing_report(recommendation) or recommendation.report, "#bagian-e"
            ),
        )
        return response or self._render(request, recommendation, form, status=400)


class RecommendationDeleteView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        recommendation = get_recommendation_for_user(request.user, pk)
        report = services.writing_report(recommendation) or recommendation.report
        return perform(
            request,
            lambda: services.recommendation_delete(
                actor=request.user, recommendation=recommendation
            ),
            success=_("Rekomendasi dihapus."),
            redirect_to=_detail(report, "#bagian-e"),
        )


class FollowUpView(TenantMemberRequiredMixin, View):
    """Record the follow-up of a carried recommendation in section B of ``report``."""

    def _render(self, request, report, recommendation, form, status=200):
        context = {"report": report, "recommendation": recommendation, "form": form}
        return render(request, "reports/follow_up_form.html", context, status=status)

    def get(self, request, pk, recommendation_pk):
        report = get_report_for_user(request.user, pk)
        if refused := monev_only(request, report):
            return refused
        recommendation = get_recommendation_for_user(request.user, recommendation_pk)
        initial = {
            "status": recommendation.status,
            "follow_up": recommendation.follow_up,
            "evidence_note": recommendation.evidence_note,
            "evidence": list(recommendation.evidence.values_list("pk", flat=True)),
        }
        form = FollowUpForm(initial=initial, unit_id=report.unit_id)
        return self._render(request, report, recommendation, form)

    def post(self, request, pk, recommendation_pk):
        report = get_report_for_user(request.user, pk)
        if refused := monev_only(request, report):
            return refused
        recommendation = get_recommendation_for_user(request.user, recommendation_pk)
        form = FollowUpForm(request.POST, unit_id=report.unit_id)
        response = submit(
            request,
            form,
            lambda: services.recommendation_follow_up(
                actor=request.user,
                report=report,
                recommendation=recommendation,
                status=form.cleaned_data["status"],
                follow_up=form.cleaned_data["follow_up"],
                evidence_note=form.cleaned_data["evidence_note"],
                evidence=list(form.cleaned_data["evidence"]),
            ),
            success=_("Tindak lanjut rekomendasi dicatat."),
            redirect_to=lambda _rec: _detail(report, "#bagian-b"),
        )
        return response or self._render(request, report, recommendation, form, status=400)
