"""Sending notices out: one notice now (``deliver_notice``), or the daily digest.

Both are outbox handlers (apps.core.outbox): the row that asks for the sending is written
with the notice, claimed by one conditional UPDATE when sent, so it goes out once. At
sending time the notice is checked again: an account deactivated, a membership
suspended, or (for a reminder) the work done meanwhile, and nothing is sent. Every
attempt, sent, skipped or failed, is written to the ``Delivery`` log.

The digest run (``digest_run``, hourly beat) takes each person's notices chosen for the
digest that were written before this morning's ``NOTIFICATION_DIGEST_HOUR`` in the time
zone of their unit, marks them taken and writes one outbox message for them, in one
transaction: a second run finds nothing left to take.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.outbox import outbox_add_many, outbox_handler
from apps.tenants.models import Membership
from apps.units.models import TimeZone

from . import channels, reminders
from .models import Delivery, Notification


def _sendable(user, notifications: list[Notification]) -> tuple[list[Notification], str]:
    """The notices of ``user`` still worth sending now, and, when none is, why: the
    account inactive or without e-mail, the membership of the notice's agency suspended,
    the work of a reminder done meanwhile (one query for the agencies, one per reminder
    source)."""
    if not user.is_active:
        return [], "akun tidak aktif"
    if not user.email:
        return [], "tanpa alamat e-mail"
    tenant_ids = {n.tenant_id for n in notifications if n.tenant_id is not None}
    if tenant_ids:
        with scopes_disabled():
            active = set(
                Membership.objects.filter(
                    user=user, tenant_id__in=tenant_ids, is_active=True
                ).values_list("tenant_id", flat=True)
            )
        notifications = [n for n in notifications if n.tenant_id is None or n.tenant_id in active]
        if not notifications:
            return [], "keanggotaan instansi ditangguhkan"
    still = reminders.still_due([n for n in notifications if n.key])
    notifications = [n for n in notifications if not n.key or n.pk in still]
    return notifications, "" if notifications else "pekerjaan sudah selesai"


def _log(notification, *, user, channel_name: str, status: str, detail: str = "", size=0):
    Delivery.objects.create(
        recipient=user,
        notification=notification,
        channel=channel_name,
        status=status,
        detail=detail[:500],
        digest_size=size,
    )


@outbox_handler
def deliver_notice(notification_id: int, channel: str = "email") -> bool:
    """Send one notice over one channel (False: nothing to send)."""
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None:
        return False
    user = notification.recipient
    kept, reason = _sendable(user, [notification])
    if not kept:
        _log(
            notification,
            user=user,
            channel_name=channel,
            status=Delivery.Status.SKIPPED,
            detail=reason,
        )
        return False
    try:
        detail = channels.channel(channel).send_one(notification)
    except Exception as exc:
        _log(
            notification,
            user=user,
            channel_name=channel,
            status=Delivery.Status.FAILED,
            detail=f"{exc.__class__.__name__}: {exc}",
        )
        raise
    _log(notification, user=user, channel_name=channel, status=Delivery.Status.SENT, detail=detail)
    Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    return True


@outbox_handler
def deliver_digest(user_id: int, notification_ids: list[int], channel: str = "email") -> bool:
    """Send one person's digest: the notices still worth telling, newest first."""
    notifications = list(
        Notification.objects.select_related("recipient")
        .filter(pk__in=notification_ids, recipient_id=user_id)
        .order_by("-created_at", "-pk")
    )
    if not notifications:
        return False
    user = notifications[0].recipient
    keep, _reason = _sendable(user, notifications)
    if not keep:
        _log(
            None,
            user=user,
            channel_name=channel,
            status=Delivery.Status.SKIPPED,
            detail="tidak ada yang perlu dikirim",
            size=0,
        )
        return False
    try:
        detail = channels.channel(channel).send_digest(user, keep)
    except Exception as exc:
        _log(
            None,
            user=user,
            channel_name=channel,
            status=Delivery.Status.FAILED,
            detail=f"{exc.__class__.__name__}: {exc}",
            size=len(keep),
        )
        raise
    _log(
        None,
        user=user,
        channel_name=channel,
        status=Delivery.Status.SENT,
        detail=detail,
        size=len(keep),
    )
    return True


def digest_cutoffs(now: datetime | None = None) -> dict[str, datetime]:
    """Per time zone, the latest digest hour that has passed: notices written before it
    go into the digest sent now."""
    now = now or timezone.now()
    hour = settings.NOTIFICATION_DIGEST_HOUR
    cutoffs = {}
    for zone in TimeZone.values:
        local = timezone.localtime(now, ZoneInfo(zone))
        day = local.date() if local.hour >= hour else local.date() - timedelta(days=1)
        cutoffs[zone] = datetime.combine(day, time(hour), tzinfo=ZoneInfo(zone))
    return cutoffs


def digest_run(now: datetime | None = None, *, limit: int = 5000) -> int:
    """Take what is due for the digest and write one outbox message per person; returns
    the number of digests written."""
    cutoffs = digest_cutoffs(now)
    due = Q(unit__isnull=True, created_at__lt=cutoffs[settings.TIME_ZONE])
    for zone, cutoff in cutoffs.items():
        due |= Q(unit__time_zone=zone, created_at__lt=cutoff)
    with transaction.atomic():
        rows = list(
            Notification.objects.filter(
                due, email=Notification.Email.DIGEST, emailed_at__isnull=True
            )
            .select_for_update(of=("self",), skip_locked=True)
            .order_by("pk")
            .values_list("pk", "recipient_id", "tenant_id")[:limit]
        )
        if not rows:
            return 0
        Notification.objects.filter(pk__in=[pk for pk, _r, _t in rows]).update(
            emailed_at=timezone.now()
        )
        by_person: dict[int, list[int]] = defaultdict(list)
        tenant_of: dict[int, int | None] = {}
        for pk, recipient_id, tenant_id in rows:
            by_person[recipient_id].append(pk)
            tenant_of.setdefault(recipient_id, tenant_id)
        for name in channels.channel_names():
            payloads = [
                {"user_id": user_id, "notification_ids": ids, "channel": name}
                for user_id, ids in by_person.items()
            ]
            outbox_add_many(handler=deliver_digest, payloads=payloads)
    return len(by_person)
