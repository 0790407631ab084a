"""Pages of the change agents (FRM-05): plan vs actual of their Rencana Aksi per month of
the quarter and the change each item brought (recorded by the item's own agent, read by
whoever reads the unit's reports), the draft's own texts, and the agency's setting.
Thin: reads through the selectors (404 for what the user may not read), writes through
the services with ``perform``/``submit`` (another agent's records: 403)."""

import datetime

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from apps.core.access import Capability, can
from apps.core.actions import submit
from apps.core.exceptions import AccessDenied
from apps.core.mixins import TenantMemberRequiredMixin

from ..agents import services as agent_services
from ..agents.selectors import agent_items, agents_of_user, get_agent_for_user, realisation_grid
from ..forms import AgentSettingsForm, AgentTextsForm, ChangeForm, RealisationForm
from ..models import EDITABLE, Kind, Report
from ..periods import ROMAN, add_months, month_label, quarter_label, quarter_of, quarter_start
from ..selectors import get_action_item_for_user, get_report_for_user, unit_evidence
from ..services import unit_today
from .reports import agent_report_context


def _quarter(agent, raw: str | None) -> datetime.date:
    """The quarter asked for (``?triwulan=2026-2``, within the cycle's year: 404 else), or
    the one the unit is in (the cycle's last or first when its year is over or ahead)."""
    year = agent.cycle.year
    if raw:
        parts = raw.split("-")
        if len(parts) != 2 or parts[0] != str(year) or parts[1] not in {"1", "2", "3", "4"}:
            raise Http404
        return datetime.date(year, (int(parts[1]) - 1) * 3 + 1, 1)
    today = unit_today(agent.unit)
    if today.year == year:
        return quarter_start(today)
    return datetime.date(year, 10 if today.year > year else 1, 1)


def _quarter_param(start: datetime.date) -> str:
    return f"{start.year}-{quarter_of(start)}"


def _record_url(agent, start: datetime.date, anchor: str = "") -> str:
    url = reverse("reports:agent_record", args=[agent.pk]) + f"?triwulan={_quarter_param(start)}"
    return url + (f"#{anchor}" if anchor else "")


def record_context(request, agent, start: datetime.date, bound: dict | None = None) -> dict:
    """The recording page of ``agent`` for the quarter that begins on ``start``; ``bound``
    holds a refused form by its key (``(item id, month)`` or ``("change", item id)``)."""
    bound = bound or {}
    user = request.user
    today = unit_today(agent.unit)
    months = [add_months(start, i) for i in range(3)]
    reports = list(
        Report.objects.filter(cycle_id=agent.cycle_id, kind=Kind.AGEN_PERUBAHAN, period_start=start)
        .filter(agent_id__in=[agent.pk, None])
        .exclude(status="superseded")
        .order_by("-revision")
    )
    closed = any(r.status not in {s.value for s in EDITABLE} for r in reports)
    own = agent.user_id == user.pk and can(user, Capability.REPORT_AGENT_EDIT, agent.unit)
    can_record = own and not closed
    items = list(agent_items(agent))
    grid = realisation_grid(items, months)
    choices = (
        [(e.pk, e.title) for e in unit_evidence(agent.unit_id)] if can_record and items else []
    )
    rows = []
    for item in items:
        cells = []
        for month in months:
            record = grid["records"].get((item.pk, month))
            # A refused form is shown with its message even for a month not begun.
            form = bound.get((item.pk, month))
            if form is None and can_record and month <= today:
                form = RealisationForm(
                    prefix=f"r{item.pk}-{month.month}",
                    initial=RealisationForm.initial_of(record),
                    evidence_choices=choices,
                )
            cells.append(
                {"month": month, "label": month_label(month), "record": record, "form": form}
            )
        change = grid["changes"].get(item.pk)
        change_form = None
        if can_record:
            change_form = bound.get(("change", item.pk)) or ChangeForm(
                prefix=f"c{item.pk}", initial=ChangeForm.initial_of(change)
            )
        rows.append({"item": item, "cells": cells, "change": change, "change_form": change_form})
    quarters = [
        {
            "param": f"{agent.cycle.year}-{n}",
            "label": f"Triwulan {ROMAN[n - 1]}",
            "current": quarter_of(start) == n,
        }
        for n in range(1, 5)
    ]
    return {
        "agent": agent,
        "cycle": agent.cycle,
        "quarter": quarter_label(start),
        "quarter_param": _quarter_param(start),
        "quarters": quarters,
        "months": [month_label(m) for m in months],
        "rows": rows,
        "reports": reports,
        "own": own,
        "closed": closed,
        "can_record": can_record,
        "today": today,
    }


class MyAgentView(TenantMemberRequiredMixin, View):
    """Where a change agent lands: their recording page (a list when they are an agent in
    more than one cycle or unit; a short note when in none)."""

    def get(self, request):
        agents = list(agents_of_user(request.user))
        if len(agents) == 1:
            return redirect("reports:agent_record", agents[0].pk)
        return render(request, "reports/agent_home.html", {"agents": agents})


class AgentRecordView(TenantMemberRequiredMixin, View):
    """Plan vs actual per item of the Rencana Aksi and month of one quarter, and the
    change each item brought; the agent's own forms, read-only for everyone else."""

    def get(self, request, agent_pk):
        agent = get_agent_for_user(request.user, agent_pk)
        start = _quarter(agent, request.GET.get("triwulan"))
        return render(request, "reports/agent_record.html", record_context(request, agent, start))


def _own_item(request, item_pk):
    """The item (404 when its unit's reports are not the user's to read); another
    person's item is read-only (403, before any form is read)."""
    item = get_action_item_for_user(request.user, item_pk)
    if item.agent.user_id != request.user.pk:
        raise AccessDenied(
            _("Rencana aksi ini milik Agen Perubahan lain: Anda hanya dapat membacanya.")
        )
    return item


class AgentRealisationView(TenantMemberRequiredMixin, View):
    """Record one month of one item (the item's own agent)."""

    def post(self, request, item_pk, month):
        item = _own_item(request, item_pk)
        if not 1 <= month <= 12:
            raise Http404
        agent = item.agent
        day = datetime.date(agent.cycle.year, month, 1)
        form = RealisationForm(
            request.POST,
            prefix=f"r{item.pk}-{day.month}",
            evidence_choices=[(e.pk, e.title) for e in unit_evidence(agent.unit_id)],
        )
        start = quarter_start(day)
        response = submit(
            request,
            form,
            lambda: agent_services.agent_realisation_record(
                actor=request.user, item=item, month=day, **form.cleaned_data
            ),
            success=_("Realisasi %(month)s disimpan.") % {"month": month_label(day)},
            redirect_to=_record_url(agent, start, f"item-{item.pk}"),
        )
        if response is not None:
            return response
        context = record_context(request, agent, start, bound={(item.pk, day): form})
        return render(request, "reports/agent_record.html", context, status=400)


class AgentChangeView(TenantMemberRequiredMixin, View):
    """The change an item brought, before and after, integrated or not."""

    def post(self, request, item_pk):
        item = _own_item(request, item_pk)
        agent = item.agent
        form = ChangeForm(request.POST, prefix=f"c{item.pk}")
        start = _quarter(agent, request.GET.get("triwulan"))
        response = submit(
            request,
            form,
            lambda: agent_services.agent_change_record(
                actor=request.user, item=item, **form.cleaned_data
            ),
            success=_("Kontribusi perubahan disimpan."),
            redirect_to=_record_url(agent, start, f"item-{item.pk}"),
        )
        if response is not None:
            return response
        context = record_context(request, agent, start, bound={("change", item.pk): form})
        return render(request, "reports/agent_record.html", context, status=400)


class AgentTextsView(TenantMemberRequiredMixin, View):
    """The agents' texts of an FRM-05 draft (A–C, obstacles, recommendations)."""

    def post(self, request, pk):
        report = get_report_for_user(request.user, pk)
        if report.kind != Kind.AGEN_PERUBAHAN:
            raise Http404
        form = AgentTextsForm(request.POST)
        response = submit(
            request,
            form,
            lambda: agent_services.agent_report_update(
                actor=request.user, report=report, **form.cleaned_data
            ),
            success=_("Isi laporan disimpan."),
            redirect_to=reverse("reports:detail", args=[report.pk]) + "#teks",
        )
        if response is not None:
            return response
        context = agent_report_context(request, report, texts_form=form)
        return render(request, "reports/agent_detail.html", context, status=400)


def _require_agency_admin(user) -> None:
    if not can(user, Capability.AGENCY_ADMIN):
        raise AccessDenied(
            _("Hanya Admin Instansi tingkat instansi yang dapat mengubah pengaturan ini.")
        )


class AgentSettingsView(TenantMemberRequiredMixin, View):
    """The agency's FRM-05 setting: one report per agent or per unit, and the texts of
    A–C every new draft starts from (Admin Instansi at the agency's root)."""

    def _page(self, request, form=None, status=200):
        setting = agent_services.agent_report_settings_of(request.tenant)
        form = form or AgentSettingsForm(initial=AgentSettingsForm.initial_of(setting))
        return render(
            request,
            "reports/agent_settings.html",
            {"form": form, "setting": setting},
            status=status,
        )

    def get(self, request):
        _require_agency_admin(request.user)
        return self._page(request)

    def post(self, request):
        _require_agency_admin(request.user)
        form = AgentSettingsForm(request.POST)
        response = submit(
            request,
            form,
            lambda: agent_services.agent_report_settings_update(
                actor=request.user, tenant=request.tenant, **form.cleaned_data
            ),
            success=_("Pengaturan laporan Agen Perubahan disimpan."),
            redirect_to="reports:agent_settings",
        )
        return response or self._page(request, form=form, status=400)
