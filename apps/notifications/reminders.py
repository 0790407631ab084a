"""Deadline reminders: H-7, H-3, H-1, the day itself, then weekly while overdue.

Each app that owns work with a deadline contributes a *source* (dotted paths in
``REMINDER_SOURCES``): a class with a ``name`` (the first part of a reminder's key), and

- ``open_work(tenant, until) -> Iterable[Due]``: the work of one agency still to do whose
  deadline is on or before ``until``, each with the people who must act (not everyone
  in the unit), its unit's time zone, title and link;
- ``still_open(object_ids) -> set[int]``: which of these objects still wait (asked just
  before an e-mail leaves: a reminder for work done meanwhile is not sent).

The run (``reminder_run``, hourly beat) takes, for every open piece of work, the latest
offset whose day has come in the unit's time zone, counted from
``NOTIFICATION_REMINDER_HOUR`` (a reminder never arrives at night), and writes a notice
keyed (source, object, deadline, offset) for each person. The key is unique per person:
a run twice in the same hour, a task retried, a worker killed mid-run and started again
write each reminder once; a run missed while the worker was down is caught up by the
next, with the latest offset only (nobody gets H-7, H-3 and H-1 at once). Work done is
simply no longer open: no later reminder is written for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from apps.units.models import TimeZone

from .services import Notice, notify_many

DAYS_BEFORE = (7, 3, 1, 0)
OVERDUE_EVERY = 7


@dataclass(frozen=True)
class Due:
    """One open piece of work with a deadline."""

    object_id: int
    model: type
    tenant_id: int
    unit_id: int | None
    time_zone: str
    due_on: date
    recipients: frozenset[int]
    # What is to be done (e.g. "Tugas \u201cSosialisasi\u201d") and where: text, or a
    # function making it, called only for the work whose reminder is written now.
    title: str | Callable[[], str]
    url: str | Callable[[], str]

    def text(self) -> str:
        return self.title() if callable(self.title) else self.title

    def link(self) -> str:
        return self.url() if callable(self.url) else self.url


class ReminderSource:
    name = ""
    kind_due = ""
    kind_overdue = ""

    def open_work(self, tenant, until: date) -> Iterable[Due]:
        raise NotImplementedError

    def still_open(self, object_ids: set[int]) -> set[int]:
        raise NotImplementedError


@cache
def sources() -> dict[str, ReminderSource]:
    instances = [import_string(path)() for path in settings.REMINDER_SOURCES]
    return {source.name: source for source in instances}


def local_day(now: datetime, zone: str) -> date:
    """The day whose reminders are due at ``now`` in ``zone``: today from the reminder
    hour on, yesterday before it."""
    local = timezone.localtime(now, ZoneInfo(zone))
    return (local - timedelta(hours=settings.NOTIFICATION_REMINDER_HOUR)).date()


def offset_for(due_on: date, day: date) -> str | None:
    """The reminder due on ``day`` for a deadline on ``due_on``: ``"H-7"`` … ``"H-0"``,
    ``"L1"`` the day after, ``"L2"`` a week later and so on; None more than a week ahead."""
    ahead = (due_on - day).days
    if ahead > DAYS_BEFORE[0]:
        return None
    if ahead >= 0:
        return f"H-{min(k for k in DAYS_BEFORE if k >= ahead)}"
    late = -ahead
    return f"L{(late - 1) // OVERDUE_EVERY + 1}"


def _wording(due: Due, offset: str) -> str:
    when = date_format(due.due_on, "j F Y")
    if offset == "H-0":
        return _("Hari ini batas waktu: %(what)s") % {"what": due.text()}
    if offset.startswith("H-"):
        return _("%(what)s: batas waktu %(days)s hari lagi (%(date)s)") % {
            "what": due.text(),
            "days": offset[2:],
            "date": when,
        }
    return _("%(what)s melewati batas waktu %(date)s") % {"what": due.text(), "date": when}


def notices_for(source: ReminderSource, work: Iterable[Due], now: datetime):
    """The (recipients, notice) pairs due at ``now`` for ``work`` that were not written
    before (one indexed read of the keys; the words and links are made only for those)."""
    days = {zone: local_day(now, zone) for zone in TimeZone.values}
    due_now = []
    for due in work:
        offset = offset_for(due.due_on, days[due.time_zone])
        if offset is not None and due.recipients:
            key = f"{source.name}:{due.object_id}:{due.due_on.isoformat()}:{offset}"
            due_now.append((due, offset, key))
    if not due_now:
        return
    from .models import Notification

    sent: dict[str, set[int]] = {}
    for recipient_id, key in Notification.objects.filter(
        key__in=[key for _due, _offset, key in due_now]
    ).values_list("recipient_id", "key"):
        sent.setdefault(key, set()).add(recipient_id)
    for due, offset, key in due_now:
        recipients = due.recipients - sent.get(key, set())
        if not recipients:
            continue
        kind = source.kind_overdue if offset.startswith("L") else source.kind_due
        yield (
            recipients,
            Notice(
                kind=kind,
                title=_wording(due, offset),
                url=due.link(),
                tenant_id=due.tenant_id,
                unit_id=due.unit_id,
                content_type_id=ContentType.objects.get_for_model(due.model).pk,
                object_id=due.object_id,
                key=key,
            ),
        )


def reminder_run(now: datetime | None = None, *, tenants=None) -> int:
    """Write the reminders due at ``now`` for every agency; returns how many were new."""
    from apps.core.tasks import each_tenant

    now = now or timezone.now()
    # The furthest day any zone has reached, plus the week of H-7.
    until = max(local_day(now, zone) for zone in TimeZone.values) + timedelta(days=DAYS_BEFORE[0])
    written = 0
    for tenant in tenants if tenants is not None else each_tenant():
        for source in sources().values():
            batch = list(notices_for(source, source.open_work(tenant, until), now))
            written += len(notify_many(batch))
    return written


def still_due(notifications) -> set[int]:
    """Ids of the reminder notices (of ``notifications``) whose work still waits."""
    wanted: dict[str, dict[int, list[int]]] = {}
    for notification in notifications:
        name = notification.key.split(":", 1)[0]
        if name in sources() and notification.object_id is not None:
            wanted.setdefault(name, {}).setdefault(notification.object_id, []).append(
                notification.pk
            )
    result: set[int] = set()
    # Asked by the sender, outside any request: the objects are named by the notices' own
    # keys (of their own agency), so the lookup by primary key spans agencies on purpose.
    with scopes_disabled():
        for name, by_object in wanted.items():
            for object_id in sources()[name].still_open(set(by_object)):
                result.update(by_object.get(object_id, ()))
    # A notice whose key names no source (the source was removed): nothing to ask.
    result.update(n.pk for n in notifications if n.key and n.key.split(":", 1)[0] not in sources())
    return result
