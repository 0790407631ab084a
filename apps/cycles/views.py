"""Pages of ZI cycles and of the agency calendar. Thin: access through the selectors
(404 for anything the user cannot see), writes through ``services.py``."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from apps.core.access import Capability, can, units_where
from apps.core.actions import perform, submit
from apps.core.exceptions import AccessDenied
from apps.core.mixins import TenantAdminRequiredMixin, TenantMemberRequiredMixin
from apps.lke.models import TemplateStatus, TemplateVersion
from apps.units.pickers import units_for

from . import services
from .forms import CalendarEntryForm, CycleCreateForm, StageChangeForm
from .models import YEAR_MAX, YEAR_MIN, CalendarEntry, Cycle
from .selectors import (
    calendar_for,
    cycles_visible_to,
    get_cycle_for_user,
    overdue_cycle_ids,
    stage_history,
)
from .stages import FORWARD, MAIN_LINE, OUTCOMES, Stage, next_stages

# Forward changes that send the unit's result to another team: asked first on the page.
PROPOSALS = (Stage.USULAN_TPI, Stage.USULAN_TPN)


def _year(value, default=None) -> int | None:
    """A year from a query parameter, or ``default`` when missing or not a valid year."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if YEAR_MIN <= year <= YEAR_MAX else default


class CycleListView(TenantMemberRequiredMixin, View):
    def get(self, request):
        cycles = cycles_visible_to(request.user)
        year = _year(request.GET.get("year"))
        stage = request.GET.get("stage", "")
        if stage not in Stage.values:
            stage = ""
        years = list(cycles.order_by("-year").values_list("year", flat=True).distinct())
        if year:
            cycles = cycles.filter(year=year)
        if stage:
            cycles = cycles.filter(stage=stage)
        page = Paginator(cycles, 50).get_page(request.GET.get("page"))
        context = {
            "page": page,
            "overdue": overdue_cycle_ids(
                tenant=request.tenant, cycles=page.object_list, today=timezone.localdate()
            ),
            "year": year,
            "stage": stage,
            "years": years,
            "stages": Stage.choices,
            "can_create": units_where(request.user, Capability.CYCLE_MANAGE).exists(),
        }
        return render(request, "cycles/list.html", context)


def _stepper(cycle: Cycle, history: list, deadlines: dict) -> list[dict]:
    """Every stage with its state for the stepper: done, current or to come."""
    current = cycle.stage
    if current in MAIN_LINE:
        reached = MAIN_LINE.index(current)
    elif current == Stage.TIDAK_DITETAPKAN:
        # Stopped by TPI or by TPN: the main line counts up to the stage it left.
        left = next((c.from_stage for c in reversed(history) if c.to_stage == current), "")
        reached = MAIN_LINE.index(left) + 1 if left in MAIN_LINE else len(MAIN_LINE)
    else:
        reached = len(MAIN_LINE)
    steps = []
    for i, stage in enumerate(MAIN_LINE):
        state = "current" if stage == current else "done" if i < reached else "todo"
        steps.append({"stage": stage, "state": state})
    for stage in OUTCOMES:
        if stage == current:
            state = "current"
        elif stage == Stage.DITETAPKAN and current == Stage.DICABUT:
            state = "done"
        else:
            state = "todo"
        steps.append({"stage": stage, "state": state})
    for step in steps:
        step["label"] = Stage(step["stage"]).label
        step["entry"] = deadlines.get(services.STAGE_CALENDAR_KEYS.get(step["stage"]))
    return steps


def _came_from(cycle: Cycle, history: list) -> str | None:
    return next((c.from_stage for c in reversed(history) if c.to_stage == cycle.stage), None)


class CycleDetailView(TenantMemberRequiredMixin, View):
    def context(self, request, cycle: Cycle, form=None) -> dict:
        can_admin = can(request.user, Capability.CYCLE_MANAGE, cycle.unit)
        history = list(stage_history(cycle))
        calendar = calendar_for(tenant=request.tenant, year=cycle.year)
        deadlines = {entry.key: entry for entry in calendar}
        steps = _stepper(cycle, history, deadlines)
        today = timezone.localdate()
        current_entry = deadlines.get(services.STAGE_CALENDAR_KEYS.get(cycle.stage))
        overdue = bool(
            cycle.stage in MAIN_LINE and current_entry is not None and current_entry.due_on < today
        )
        for step in steps:
            step["overdue"] = overdue and step["stage"] == cycle.stage
        proposals = []
        if can_admin:
            moves = next_stages(cycle.stage, _came_from(cycle, history))
            # A proposal to the TPI or the TPN is its own form that asks first.
            proposals = [
                {"stage": stage, "label": Stage(stage).label}
                for stage, kind in moves
                if kind == FORWARD and stage in PROPOSALS
            ]
            # Corrections back into a proposal stage stay in the general form.
            others = [
                (stage, kind)
                for stage, kind in moves
                if not (kind == FORWARD and stage in PROPOSALS)
            ]
            form = form or (StageChangeForm(moves=others) if others else None)
        return {
            "cycle": cycle,
            "can_admin": can_admin,
            "history": history,
            "steps": steps[: len(MAIN_LINE)],
            "outcome_steps": steps[len(MAIN_LINE) :],
            "calendar": calendar,
            "current_key": services.STAGE_CALENDAR_KEYS.get(cycle.stage),
            "form": form if can_admin else None,
            "proposals": proposals,
            "overdue": overdue,
            "current_entry": current_entry,
            "can_nudge": can(request.user, Capability.NUDGE_SEND, cycle.unit),
        }

    def get(self, request, pk):
        cycle = get_cycle_for_user(request.user, pk)
        return render(request, "cycles/detail.html", self.context(request, cycle))


class CycleStageView(CycleDetailView):
    http_method_names = ["post"]

    def post(self, request, pk):
        cycle = get_cycle_for_user(request.user, pk)
        if not can(request.user, Capability.CYCLE_MANAGE, cycle.unit):
            raise AccessDenied(_("Anda tidak berwenang mengubah tahap siklus ini."))
        moves = next_stages(cycle.stage, _came_from(cycle, list(stage_history(cycle))))
        form = StageChangeForm(request.POST, moves=moves)
        response = submit(
            request,
            form,
            lambda: services.cycle_change_stage(
                actor=request.user, cycle=cycle, **form.cleaned_data
            ),
            success=lambda changed: (
                _("Tahap siklus diubah menjadi %(stage)s.") % {"stage": changed.get_stage_display()}
            ),
            redirect_to=lambda changed: reverse("cycles:detail", kwargs={"pk": changed.pk}),
        )
        if response is not None:
            return response
        return render(request, "cycles/detail.html", self.context(request, cycle, form), status=400)


def _published_templates():
    return TemplateVersion.objects.filter(status=TemplateStatus.PUBLISHED).order_by("-code")


class CycleCreateView(TenantAdminRequiredMixin, View):
    def get(self, request):
        units = units_for(request.user, "siklus")
        initial = {"year": timezone.localdate().year, "target": "wbk"}
        unit = request.GET.get("unit")
        if unit and str(unit).isdigit() and units.filter(pk=unit).exists():
            initial["unit"] = int(unit)
        templates = _published_templates()
        first = templates.first()
        if first is not None:
            initial["template"] = first.pk
        form = CycleCreateForm(initial=initial, units=units, templates=templates)
        return render(request, "cycles/form.html", {"form": form})

    def post(self, request):
        units = units_for(request.user, "siklus")
        # Every version validates, so that a draft chosen by a crafted request reaches the
        # service and gets its precise message; the page offers only published ones.
        form = CycleCreateForm(request.POST, units=units, templates=TemplateVersion.objects.all())
        response = submit(
            request,
            form,
            lambda: services.cycle_create(
                actor=request.user, tenant=request.tenant, **form.cleaned_data
            ),
            success=lambda cycle: _("Siklus %(name)s dibuka.") % {"name": cycle.name},
            redirect_to=lambda cycle: reverse("cycles:detail", kwargs={"pk": cycle.pk}),
        )
        if response is not None:
            return response
        form.fields["template"].queryset = _published_templates()
        return render(request, "cycles/form.html", {"form": form}, status=400)


# --- Agency calendar --------------------------------------------------------------------


def _calendar_page(request, year: int, bound: CalendarEntryForm | None = None, bound_pk=None):
    can_edit = can(request.user, Capability.AGENCY_ADMIN)
    rows = []
    for entry in calendar_for(tenant=request.tenant, year=year):
        form = None
        if can_edit and entry.pk is not None:
            form_id = f"entry-{entry.pk}-form"
            if bound is not None and entry.pk == bound_pk:
                form = bound
            else:
                form = CalendarEntryForm(
                    prefix=f"e{entry.pk}",
                    form_id=form_id,
                    initial={
                        "label": entry.label,
                        "starts_on": entry.starts_on,
                        "due_on": entry.due_on,
                        "note": entry.note,
                    },
                )
        rows.append({"entry": entry, "form": form})
    context = {
        "year": year,
        "rows": rows,
        "can_edit": can_edit,
        "unsaved": any(row["entry"].pk is None for row in rows),
        "years": [year - 1, year, year + 1],
    }
    return render(
        request, "cycles/calendar.html", context, status=400 if bound is not None else 200
    )


class CalendarView(TenantMemberRequiredMixin, View):
    """The agency's deadlines of a year: every member reads, agency admins edit inline."""

    def get(self, request):
        raw = request.GET.get("year")
        year = _year(raw, default=timezone.localdate().year)
        if raw and str(year) != raw:
            raise Http404
        return _calendar_page(request, year)


class CalendarEnsureView(TenantMemberRequiredMixin, View):
    """Store the default deadlines of a year so that they can be edited."""

    def post(self, request):
        if not can(request.user, Capability.AGENCY_ADMIN):
            raise AccessDenied(
                _("Hanya Admin Instansi tingkat instansi yang dapat mengubah kalender.")
            )
        year = _year(request.POST.get("year"))
        if year is None:
            raise Http404
        return perform(
            request,
            lambda: services.calendar_ensure(tenant=request.tenant, year=year, actor=request.user),
            # Nothing to say when every default of the year was stored already.
            success=lambda created: (
                _("%(count)s jadwal bawaan tahun %(year)s disimpan.")
                % {"count": len(created), "year": year}
                if created
                else ""
            ),
            redirect_to=f"{reverse('cycles:calendar')}?year={year}",
        )


class CalendarEntryUpdateView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        entry = get_object_or_404(CalendarEntry.objects.all(), pk=pk)
        if not can(request.user, Capability.AGENCY_ADMIN):
            raise AccessDenied(
                _("Hanya Admin Instansi tingkat instansi yang dapat mengubah kalender.")
            )
        form = CalendarEntryForm(
            request.POST, prefix=f"e{entry.pk}", form_id=f"entry-{entry.pk}-form"
        )
        response = submit(
            request,
            form,
            lambda: services.calendar_entry_update(
                actor=request.user, entry=entry, **form.cleaned_data
            ),
            success=_("Jadwal %(label)s disimpan.") % {"label": entry.label},
            redirect_to=f"{reverse('cycles:calendar')}?year={entry.year}#entry-{entry.pk}",
        )
        if response is not None:
            return response
        return _calendar_page(request, entry.year, bound=form, bound_pk=entry.pk)
