"""Helpers for other test packages: record the fact the identification's stage guard
asks for (a complete identification) when a test moves a cycle into pembangunan."""

from django.utils import timezone
from django_scopes import scopes_disabled

from apps.identification.models import Identification, Status


def record_complete_identification(cycle, user) -> Identification:
    """The TPU's completed identification of ``cycle`` (set-up data, not the workflow:
    tests/identification covers how it gets there). ``user`` stands for both the unit's
    filler and the deciding assessor."""
    with scopes_disabled():
        identification, _created = Identification.objects.update_or_create(
            cycle=cycle,
            defaults={
                "tenant_id": cycle.tenant_id,
                "unit_id": cycle.unit_id,
                "status": Status.COMPLETE,
                "decided_at": timezone.now(),
                "decided_by": user,
                "created_by": user,
            },
        )
    return identification
