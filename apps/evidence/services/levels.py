"""The agency's verification chain: which levels are used and what they are called."""

from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core.access import Capability, can
from apps.core.exceptions import AccessDenied

from ..chain import default_levels
from ..models import VerificationLevel


def verification_levels_create(*, tenant) -> list[VerificationLevel]:
    """Save the default chain of an agency that has no levels yet (a new agency: called by
    ``tenant_create`` through ``settings.TENANT_DEFAULTS``, inside its audited transaction).
    Returns the agency's levels, in order."""
    existing = list(VerificationLevel.objects.filter(tenant=tenant).order_by("order"))
    if existing:
        return existing
    levels = default_levels(tenant)
    for level in levels:
        level.full_clean()
    return VerificationLevel.objects.bulk_create(levels)


@transaction.atomic
def verification_levels_update(
    *, actor, tenant, changes: dict[int, dict]
) -> list[VerificationLevel]:
    """Switch levels on/off and rename them (whole-agency admins); ``changes`` is keyed by
    the level's order. Items already in verification keep the chain they were submitted
    with."""
    if not can(actor, Capability.AGENCY_ADMIN):
        raise AccessDenied(
            _("Hanya Admin Instansi tingkat instansi yang dapat mengatur rantai verifikasi.")
        )
    verification_levels_create(tenant=tenant)
    levels = list(
        VerificationLevel.objects.select_for_update(of=("self",))
        .filter(tenant=tenant)
        .order_by("order")
    )
    for level in levels:
        change = changes.get(level.order)
        if not change:
            continue
        before = snapshot(level, ["name", "is_active"])
        level.name = (change.get("name") or "").strip()
        level.is_active = bool(change.get("is_active"))
        level.full_clean()
        level.save(update_fields=["name", "is_active"])
        after = snapshot(level, ["name", "is_active"])
        if before != after:
            audit_record(
                actor=actor,
                tenant=tenant,
                action=AuditAction.VERIFICATION_LEVEL_UPDATE,
                instance=level,
                before=before,
                after=after,
            )
    return levels
