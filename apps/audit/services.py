"""The one way to write an audit record. Call it inside the service's transaction."""

from typing import Any

from django.db import models

from .actions import AuditAction
from .models import AuditEvent


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """JSON-safe values of ``fields`` (foreign keys as their ids)."""
    data: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname)
        if value is not None and not isinstance(value, str | int | float | bool):
            value = str(value)
        data[name] = value
    return data


def audit_record(
    *,
    actor,
    tenant,
    action: AuditAction,
    instance: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditEvent:
    """Record ``action`` on ``instance``. ``action`` must be an ``AuditAction`` member:
    a free-text string (even one equal to a member's value) is refused, so every kind
    of change is enumerated, labelled and offered by the audit page's filter."""
    if not isinstance(action, AuditAction):
        raise ValueError(f"audit_record: {action!r} is not an AuditAction member")
    return AuditEvent.objects.create(
        tenant=tenant,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action.value,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        before=before,
        after=after,
        reason=reason,
    )
