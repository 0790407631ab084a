"""Deadline reminders over a whole month (issue 14): H-7, H-3, H-1, the day itself, then
weekly while overdue; at the reminder hour in the unit's time zone; once per key under a
double beat, a retried task or a run killed midway; cancelled by completion."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django_scopes import scopes_disabled

from apps.core.outbox import outbox_send_pending
from apps.notifications.delivery import digest_run
from apps.notifications.kinds import Kind
from apps.notifications.models import Delivery, Notification
from apps.notifications.reminders import offset_for, reminder_run
from apps.notifications.services import preference_set
from apps.workplan import services as workplan

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
WIT = ZoneInfo("Asia/Jayapura")


def at(day: int, hour: int, zone=WIB, month: int = 2):
    return dt.datetime(2026, month, day, hour, 0, tzinfo=zone)


def reminders_of(user):
    return list(
        Notification.objects.filter(recipient=user, kind__in=[Kind.TASK_DUE, Kind.TASK_OVERDUE])
        .order_by("pk")
        .values_list("key", flat=True)
    )


def offsets(keys):
    return [key.rsplit(":", 1)[1] for key in keys]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 2, 7), None),
        (dt.date(2026, 2, 8), "H-7"),
        (dt.date(2026, 2, 11), "H-7"),
        (dt.date(2026, 2, 12), "H-3"),
        (dt.date(2026, 2, 14), "H-1"),
        (dt.date(2026, 2, 15), "H-0"),
        (dt.date(2026, 2, 16), "L1"),
        (dt.date(2026, 2, 22), "L1"),
        (dt.date(2026, 2, 23), "L2"),
        (dt.date(2026, 3, 2), "L3"),
    ],
)
def test_the_offset_of_a_day(day, expected):
    assert offset_for(dt.date(2026, 2, 15), day) == expected


def test_a_month_of_reminders_for_a_task_due_on_the_15th(task, anggota, member):
    # task.due_on is 15 February 2026, UPT1 is in WIB; the reminder hour is 08:00.
    run_days = [(d, h) for d in range(1, 29) for h in (7, 8, 13)]
    seen = []
    for day, hour in run_days:
        with time_machine.travel(at(day, hour), tick=False), scopes_disabled():
            reminder_run()
            reminder_run()  # the beat firing twice in the same hour
        seen.append(((day, hour), offsets(reminders_of(anggota))))
    first_seen = {}
    for when, keys in seen:
        for key in keys:
            first_seen.setdefault(key, when)
    assert first_seen == {
        "H-7": (8, 8),
        "H-3": (12, 8),
        "H-1": (14, 8),
        "H-0": (15, 8),
        "L1": (16, 8),
        "L2": (23, 8),
    }
    assert reminders_of(member) == []  # the Ketua Pokja made the task; only assignees act
    kinds = list(
        Notification.objects.filter(recipient=anggota, key__startswith="task:")
        .order_by("pk")
        .values_list("kind", flat=True)
    )
    assert kinds == [Kind.TASK_DUE] * 4 + [Kind.TASK_OVERDUE] * 2


def test_completing_the_task_cancels_what_is_left(task, anggota):
    with time_machine.travel(at(14, 9), tick=False), scopes_disabled():
        reminder_run()
    assert offsets(reminders_of(anggota)) == ["H-1"]  # caught up: only the latest offset
    with time_machine.travel(at(15, 7), tick=False), scopes_disabled():
        workplan.task_set_status(actor=anggota, task=task, status="telah")
    for day in (15, 16, 23):
        with time_machine.travel(at(day, 9), tick=False), scopes_disabled():
            reminder_run()
    assert offsets(reminders_of(anggota)) == ["H-1"]


def test_a_reminder_in_the_digest_is_dropped_when_the_work_is_done_before_it_leaves(task, anggota):
    mail.outbox.clear()
    # task_due goes to the digest by default.
    with time_machine.travel(at(8, 9), tick=False), scopes_disabled():
        reminder_run()
        workplan.task_set_status(actor=anggota, task=task, status="telah")
    with time_machine.travel(at(9, 7, WIB), tick=False), scopes_disabled():
        assert digest_run() == 1
        outbox_send_pending()
    assert mail.outbox == []
    delivery = Delivery.objects.get(recipient=anggota)
    assert (delivery.status, delivery.digest_size) == (Delivery.Status.SKIPPED, 0)


def test_an_overdue_reminder_is_mailed_at_once_and_only_once(task, anggota):
    mail.outbox.clear()
    with time_machine.travel(at(16, 8), tick=False), scopes_disabled():
        reminder_run()
        reminder_run()
        assert outbox_send_pending() == 1
        assert outbox_send_pending() == 0
    assert [m.to for m in mail.outbox] == [[anggota.email]]
    message = mail.outbox[0]
    assert "melewati batas waktu" in message.subject
    assert "/rencana-kerja/tugas/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_run_killed_midway_writes_nothing_and_the_next_one_writes_each_reminder_once(
    task, anggota
):
    class Killed(Exception):
        pass

    with time_machine.travel(at(8, 8), tick=False), scopes_disabled():
        with pytest.raises(Killed), transaction.atomic():
            reminder_run()
            raise Killed  # the worker died before its transaction committed
        assert reminders_of(anggota) == []
        reminder_run()  # the retried task
        reminder_run()
    assert offsets(reminders_of(anggota)) == ["H-7"]


def test_reminders_follow_the_unit_time_zone(task, anggota, tree):
    upt = tree["upt"]
    upt.time_zone = "Asia/Jayapura"  # WIT, UTC+9
    upt.save(update_fields=["time_zone"])
    # 07:30 WIT on 8 February: before the hour, nothing yet.
    moment = dt.datetime(2026, 2, 8, 7, 30, tzinfo=WIT)
    with time_machine.travel(moment, tick=False), scopes_disabled():
        reminder_run()
    assert reminders_of(anggota) == []
    # 08:00 WIT = 06:00 WIB: the unit in Papua gets its H-7 while Jakarta still sleeps.
    moment = dt.datetime(2026, 2, 8, 8, 0, tzinfo=WIT)
    with time_machine.travel(moment, tick=False), scopes_disabled():
        reminder_run()
    assert offsets(reminders_of(anggota)) == ["H-7"]


def test_a_suspended_member_gets_no_reminder(task, anggota, tenant):
    from apps.tenants.models import Membership

    with scopes_disabled():
        Membership.objects.filter(user=anggota, tenant=tenant).update(is_active=False)
        with time_machine.travel(at(16, 8), tick=False):
            reminder_run()
    assert reminders_of(anggota) == []


def digests():
    return [m for m in mail.outbox if "Ringkasan harian" in m.subject]


def test_digest_groups_a_morning_of_notices_in_one_mail_once(task, anggota):
    with scopes_disabled():
        preference_set(user=anggota, kind=Kind.TASK_OVERDUE, email="digest")
    mail.outbox.clear()
    with time_machine.travel(at(8, 9), tick=False), scopes_disabled():
        reminder_run()  # H-7 on 8 February 09:00 (the digest by default)
    with time_machine.travel(at(12, 9), tick=False), scopes_disabled():
        reminder_run()  # H-3 on 12 February 09:00
    with time_machine.travel(at(13, 7), tick=False), scopes_disabled():
        assert digest_run() == 1  # one mail for both, on the 13th at 07:00
        assert digest_run() == 0
        outbox_send_pending()
    assert len(digests()) == 1
    assert "2 pemberitahuan" in digests()[0].subject
    assert digests()[0].body.count("/rencana-kerja/tugas/") == 2
    with time_machine.travel(at(16, 9), tick=False), scopes_disabled():
        reminder_run()  # L1 after this morning's digest hour: waits for tomorrow
        assert digest_run() == 0
    with time_machine.travel(at(17, 6), tick=False), scopes_disabled():
        assert digest_run() == 0  # before the digest hour
    with time_machine.travel(at(17, 7), tick=False), scopes_disabled():
        assert digest_run() == 1
        assert digest_run() == 0
        outbox_send_pending()
        outbox_send_pending()
    assert len(digests()) == 2
    assert "melewati batas waktu" in digests()[1].body


def test_the_beat_jobs_and_the_sender_run_outside_any_scope(task, anggota):
    """The worker has no request scope: the jobs open what they need themselves."""
    from django_scopes import scope

    from apps.notifications.tasks import send_digests, send_reminders

    mail.outbox.clear()
    with time_machine.travel(at(8, 9), tick=False), scope():
        assert send_reminders.apply().get() == 1  # H-7 (digest)
    with time_machine.travel(at(16, 9), tick=False), scope():
        assert send_reminders.apply().get() == 1  # L1 (immediate)
        outbox_send_pending()
    with time_machine.travel(at(17, 7), tick=False), scope():
        assert send_digests.apply().get() == 1
        outbox_send_pending()
    # The overdue notice at once, then the digest with H-7 (the task's own "assigned"
    # e-mail was written in December, the fixture's real present, and is not due yet).
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 2
    assert "melewati batas waktu" in subjects[0]
    assert "Ringkasan harian: 1 pemberitahuan" in subjects[1]
