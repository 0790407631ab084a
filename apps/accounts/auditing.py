"""Audit records of a person's own account, which belongs to no single agency."""

from django_scopes import scopes_disabled

from apps.audit.actions import AuditAction
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.tenants.models import Membership, Tenant


def audit_record_for_person(
    *,
    actor,
    user,
    action: AuditAction,
    after: dict | None = None,
    reason: str = "",
) -> list[AuditEvent]:
    """Record a change to a person's own account (two-factor devices, API tokens), which
    belongs to no single agency, in the log of every agency where they are active."""
    with scopes_disabled():
        tenant_ids = list(
            Membership.objects.filter(user=user, is_active=True).values_list("tenant_id", flat=True)
        )
        return [
            audit_record(
                actor=actor, tenant=tenant, action=action, instance=user, after=after, reason=reason
            )
            for tenant in Tenant.objects.filter(pk__in=tenant_ids)
        ]
