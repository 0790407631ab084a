"""Identification pages: the list, and the cycle's identification (unit information,
submitting it, the TPU's check and decision). Thin: parse, check access, call one service
or selector; writes follow ``apps.core.actions`` (form → service → message → redirect)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from apps.core.access import Capability, can, holds
from apps.core.actions import perform, submit
from apps.core.mixins import TenantMemberRequiredMixin

from .. import services
from ..checks import MIN_SERVICE_USERS, missing_items, submission_checklist
from ..forms import DecisionForm, UnitInfoForm
from ..models import Status
from ..selectors import (
    awaiting_decision,
    cycle_and_identification,
    history_of,
    identifications_visible_to,
    unit_info_rows,
)


def _identification_or_404(request, cycle_pk):
    cycle, identification = cycle_and_identification(request.user, cycle_pk)
    if identification is None:
        raise Http404
    return cycle, identification


def _detail_url(cycle_pk) -> str:
    return reverse("identification:detail", args=[cycle_pk])


class IdentificationListView(TenantMemberRequiredMixin, View):
    """Identifications of the units the user sees; TPU assessors see what awaits them."""

    def get(self, request):
        status = request.GET.get("status", "")
        rows = identifications_visible_to(request.user).order_by("-cycle__year", "unit__path")
        if status in Status.values:
            rows = rows.filter(status=status)
        else:
            status = ""
        context = {
            "rows": list(rows[:500]),
            "awaiting": list(awaiting_decision(request.user)[:100]),
            "status": status,
            "statuses": Status.choices,
        }
        return render(request, "identification/list.html", context)


class IdentificationDetailView(TenantMemberRequiredMixin, View):
    def context(self, request, cycle, identification, *, info_form=None, decision_form=None):
        user = request.user
        unit = cycle.unit
        context = {
            "cycle": cycle,
            "unit": unit,
            "identification": identification,
            "can_fill": can(user, Capability.IDENTIFICATION_FILL, unit),
            "is_assessor": holds(user, Capability.IDENTIFICATION_DECIDE, unit),
            "min_service_users": MIN_SERVICE_USERS,
        }
        context["conflict"] = context["is_assessor"] and not can(
            user, Capability.IDENTIFICATION_DECIDE, unit
        )
        context["can_open"] = (
            identification is None and context["can_fill"] and cycle.stage in services.OPEN_STAGES
        )
        if identification is None:
            return context
        count = services.service_user_count(identification)
        checklist = submission_checklist(identification, count)
        context.update(
            {
                "service_user_count": count,
                "missing": missing_items(identification, count),
                "checklist": checklist,
                "submit_gaps": [item.gap for item in checklist if not item.done],
                "info_rows": unit_info_rows(identification),
                "history": list(history_of(identification)),
                "can_edit": context["can_fill"] and identification.is_editable,
                "can_decide": context["is_assessor"]
                and not context["conflict"]
                and identification.status == Status.SUBMITTED,
            }
        )
        if context["can_edit"]:
            context["info_form"] = info_form or UnitInfoForm(
                initial=UnitInfoForm.initial_from(identification), year=cycle.year
            )
        if context["can_decide"]:
            context["decision_form"] = decision_form or DecisionForm(
                initial=DecisionForm.initial_from(identification)
            )
        return context

    def get(self, request, cycle_pk):
        cycle, identification = cycle_and_identification(request.user, cycle_pk)
        return render(
            request,
            "identification/detail.html",
            self.context(request, cycle, identification),
        )


class OpenView(TenantMemberRequiredMixin, View):
    def post(self, request, cycle_pk):
        cycle, _identification = cycle_and_identification(request.user, cycle_pk)
        return perform(
            request,
            lambda: services.identification_open(actor=request.user, cycle=cycle),
            success=_("Identifikasi dibuka. Lengkapi informasi unit dan data pengguna layanan."),
            redirect_to=_detail_url(cycle.pk),
        )


class UnitInfoView(IdentificationDetailView):
    def get(self, request, cycle_pk):
        return redirect(_detail_url(cycle_pk))

    def post(self, request, cycle_pk):
        cycle, identification = _identification_or_404(request, cycle_pk)
        form = UnitInfoForm(request.POST, year=cycle.year)
        response = submit(
            request,
            form,
            lambda: services.identification_update(
                actor=request.user, identification=identification, **form.changes()
            ),
            success=_("Informasi unit disimpan."),
            redirect_to=_detail_url(cycle.pk) + "#informasi",
        )
        if response is not None:
            return response
        # Show the refused input beside the state that is still stored.
        cycle, identification = _identification_or_404(request, cycle_pk)
        context = self.context(request, cycle, identification, info_form=form)
        return render(request, "identification/detail.html", context, status=400)


class SubmitView(TenantMemberRequiredMixin, View):
    def post(self, request, cycle_pk):
        cycle, identification = _identification_or_404(request, cycle_pk)
        return perform(
            request,
            lambda: services.identification_submit(
                actor=request.user, identification=identification
            ),
            success=_("Identifikasi diajukan ke TPU."),
            redirect_to=_detail_url(cycle.pk),
        )


class DecideView(IdentificationDetailView):
    def get(self, request, cycle_pk):
        return redirect(_detail_url(cycle_pk))

    def post(self, request, cycle_pk):
        cycle, identification = _identification_or_404(request, cycle_pk)
        outcome = request.POST.get("outcome", "")
        form = DecisionForm(request.POST)
        if outcome == services.Outcome.COMPLETE:
            success = _("Identifikasi dinyatakan lengkap: %(unit)s menjadi Calon Unit Kerja.") % {
                "unit": cycle.unit.name
            }
        else:
            success = _("Identifikasi dikembalikan ke unit untuk dilengkapi.")
        response = submit(
            request,
            form,
            lambda: services.identification_decide(
                actor=request.user,
                identification=identification,
                outcome=outcome,
                requirements=form.requirements(),
                notes=form.notes(),
                note=form.cleaned_data["note"],
            ),
            success=success,
            redirect_to=_detail_url(cycle.pk),
        )
        if response is not None:
            return response
        cycle, identification = _identification_or_404(request, cycle_pk)
        context = self.context(request, cycle, identification, decision_form=form)
        return render(request, "identification/detail.html", context, status=400)
