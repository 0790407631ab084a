"""The nudge ("Kirim pengingat"): a unit's head, its Ketua Tim or an Admin Instansi over
it reminds, on one cycle, everyone who has not signed the Pakta Integritas or whose tasks
are past their due date. This module reads who that is (``nudge_preview``); the send is
``services.nudge.nudge_send``.

It lives in the work plan because that is the lowest layer that may read both sources:
the pacts (apps.declaration, below) and the tasks (this app); notifications, below both,
only delivers. Each source's query stays in its own app's selectors
(``declaration.selectors.unsigned_pacts``, ``selectors.overdue_by_person``).

A person is nudged once per (cycle, reason) in 24 hours: the notice carries the key
``nudge:<cycle>:<reason>:<time>`` and the preview marks whoever has one younger than a day.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import quote
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.models import User
from apps.cycles.models import Cycle
from apps.declaration.selectors import unsigned_pacts
from apps.identification.checks import normalize_phone
from apps.notifications.kinds import Kind
from apps.notifications.models import Notification

from .selectors import overdue_by_person

QUIET = datetime.timedelta(hours=24)


class Reason(models.TextChoices):
    PACT = "pakta", gettext_lazy("Belum menandatangani Pakta Integritas")
    TASKS = "tugas", gettext_lazy("Tugas melewati batas waktu")


@dataclass
class Pending:
    """One person to remind: what waits for them, where they do it, and when they were
    last nudged for it (None: not in the last 24 hours)."""

    user: User
    items: list[str]
    url: str
    nudged_at: datetime.datetime | None = None

    @property
    def may_send(self) -> bool:
        return self.nudged_at is None

    @property
    def again_at(self) -> datetime.datetime | None:
        return self.nudged_at + QUIET if self.nudged_at else None


def key_prefix(cycle: Cycle, reason: str) -> str:
    return f"nudge:{cycle.pk}:{reason}:"


def unit_today(cycle: Cycle) -> datetime.date:
    """Today in the unit's time zone (WIB/WITA/WIT): a task due yesterday there is late."""
    return timezone.localtime(timezone.now(), ZoneInfo(cycle.unit.time_zone)).date()


def nudge_preview(cycle: Cycle, reason: str) -> tuple[list[Pending], list[str]]:
    """Who would be reminded of ``reason`` on ``cycle``, by name, and the names of those
    who cannot be (no portal account): a fixed number of queries, however many."""
    reason = Reason(reason)
    without_account: list[str] = []
    if reason == Reason.PACT:
        unsigned = unsigned_pacts(cycle.unit)
        without_account = unsigned.without_account
        url = reverse("declaration:my_pact")
        pending = [
            Pending(
                user=user,
                items=[
                    _("Pakta Integritas sebagai %(position)s") % {"position": position}
                    for position in positions
                ],
                url=url,
            )
            for user, positions in unsigned.people.items()
        ]
    else:
        pending = [
            Pending(
                user=user,
                items=[
                    _("%(title)s (batas %(date)s)")
                    % {"title": task.title, "date": date_format(task.due_on, "j M Y")}
                    for task in tasks
                ],
                url=(
                    reverse("workplan:task", args=[tasks[0].pk])
                    if len(tasks) == 1
                    else reverse("workplan:my_tasks")
                ),
            )
            for user, tasks in overdue_by_person(cycle, unit_today(cycle)).items()
        ]
    pending.sort(key=lambda p: (p.user.full_name.lower(), p.user.pk))
    last = last_nudged(cycle, reason, [p.user.pk for p in pending])
    for p in pending:
        p.nudged_at = last.get(p.user.pk)
    return pending, without_account


def last_nudged(cycle: Cycle, reason: str, user_ids: list[int]) -> dict[int, datetime.datetime]:
    """Each person's latest nudge for (cycle, reason) in the last 24 hours (one query)."""
    rows = (
        Notification.objects.filter(
            recipient_id__in=user_ids,
            kind=Kind.NUDGE,
            key__startswith=key_prefix(cycle, reason),
            created_at__gt=timezone.now() - QUIET,
        )
        .values("recipient_id")
        .annotate(last=models.Max("created_at"))
    )
    return {row["recipient_id"]: row["last"] for row in rows}


def notice_text(cycle: Cycle, reason: str, pending: Pending, *, sender: User) -> tuple[str, str]:
    """(title, body) of the notice to one person."""
    unit = cycle.unit.name
    if reason == Reason.PACT:
        title = _("Pengingat: tanda tangani Pakta Integritas di %(unit)s") % {"unit": unit}
        what = _("Anda belum menandatangani Pakta Integritas:")
    else:
        count = len(pending.items)
        title = _("Pengingat: %(n)s tugas melewati batas waktu di %(unit)s") % {
            "n": count,
            "unit": unit,
        }
        what = _("Tugas Anda yang melewati batas waktu dan belum selesai:")
    lines = [
        _("%(name)s mengingatkan Anda.") % {"name": sender.full_name},
        what,
        *(f"- {item}" for item in pending.items),
    ]
    return title, "\n".join(lines)


def whatsapp_number(phone: str) -> str:
    """The number as wa.me takes it: international, digits only (``0812…`` → ``62812…``);
    empty when the phone is not an Indonesian number the portal recognises."""
    try:
        return normalize_phone(phone).removeprefix("+")
    except ValidationError:
        return ""


def whatsapp_link(cycle: Cycle, reason: str, pending: Pending, *, sender: User) -> str:
    """A wa.me link with the prepared message, for the sender's own phone; empty without
    a usable number."""
    number = whatsapp_number(pending.user.phone)
    if not number:
        return ""
    link = settings.SITE_URL.rstrip("/") + pending.url
    if reason == Reason.PACT:
        ask = _("mohon segera menandatangani Pakta Integritas %(unit)s di Portal ZI.")
    else:
        ask = _("mohon segera menyelesaikan tugas ZI %(unit)s yang melewati batas waktu:")
    lines = [
        _("Yth. %(name)s,") % {"name": pending.user.full_name},
        ask % {"unit": cycle.unit.name},
    ]
    if reason == Reason.TASKS:
        lines += [f"- {item}" for item in pending.items]
    lines += [
        _("Buka: %(link)s") % {"link": link},
        _("Terima kasih. %(name)s") % {"name": sender.full_name},
    ]
    return f"https://wa.me/{number}?text={quote(chr(10).join(lines), safe='')}"
