"""Writes about agencies and memberships. A new agency (root unit, first admin) is made
above the units: apps.accounts.services.tenant_create / tenant_onboard."""

from django.db import transaction
from django_scopes import scope

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot

from .models import Membership, Tenant

TENANT_FIELDS = ["name", "code", "kind", "is_active"]


@transaction.atomic
def tenant_update(*, actor, tenant: Tenant, **changes) -> Tenant:
    before = snapshot(tenant, TENANT_FIELDS)
    for field, value in changes.items():
        if field not in TENANT_FIELDS:
            raise TypeError(f"unknown tenant field {field}")
        setattr(tenant, field, value)
    tenant.full_clean()
    tenant.save(update_fields=list(changes))
    with scope(tenant=tenant.pk):
        audit_record(
            actor=actor,
            tenant=tenant,
            action=AuditAction.TENANT_UPDATE,
            instance=tenant,
            before=before,
            after=snapshot(tenant, TENANT_FIELDS),
        )
    return tenant


def membership_ensure(*, tenant: Tenant, user) -> Membership:
    membership, created = Membership.objects.get_or_create(tenant=tenant, user=user)
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    return membership
