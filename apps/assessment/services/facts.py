"""The facts the TPI eligibility is checked on."""

from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core.access import Capability, can
from apps.core.exceptions import AccessDenied
from apps.cycles.models import Cycle

from ..models import CycleFacts
from .common import _unit

FACT_FIELDS = [
    "declared_on",
    "building_start",
    "sakip_grade",
    "tlhp_percent",
    "lhkan_percent",
    "key_target_percent",
    "key_target_prev_percent",
    "holds_wbk_since",
    "revoked_at",
]


@transaction.atomic
def cycle_facts_update(*, actor, cycle: Cycle, **values) -> CycleFacts:
    """Record the facts the TPI eligibility is checked on (admin of the unit)."""
    unit = _unit(cycle)
    if not can(actor, Capability.ASSESSMENT_MANAGE, unit):
        raise AccessDenied(
            _("Hanya Admin unit %(unit)s yang dapat mencatat data syarat usulan.")
            % {"unit": unit.name}
        )
    unknown = set(values) - set(FACT_FIELDS)
    if unknown:
        raise ValueError(f"unknown facts: {sorted(unknown)}")
    facts = CycleFacts.objects.select_for_update(of=("self",)).filter(
        cycle=cycle
    ).first() or CycleFacts(tenant_id=cycle.tenant_id, cycle=cycle)
    before = snapshot(facts, FACT_FIELDS) if facts.pk else None
    for name, value in values.items():
        setattr(facts, name, value if value is not None or name != "sakip_grade" else "")
    facts.updated_by = actor
    facts.full_clean(exclude=["cycle"])
    facts.save()
    audit_record(
        actor=actor,
        tenant=unit.tenant,
        action=AuditAction.ASSESSMENT_FACTS,
        instance=facts,
        before=before,
        after=snapshot(facts, FACT_FIELDS),
    )
    return facts
