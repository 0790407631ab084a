"""The assessments of a cycle: the list, opening a level, the TPI eligibility facts and
proposing the unit to the TPI."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from apps.core.access import Capability, can
from apps.core.actions import perform, submit
from apps.core.exceptions import AccessDenied
from apps.core.mixins import TenantMemberRequiredMixin
from apps.core.pickers import picker_error, picker_response
from apps.cycles.selectors import get_cycle_for_user
from apps.cycles.stages import Stage

from .. import services
from ..eligibility import cycle_propose_tpi, eligibility_for
from ..forms import FactsForm, OpenForm
from ..models import CycleFacts, Level
from ..pickers import lead_sources, openable_levels
from ..selectors import assessments_for_user, assessments_of_cycle, tenant_people


class AssessmentListView(TenantMemberRequiredMixin, View):
    def get(self, request):
        items = list(assessments_for_user(request.user)[:500])
        return render(request, "assessment/list.html", {"items": items})


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
            openable, waiting = openable_levels(cycle, opened)
            context["waiting_levels"] = waiting
            form = OpenForm(
                form_data,
                people=tenant_people(),
                levels=openable,
                leads=lead_sources(cycle.unit, openable),
                picker_url=reverse("assessment:pick_lead", args=[cycle.pk]),
            )
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
        response = submit(
            request,
            form,
            lambda: services.assessment_open(
                actor=request.user,
                cycle=cycle,
                level=form.cleaned_data["level"],
                lead=form.cleaned_data["lead"],
                seed=form.cleaned_data["seed"],
            ),
            success=lambda assessment: (
                _("%(level)s dibuka; ketua penilai: %(lead)s.")
                % {"level": assessment.get_level_display(), "lead": assessment.lead.full_name}
            ),
            redirect_to=lambda assessment: reverse("assessment:detail", args=[assessment.pk]),
        )
        return response or render(request, "assessment/cycle.html", context, status=400)


class LeadPickView(TenantMemberRequiredMixin, View):
    """The lead picker's search (apps.assessment.pickers): who may lead the levels that
    can be opened now (``?level=`` one of them), for the unit's admins."""

    def get(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        if not can(request.user, Capability.ASSESSMENT_MANAGE, cycle.unit):
            raise AccessDenied(_("Hanya Admin unit yang dapat membuka penilaian."))
        opened = {a.level for a in assessments_of_cycle(request.user, cycle)}
        levels, _waiting = openable_levels(cycle, opened)
        level = request.GET.get("level", "")
        if level:
            if level not in levels:
                return picker_error(_("Tingkat penilaian ini tidak dapat dibuka sekarang."))
            levels = [level]
        return picker_response(request, lead_sources(cycle.unit, levels))


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
        response = submit(
            request,
            form,
            lambda: services.cycle_facts_update(
                actor=request.user, cycle=cycle, **form.cleaned_data
            ),
            success=_("Data syarat usulan ke TPI disimpan."),
            redirect_to=("assessment:facts", cycle.pk),
        )
        return response or self._page(request, cycle, form, status=400)


class ProposeView(TenantMemberRequiredMixin, View):
    """ "Usulkan ke TPI": guarded in the service and in the stage change."""

    def post(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        return perform(
            request,
            lambda: cycle_propose_tpi(actor=request.user, cycle=cycle),
            success=_("Unit diusulkan ke TPI; tahap siklus: Usulan ke TPI."),
            redirect_to=("assessment:cycle", cycle.pk),
        )
