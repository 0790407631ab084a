"""Writes of the Tim Kerja, the Agen Perubahan and their Rencana Aksi.

Who decides: members and agents carry roles in the unit, and roles are given by an Admin
Instansi over the unit (``role_assign``); so adding or removing members and agents, and
uploading their decrees, is for an admin over the unit. (The Pimpinan Unit signs the
decree on paper; the admin records it.) A Rencana Aksi row is written by the agent
themself, the unit's Pimpinan Unit or Ketua Tim, or an admin over the unit.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.invitations import invitation_create
from apps.accounts.models import Invitation, RoleAssignment, User
from apps.accounts.roles import Role
from apps.accounts.services import role_assign, role_revoke
from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core.access import Capability, can
from apps.core.exceptions import AccessDenied
from apps.core.text import too_long_message
from apps.cycles.models import Cycle
from apps.declaration.models import Employee, Placement
from apps.files.services import file_store
from apps.tenants.models import Membership

from .models import (
    AREA_FUNCTIONS,
    FUNCTION_ROLES,
    ActionPlanItem,
    ChangeAgent,
    Decree,
    DecreeKind,
    Function,
    TeamMember,
)

MEMBER_FIELDS = ["cycle", "user", "function", "area", "position"]
AGENT_FIELDS = ["cycle", "user", "position"]
ACTION_FIELDS = ["value", "outcome", "indicator", "target", "activities", "timing", "pic"]
DECREE_FIELDS = ["cycle", "kind", "number", "signed_on", "stored_file"]
# Stages after which the team is history: its composition no longer changes.
CLOSED_STAGES = frozenset({"ditetapkan", "tidak_ditetapkan", "dicabut"})


def can_manage_team(user, cycle: Cycle) -> bool:
    return can(user, Capability.TEAM_MANAGE, cycle.unit)


def _require_manager(actor, cycle: Cycle) -> None:
    if not can_manage_team(actor, cycle):
        raise AccessDenied(
            _(
                "Hanya Admin Instansi unit %(unit)s yang dapat mengatur Tim Kerja dan Agen Perubahan."
            )
            % {"unit": cycle.unit.name}
        )
    if cycle.stage in CLOSED_STAGES:
        raise ValidationError(
            _("Siklus sudah pada tahap %(stage)s; susunan tim tidak dapat diubah lagi.")
            % {"stage": cycle.get_stage_display()}
        )


def _require_tenant_member(cycle: Cycle, user) -> None:
    if (
        user is None
        or not Membership.objects.filter(
            tenant_id=cycle.tenant_id, user=user, is_active=True
        ).exists()
    ):
        raise ValidationError({"user": _("Pilih pegawai yang terdaftar aktif di instansi ini.")})


def _grant(*, actor, cycle: Cycle, user, role: str, area: str) -> tuple[RoleAssignment, bool]:
    """The unit's role assignment for (user, role, area): existing, or granted now."""
    existing = RoleAssignment.objects.filter(
        user=user, unit=cycle.unit, role=role, area=area
    ).first()
    if existing is not None:
        return existing, False
    return role_assign(actor=actor, user=user, unit=cycle.unit, role=role, area=area), True


def _release(*, actor, assignment_id: int | None, granted: bool, reason: str) -> None:
    """Revoke a role this feature granted once no member or agent relies on it anymore;
    a role held before the membership stays."""
    if assignment_id is None:
        return
    relied = (
        TeamMember.objects.filter(role_assignment_id=assignment_id).exists()
        or ChangeAgent.objects.filter(role_assignment_id=assignment_id).exists()
    )
    if relied:
        return
    assignment = (
        RoleAssignment.objects.select_related("unit", "user").filter(pk=assignment_id).first()
    )
    if granted and assignment is not None:
        role_revoke(actor=actor, assignment=assignment, reason=reason)


# --- Decrees ------------------------------------------------------------------------------


@transaction.atomic
def decree_upload(
    *, actor, cycle: Cycle, kind: str, number: str, signed_on: date | None, uploaded
) -> Decree:
    """Record the SK of the team or of the agents (a new upload replaces the current)."""
    _require_manager(actor, cycle)
    errors: dict[str, list] = {}
    number = (number or "").strip()
    if kind not in DecreeKind.values:
        errors.setdefault("kind", []).append(_("Jenis SK tidak dikenal."))
    if not number:
        errors.setdefault("number", []).append(_("Nomor SK wajib diisi."))
    if signed_on is None:
        errors.setdefault("signed_on", []).append(_("Tanggal SK wajib diisi."))
    elif signed_on.year not in (cycle.year - 1, cycle.year):
        errors.setdefault("signed_on", []).append(
            _("Tanggal SK harus pada tahun %(year)s atau akhir tahun sebelumnya.")
            % {"year": cycle.year}
        )
    if uploaded is None:
        errors.setdefault("file", []).append(_("Unggah berkas SK (PDF atau gambar)."))
    if errors:
        raise ValidationError(errors)
    stored = file_store(actor=actor, unit=cycle.unit, uploaded=uploaded)
    decree = Decree.objects.select_for_update().filter(cycle=cycle, kind=kind).first()
    before = snapshot(decree, DECREE_FIELDS) if decree else None
    if decree is None:
        decree = Decree(tenant_id=cycle.tenant_id, cycle=cycle, kind=kind)
    decree.number = number
    decree.signed_on = signed_on
    decree.stored_file = stored
    decree.uploaded_by = actor
    decree.full_clean()
    decree.save()
    audit_record(
        actor=actor,
        tenant=cycle.tenant,
        action=AuditAction.DECREE_UPLOAD,
        instance=decree,
        before=before,
        after=snapshot(decree, DECREE_FIELDS),
    )
    return decree


# --- Members ------------------------------------------------------------------------------


def _account_for(
    *, actor, cycle: Cycle, employee: Employee, email: str, role: str, area: str
) -> tuple[User | None, Invitation | None]:
    """The portal account of an employee of the unit's roster, if they are an active
    member of the agency already (linked, or found by NIP or e-mail among the agency's
    members); otherwise an invitation (``accounts.invitations.invitation_create``) carrying
    the function's role, and no account. Never looks the person up outside the agency:
    whether the address has an account elsewhere stays unknown here too (issue 10)."""
    if not Placement.objects.filter(
        employee=employee, unit_id=cycle.unit_id, ended_on__isnull=True
    ).exists():
        raise ValidationError(
            {
                "person": _("%(name)s tidak tercatat di daftar pegawai unit ini.")
                % {"name": employee.name}
            }
        )
    if employee.user_id is not None:
        return employee.user, None
    address = (email or employee.email or "").strip()
    members = User.objects.filter(
        memberships__tenant_id=cycle.tenant_id, memberships__is_active=True
    )
    user = members.filter(nip=employee.nip).first() if employee.nip else None
    if user is None and address:
        user = members.filter(email__iexact=address).first()
    if user is not None:
        if not Employee.objects.filter(tenant_id=cycle.tenant_id, user=user).exists():
            employee.user = user
            employee.save(update_fields=["user", "updated_at"])
        return user, None
    if not address:
        raise ValidationError(
            {
                "email": _(
                    "%(name)s belum menjadi pengguna instansi ini dan e-mailnya tidak ada di "
                    "daftar pegawai; isi e-mail untuk mengirim undangan."
                )
                % {"name": employee.name}
            }
        )
    invitation = invitation_create(
        actor=actor,
        tenant=cycle.tenant,
        email=address,
        full_name=employee.name,
        nip=employee.nip or "",
        unit=cycle.unit,
        role=role,
        area=area,
    )
    return None, invitation


@transaction.atomic
def member_add(
    *,
    actor,
    cycle: Cycle,
    user=None,
    function: str,
    area: str = "",
    position: str = "",
    employee: Employee | None = None,
    email: str = "",
) -> TeamMember | Invitation:
    """Add a person to the cycle's Tim Kerja; grants the function's role in the unit.

    The person is an agency user (``user``) or an employee of the unit's roster
    (``employee``). A roster employee who is not a member of the agency yet is invited
    instead (``email`` when the roster has none): the invitation carries the function's
    role, nothing changes before they accept, and the Invitation is returned; once they
    have accepted, the admin adds them to the team."""
    _require_manager(actor, cycle)
    if function not in Function.values:
        raise ValidationError({"function": _("Fungsi tidak dikenal.")})
    position = (position or "").strip()
    if len(position) > 150:
        raise ValidationError(
            {
                "position": _("Jabatan maksimal 150 karakter (sekarang %(m)s).")
                % {"m": len(position)}
            }
        )
    area = (area or "") if function in AREA_FUNCTIONS else ""
    if function in AREA_FUNCTIONS and not area:
        raise ValidationError(
            {"area": _("Pilih area untuk %(f)s.") % {"f": Function(function).label}}
        )
    if employee is not None:
        # The invitation e-mail leaves only when the whole addition commits.
        found, invitation = _account_for(
            actor=actor,
            cycle=cycle,
            employee=employee,
            email=email,
            role=FUNCTION_ROLES[Function(function)],
            area=area,
        )
        if invitation is not None:
            return invitation
        user = found
    _require_tenant_member(cycle, user)
    member = TeamMember(
        tenant_id=cycle.tenant_id,
        cycle=cycle,
        unit=cycle.unit,
        user=user,
        function=function,
        area=area,
        position=position,
    )
    member.full_clean(exclude=["role_assignment"])
    assignment, granted = _grant(
        actor=actor, cycle=cycle, user=user, role=FUNCTION_ROLES[Function(function)], area=area
    )
    member.role_assignment = assignment
    member.granted = granted
    member.save()
    audit_record(
        actor=actor,
        tenant=cycle.tenant,
        action=AuditAction.TEAM_MEMBER_ADD,
        instance=member,
        after={**snapshot(member, MEMBER_FIELDS), "role_granted": granted},
    )
    return member


@transaction.atomic
def member_remove(*, actor, member: TeamMember) -> None:
    """Remove a member; the role their membership granted is revoked (if nothing else
    relies on it)."""
    member = TeamMember.objects.select_for_update().select_related("cycle__unit").get(pk=member.pk)
    _require_manager(actor, member.cycle)
    assignment_id, granted = member.role_assignment_id, member.granted
    audit_record(
        actor=actor,
        tenant=member.cycle.tenant,
        action=AuditAction.TEAM_MEMBER_REMOVE,
        instance=member,
        before=snapshot(member, MEMBER_FIELDS),
    )
    member.delete()
    _release(
        actor=actor,
        assignment_id=assignment_id,
        granted=granted,
        reason=_("Dikeluarkan dari Tim Kerja %(cycle)s.") % {"cycle": member.cycle.name},
    )


# --- Agents and their Rencana Aksi ----------------------------------------------------------


@transaction.atomic
def agent_add(*, actor, cycle: Cycle, user, position: str = "") -> ChangeAgent:
    """Appoint an Agen Perubahan; grants the Agen Perubahan role in the unit."""
    _require_manager(actor, cycle)
    _require_tenant_member(cycle, user)
    agent = ChangeAgent(
        tenant_id=cycle.tenant_id,
        cycle=cycle,
        unit=cycle.unit,
        user=user,
        position=(position or "").strip(),
    )
    agent.full_clean(exclude=["role_assignment"])
    assignment, granted = _grant(
        actor=actor, cycle=cycle, user=user, role=Role.AGEN_PERUBAHAN, area=""
    )
    agent.role_assignment = assignment
    agent.granted = granted
    agent.save()
    audit_record(
        actor=actor,
        tenant=cycle.tenant,
        action=AuditAction.CHANGE_AGENT_ADD,
        instance=agent,
        after={**snapshot(agent, AGENT_FIELDS), "role_granted": granted},
    )
    return agent


@transaction.atomic
def agent_remove(*, actor, agent: ChangeAgent) -> None:
    agent = ChangeAgent.objects.select_for_update().select_related("cycle__unit").get(pk=agent.pk)
    _require_manager(actor, agent.cycle)
    if agent.action_items.exists():
        raise ValidationError(
            _(
                "Agen ini sudah memiliki Rencana Aksi; hapus dulu baris Rencana Aksinya "
                "sebelum mengeluarkannya."
            )
        )
    assignment_id, granted = agent.role_assignment_id, agent.granted
    audit_record(
        actor=actor,
        tenant=agent.cycle.tenant,
        action=AuditAction.CHANGE_AGENT_REMOVE,
        instance=agent,
        before=snapshot(agent, AGENT_FIELDS),
    )
    agent.delete()
    _release(
        actor=actor,
        assignment_id=assignment_id,
        granted=granted,
        reason=_("Tidak lagi menjadi Agen Perubahan %(cycle)s.") % {"cycle": agent.cycle.name},
    )


def edits_every_action_plan(user, cycle: Cycle) -> bool:
    """The unit's Pimpinan Unit and Ketua Tim, and admins over the unit."""
    return can(user, Capability.ACTION_PLAN_EDIT, cycle.unit)


def can_edit_action_plan(user, agent: ChangeAgent) -> bool:
    return (user.is_authenticated and agent.user_id == user.pk) or edits_every_action_plan(
        user, agent.cycle
    )


def _clean_action_values(values: dict) -> dict:
    from .forms import ACTION_TEXT_LIMIT

    cleaned = {field: str(values.get(field) or "").strip() for field in ACTION_FIELDS}
    errors: dict[str, list] = {}
    for field, value in cleaned.items():
        limit = ActionPlanItem._meta.get_field(field).max_length or ACTION_TEXT_LIMIT
        if not value:
            errors[field] = [_("Kolom ini wajib diisi.")]
        elif len(value) > limit:
            errors[field] = [too_long_message(limit, len(value))]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _require_action_editor(actor, agent: ChangeAgent) -> None:
    if not can_edit_action_plan(actor, agent):
        raise AccessDenied(
            _("Rencana Aksi diisi oleh agennya sendiri, Pimpinan Unit, Ketua Tim atau admin.")
        )


@transaction.atomic
def action_item_add(*, actor, agent: ChangeAgent, **values) -> ActionPlanItem:
    agent = ChangeAgent.objects.select_related("cycle__unit").get(pk=agent.pk)
    _require_action_editor(actor, agent)
    item = ActionPlanItem(
        tenant_id=agent.tenant_id, agent=agent, created_by=actor, **_clean_action_values(values)
    )
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        tenant=agent.cycle.tenant,
        action=AuditAction.ACTION_PLAN_ADD,
        instance=item,
        after=snapshot(item, ACTION_FIELDS),
    )
    return item


@transaction.atomic
def action_item_update(*, actor, item: ActionPlanItem, **values) -> ActionPlanItem:
    item = ActionPlanItem.objects.select_for_update().get(pk=item.pk)
    agent = ChangeAgent.objects.select_related("cycle__unit").get(pk=item.agent_id)
    _require_action_editor(actor, agent)
    before = snapshot(item, ACTION_FIELDS)
    for field, value in _clean_action_values(values).items():
        setattr(item, field, value)
    item.full_clean()
    after = snapshot(item, ACTION_FIELDS)
    changed = [field for field in ACTION_FIELDS if before[field] != after[field]]
    if changed:
        item.save(update_fields=changed)
        audit_record(
            actor=actor,
            tenant=agent.cycle.tenant,
            action=AuditAction.ACTION_PLAN_UPDATE,
            instance=item,
            before=before,
            after=after,
        )
    return item


@transaction.atomic
def action_item_delete(*, actor, item: ActionPlanItem) -> None:
    item = ActionPlanItem.objects.select_for_update().get(pk=item.pk)
    agent = ChangeAgent.objects.select_related("cycle__unit").get(pk=item.agent_id)
    _require_action_editor(actor, agent)
    audit_record(
        actor=actor,
        tenant=agent.cycle.tenant,
        action=AuditAction.ACTION_PLAN_DELETE,
        instance=item,
        before=snapshot(item, ACTION_FIELDS),
    )
    item.delete()
