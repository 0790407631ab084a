"""Reading notices: a person's inbox in the active agency, the bell's count, and which
notices may still link into their object."""

from django.db.models import Count, Q, QuerySet
from django_scopes import scopes_disabled

from apps.core.access import Capability, units_where
from apps.core.http import get_or_404

from .kinds import SPECS, Kind
from .models import Notification, NotificationPreference


def inbox(user, tenant_id: int | None) -> QuerySet[Notification]:
    """``user``'s notices of the active agency and those of no agency (invitations)."""
    scope = Q(tenant__isnull=True)
    if tenant_id is not None:
        scope |= Q(tenant_id=tenant_id)
    return Notification.objects.filter(scope, recipient=user)


def unread_count(user, tenant_id: int | None) -> int:
    return inbox(user, tenant_id).filter(read_at__isnull=True).count()


def unread_elsewhere(user, tenant_id: int | None) -> list[dict]:
    """Unread notices of the person's other agencies: ``[{tenant__name, n}]``."""
    rows = Notification.objects.filter(
        recipient=user, read_at__isnull=True, tenant__isnull=False
    ).exclude(tenant_id=tenant_id)
    return list(
        rows.values("tenant_id", "tenant__name").annotate(n=Count("pk")).order_by("tenant__name")
    )


def get_notification_for_user(user, pk) -> Notification:
    """One of ``user``'s own notices (404 for anybody else's, and for a malformed id)."""
    return get_or_404(Notification.objects.filter(recipient=user), pk=pk)


def openable_ids(user, tenant_id: int | None, notifications) -> set[int]:
    """Which of ``notifications`` may still link into their object: a notice of no unit,
    or of a unit ``user`` may still read in the active agency (one query)."""
    unit_ids = {n.unit_id for n in notifications if n.unit_id and n.tenant_id == tenant_id}
    readable: set[int] = set()
    if unit_ids and tenant_id is not None:
        readable = set(
            units_where(user, Capability.UNIT_VIEW)
            .filter(pk__in=unit_ids)
            .values_list("pk", flat=True)
        )
    return {
        n.pk
        for n in notifications
        if n.url
        and (
            (n.tenant_id is None and n.unit_id is None)
            or (n.tenant_id == tenant_id and (n.unit_id is None or n.unit_id in readable))
        )
    }


def can_open(user, tenant_id: int | None, notification: Notification) -> bool:
    return notification.pk in openable_ids(user, tenant_id, [notification])


def preferences_of(user) -> list[dict]:
    """Every kind with the person's e-mail mode and the modes they may choose."""
    with scopes_disabled():
        chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return [
        {
            "kind": kind,
            "label": kind.label,
            "email": chosen.get(kind.value, SPECS[kind].default),
            "allowed": SPECS[kind].allowed_modes(),
            "default": SPECS[kind].default,
        }
        for kind in Kind
    ]
