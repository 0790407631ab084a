"""The Agen Perubahan and their Rencana Aksi."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.roles import Role
from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core.access import Capability, can
from apps.core.exceptions import AccessDenied
from apps.core.text import too_long_message
from apps.cycles.models import Cycle

from ..models import ActionPlanItem, ChangeAgent
from .common import _grant, _release, _require_manager, _require_tenant_member

AGENT_FIELDS = ["cycle", "user", "position"]
ACTION_FIELDS = ["value", "outcome", "indicator", "target", "activities", "timing", "pic"]


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
    agent = (
        ChangeAgent.objects.select_for_update(of=("self",))
        .select_related("cycle__unit")
        .get(pk=agent.pk)
    )
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
    from ..forms import ACTION_TEXT_LIMIT

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
    item = ActionPlanItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
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
    item = ActionPlanItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
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
