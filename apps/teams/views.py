"""Pages of the Tim Kerja and the Agen Perubahan of a cycle. Thin: the cycle through
``get_cycle_for_user`` (404 for anything not visible), writes through ``services``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from apps.accounts.models import Invitation
from apps.accounts.roles import Role
from apps.core.actions import perform, submit
from apps.core.mixins import TenantMemberRequiredMixin
from apps.core.pickers import picker_response
from apps.cycles.selectors import get_cycle_for_user
from apps.files.serving import serve_stored_file
from apps.files.upload import hashing_upload_view, uploaded_file

from . import services
from .forms import ActionItemForm, AgentForm, DecreeForm, MemberForm
from .models import FUNCTION_ROLES, DecreeKind
from .pickers import agent_sources, member_sources
from .selectors import (
    agents_of,
    decrees_of,
    get_action_item_for_user,
    get_agent_for_user,
    get_decree_for_user,
    get_member_for_user,
    members_of,
    tenant_people,
    unit_roster,
)


def member_form(request, cycle, data=None) -> MemberForm:
    return MemberForm(
        data,
        roster=unit_roster(cycle.unit),
        people=tenant_people(request.tenant),
        picker_url=reverse("teams:pick_member", args=[cycle.pk]),
    )


def agent_form(request, cycle, data=None) -> AgentForm:
    return AgentForm(
        data,
        people=tenant_people(request.tenant),
        picker_url=reverse("teams:pick_agent", args=[cycle.pk]),
    )


class PeoplePickView(TenantMemberRequiredMixin, View):
    """The member and agent pickers' search (apps.teams.pickers), for who manages the
    cycle's team: the unit's roster and the agency's other users, or the agency's users."""

    agents = False

    def get(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        if not services.can_manage_team(request.user, cycle):
            raise PermissionDenied(
                _("Hanya Admin Instansi unit ini yang dapat mengatur Tim Kerja.")
            )
        people = tenant_people(request.tenant)
        if self.agents:
            return picker_response(request, agent_sources(people))
        return picker_response(request, member_sources(unit_roster(cycle.unit), people))


class TeamView(TenantMemberRequiredMixin, View):
    """The cycle's Tim Kerja with its decree; admins over the unit add and remove."""

    def context(self, request, cycle, form=None, decree_form=None):
        can_manage = services.can_manage_team(request.user, cycle)
        members = list(members_of(cycle))
        for m in members:
            role = Role(FUNCTION_ROLES[m.function]).label
            m.role_label = f"{role} {m.area}".strip()
            m.role_revoked = bool(
                m.granted and not (m.role_shared_by_member or m.role_shared_by_agent)
            )
        return {
            "cycle": cycle,
            "members": members,
            "decree": decrees_of(cycle).get(DecreeKind.TIM_KERJA),
            "decree_kind": DecreeKind.TIM_KERJA,
            "can_manage": can_manage,
            "form": (form or member_form(request, cycle)) if can_manage else None,
            "decree_form": (decree_form or DecreeForm(prefix="sk")) if can_manage else None,
        }

    def get(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        return render(request, "teams/team.html", self.context(request, cycle))

    def post(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        if not services.can_manage_team(request.user, cycle):
            raise PermissionDenied(
                _("Hanya Admin Instansi unit ini yang dapat mengatur Tim Kerja.")
            )
        form = member_form(request, cycle, request.POST)
        response = submit(
            request,
            form,
            lambda: services.member_add(actor=request.user, cycle=cycle, **form.service_values()),
            success=_member_added_text,
            redirect_to=("teams:team", cycle.pk),
            field_map={"user": "person", "employee": "person"},
        )
        return response or render(
            request, "teams/team.html", self.context(request, cycle, form), status=400
        )


def _member_added_text(member) -> str:
    """A member added, or (for an employee without an account yet) an invitation sent."""
    if isinstance(member, Invitation):
        return _(
            "%(name)s belum menjadi pengguna instansi ini: undangan dikirim ke "
            "%(email)s. Setelah undangan diterima, ia mendapat peran %(role)s di "
            "unit ini; lalu tambahkan ia ke Tim Kerja."
        ) % {
            "name": member.full_name,
            "email": member.email,
            "role": member.get_role_display(),
        }
    return _("%(name)s ditambahkan sebagai %(function)s.") % {
        "name": member.user.full_name,
        "function": member.get_function_display(),
    }


class MemberRemoveView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        member = get_member_for_user(request.user, pk)
        return perform(
            request,
            lambda: services.member_remove(actor=request.user, member=member),
            success=_("%(name)s dikeluarkan dari tim.") % {"name": member.user.full_name},
            redirect_to=("teams:team", member.cycle_id),
        )


@method_decorator(hashing_upload_view, name="dispatch")
class DecreeUploadView(TenantMemberRequiredMixin, View):
    """Upload the SK of the team or of the agents (streamed through the hashing handler)."""

    def post(self, request, cycle_pk, kind):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        if kind not in DecreeKind.values:
            raise Http404
        target = "teams:team" if kind == DecreeKind.TIM_KERJA else "teams:agents"
        form = DecreeForm(request.POST, prefix="sk")
        if not form.is_valid():
            messages.error(
                request,
                " ".join(str(e) for errors in form.errors.values() for e in errors),
            )
            return redirect(target, cycle.pk)
        return perform(
            request,
            lambda: services.decree_upload(
                actor=request.user,
                cycle=cycle,
                kind=kind,
                uploaded=uploaded_file(request),
                **form.cleaned_data,
            ),
            success=_("%(kind)s disimpan.") % {"kind": DecreeKind(kind).label},
            redirect_to=(target, cycle.pk),
        )


class DecreeDownloadView(TenantMemberRequiredMixin, View):
    def get(self, request, pk):
        decree = get_decree_for_user(request.user, pk)
        return serve_stored_file(
            request, decree.stored_file, as_attachment=request.GET.get("unduh") == "1"
        )


def action_form_for(agent, data=None, initial=None) -> ActionItemForm:
    """Per agent its own field ids (several forms share the page)."""
    return ActionItemForm(data, initial=initial, auto_id=f"a{agent.pk}_%s")


class AgentsView(TenantMemberRequiredMixin, View):
    """The cycle's Agen Perubahan, their decree and each agent's Rencana Aksi."""

    def context(self, request, cycle, form=None, action_form=None):
        can_manage = services.can_manage_team(request.user, cycle)
        agents = list(agents_of(cycle))
        edits_all = services.edits_every_action_plan(request.user, cycle)
        for agent in agents:
            agent.editable = edits_all or agent.user_id == request.user.pk
            if agent.editable:
                agent.action_form = (
                    action_form
                    if action_form is not None and action_form.agent_pk == agent.pk
                    else action_form_for(agent)
                )
        return {
            "cycle": cycle,
            "agents": agents,
            "decree": decrees_of(cycle).get(DecreeKind.AGEN_PERUBAHAN),
            "decree_kind": DecreeKind.AGEN_PERUBAHAN,
            "can_manage": can_manage,
            "form": (form or agent_form(request, cycle)) if can_manage else None,
            "decree_form": DecreeForm(prefix="sk") if can_manage else None,
        }

    def get(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        return render(request, "teams/agents.html", self.context(request, cycle))

    def post(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        form = agent_form(request, cycle, request.POST)
        response = submit(
            request,
            form,
            lambda: services.agent_add(actor=request.user, cycle=cycle, **form.cleaned_data),
            success=lambda agent: (
                _("%(name)s ditetapkan sebagai Agen Perubahan.") % {"name": agent.user.full_name}
            ),
            redirect_to=("teams:agents", cycle.pk),
        )
        return response or render(
            request, "teams/agents.html", self.context(request, cycle, form), status=400
        )


class AgentRemoveView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        agent = get_agent_for_user(request.user, pk)
        return perform(
            request,
            lambda: services.agent_remove(actor=request.user, agent=agent),
            success=_("%(name)s tidak lagi menjadi Agen Perubahan.")
            % {"name": agent.user.full_name},
            redirect_to=("teams:agents", agent.cycle_id),
        )


class ActionItemAddView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        agent = get_agent_for_user(request.user, pk)
        form = action_form_for(agent, request.POST)
        form.agent_pk = agent.pk
        response = submit(
            request,
            form,
            lambda: services.action_item_add(actor=request.user, agent=agent, **form.cleaned_data),
            success=_("Baris Rencana Aksi ditambahkan."),
            redirect_to=f"{reverse('teams:agents', args=[agent.cycle_id])}#agent-{agent.pk}",
        )
        if response is not None:
            return response
        context = AgentsView().context(request, agent.cycle, action_form=form)
        return render(request, "teams/agents.html", context, status=400)


class ActionItemEditView(TenantMemberRequiredMixin, View):
    """One Rencana Aksi row, prefilled; saved through ``action_item_update``."""

    def _render(self, request, item, form, status=200):
        context = {"item": item, "agent": item.agent, "cycle": item.agent.cycle, "form": form}
        return render(request, "teams/action_form.html", context, status=status)

    def get(self, request, pk):
        item = get_action_item_for_user(request.user, pk)
        if not services.can_edit_action_plan(request.user, item.agent):
            raise PermissionDenied(
                _("Rencana Aksi diisi oleh agennya sendiri, Pimpinan Unit, Ketua Tim atau admin.")
            )
        initial = {field: getattr(item, field) for field in services.ACTION_FIELDS}
        return self._render(request, item, ActionItemForm(initial=initial))

    def post(self, request, pk):
        item = get_action_item_for_user(request.user, pk)
        form = ActionItemForm(request.POST)
        response = submit(
            request,
            form,
            lambda: services.action_item_update(actor=request.user, item=item, **form.cleaned_data),
            success=_("Baris Rencana Aksi disimpan."),
            redirect_to=f"{reverse('teams:agents', args=[item.agent.cycle_id])}"
            f"#agent-{item.agent_id}",
        )
        return response or self._render(request, item, form, status=400)


class ActionItemDeleteView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        item = get_action_item_for_user(request.user, pk)
        return perform(
            request,
            lambda: services.action_item_delete(actor=request.user, item=item),
            success=_("Baris Rencana Aksi dihapus."),
            redirect_to=("teams:agents", item.agent.cycle_id),
        )
