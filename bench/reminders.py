"""Benchmark: one reminder run and one digest run over a large agency (issue 14).

    .venv/bin/python bench/reminders.py [--units 2000] [--tasks-per-unit 10]
        [--database zi_bench_reminders] [--fresh]

Works in its own PostgreSQL database (``zi_bench_reminders``, created on first use and
migrated every run). Each run builds, with bulk inserts, a new agency of ``--units``
UPTs (units in all three time zones), two Pokja members per unit, and
``--tasks-per-unit`` open tasks per unit (20 000 by default) due between three weeks ago
and ten days ahead, each assigned to one or both members; then a tenth of that agency
as a second one, to show how the figures grow. For each size it prints:

1. **Reminder run** (the hourly beat, 09:00 WIB): time, SQL queries, notices written,
   people reminded, queries per person reminded; then the same run again (the beat
   firing twice: nothing new may be written) with its time and queries.
2. **Digest run** the next morning (07:00 WIB): digests written (one outbox message per
   person), time, queries, queries per person.
3. **Sending**: a sample of the outbox messages delivered through the real sender
   (locmem e-mail backend): milliseconds and queries per message.

Queries per person must not grow with the size (the runs work in batches per agency).
Not a test: it only prints figures.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import bench_environment, ensure_database, ratified_plan_items, setup_django

ZONES = ["Asia/Jakarta"] * 6 + ["Asia/Makassar"] * 3 + ["Asia/Jayapura"]


def build(units: int, tasks_per_unit: int, today: datetime.date):
    """A new agency: ``units`` UPTs, two members each, open tasks around ``today``."""
    from django.utils import timezone

    from apps.accounts.models import RoleAssignment, User
    from apps.accounts.roles import Role
    from apps.accounts.services import tenant_create
    from apps.cycles.models import Cycle
    from apps.demo.agency import lke_templates_ensure
    from apps.lke.models import TemplateVersion
    from apps.tenants.models import Membership
    from apps.units.models import Unit, UnitType
    from apps.workplan.models import Task

    now = timezone.now()
    lke_templates_ensure(stdout=sys.stdout)
    template = TemplateVersion.objects.get(code="lke-2021")
    code = f"REM{time.time_ns() % 10**8}"
    tenant = tenant_create(
        actor=None, name=f"Kementerian Pengingat {code}", code=code, kind="lembaga"
    )
    root = Unit.objects.get(tenant=tenant, depth=1)
    upt = UnitType.objects.get(tenant=tenant, code="upt")
    Unit.objects.bulk_create(
        [
            Unit(
                tenant=tenant,
                code=f"U{i:05d}",
                name=f"Balai {i:05d}",
                unit_type=upt,
                path=Unit._get_path(root.path, 2, i),
                depth=2,
                numchild=0,
                time_zone=ZONES[i % len(ZONES)],
            )
            for i in range(1, units + 1)
        ]
    )
    Unit.objects.filter(pk=root.pk).update(numchild=units)
    upts = list(Unit.objects.filter(tenant=tenant, depth=2).order_by("path"))
    users = User.objects.bulk_create(
        [
            User(email=f"anggota.{i}.{k}@{code.lower()}.go.id", full_name=f"Anggota {i}-{k}")
            for i in range(1, units + 1)
            for k in (1, 2)
        ]
    )
    Membership.objects.bulk_create([Membership(tenant=tenant, user=u) for u in users])
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(
                tenant=tenant, user=u, unit=upts[n // 2], role=Role.ANGGOTA_POKJA, area="MP"
            )
            for n, u in enumerate(users)
        ]
    )
    cycles = Cycle.objects.bulk_create(
        [
            Cycle(
                tenant=tenant,
                unit=unit,
                year=today.year,
                name="Pembangunan ZI",
                target="wbk",
                template=template,
                stage="pembangunan",
            )
            for unit in upts
        ]
    )
    items = ratified_plan_items(tenant, cycles, now)
    tasks = Task.objects.bulk_create(
        [
            Task(
                tenant=tenant,
                cycle=c,
                unit=c.unit,
                item=item,
                area="MP",
                title=f"Tugas {t + 1}",
                due_on=today + datetime.timedelta(days=(k * 7 + t * 3) % 31 - 20),
                status="belum" if t % 2 else "sedang",
            )
            for k, (c, item) in enumerate(zip(cycles, items, strict=True))
            for t in range(tasks_per_unit)
        ]
    )
    through = Task.assignees.through
    through.objects.bulk_create(
        [
            through(task_id=task.pk, user_id=users[2 * (n // tasks_per_unit) + k].pk)
            for n, task in enumerate(tasks)
            for k in ((0, 1) if n % 3 == 0 else (n % 2,))
        ]
    )
    return tenant, len(tasks)


def counted(fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        t = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - t
    return result, elapsed, len(queries)


def measure(tenant, tasks: int, label: str) -> dict:
    import time_machine
    from django.core import mail
    from django_scopes import scope

    from apps.core.models import OutboxMessage
    from apps.core.outbox import outbox_deliver
    from apps.notifications.delivery import digest_run
    from apps.notifications.models import Notification
    from apps.notifications.reminders import reminder_run

    wib = datetime.timezone(datetime.timedelta(hours=7))
    today = datetime.date.today()
    morning = datetime.datetime.combine(today, datetime.time(9), tzinfo=wib)
    figures = {"label": label, "tasks": tasks}
    with scope(tenant=tenant.pk), time_machine.travel(morning, tick=False):
        written, seconds, queries = counted(lambda: reminder_run(tenants=[tenant]))
        people = (
            Notification.objects.filter(tenant=tenant).values("recipient_id").distinct().count()
        )
        figures.update(written=written, people=people, run_s=seconds, run_q=queries)
        again, seconds, queries = counted(lambda: reminder_run(tenants=[tenant]))
        assert again == 0, again
        figures.update(again_s=seconds, again_q=queries)
    next_morning = morning + datetime.timedelta(days=1, hours=-2)
    before = set(OutboxMessage.objects.values_list("pk", flat=True))
    with time_machine.travel(next_morning, tick=False):
        digests, seconds, queries = counted(digest_run)
        figures.update(digests=digests, digest_s=seconds, digest_q=queries)
        sample = list(
            OutboxMessage.objects.exclude(pk__in=before)
            .order_by("pk")
            .values_list("pk", flat=True)[:50]
        )
        mail.outbox = []
        times, per_message = [], []
        for pk in sample:
            _sent, seconds, queries = counted(lambda pk=pk: outbox_deliver(pk))
            times.append(seconds * 1000)
            per_message.append(queries)
        figures.update(
            send_ms=statistics.median(times),
            send_q=statistics.median(per_message),
            sent=len(mail.outbox),
        )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--tasks-per-unit", type=int, default=10)
    parser.add_argument("--database", default="zi_bench_reminders")
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()
    ensure_database(args.database, fresh=args.fresh)
    setup_django(
        bench_environment(
            args.database, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
        )
    )
    from django.conf import settings
    from django_scopes import scopes_disabled

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    today = datetime.date.today()
    results = []
    for units in (max(1, args.units // 10), args.units):
        t = time.perf_counter()
        with scopes_disabled():
            tenant, tasks = build(units, args.tasks_per_unit, today)
        print(
            f"built {units} units, {2 * units} people, {tasks} open tasks in "
            f"{time.perf_counter() - t:.1f} s"
        )
        results.append(measure(tenant, tasks, f"{units} units"))
    print()
    header = (
        f"{'size':>12} {'tasks':>7} | {'notices':>7} {'people':>6} {'run s':>6} "
        f"{'q':>4} {'q/person':>8} | {'again s':>7} {'q':>4} | {'digests':>7} "
        f"{'s':>5} {'q':>4} {'q/person':>8} | {'send ms':>7} {'q/msg':>5}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r['label']:>12} {r['tasks']:>7} | {r['written']:>7} {r['people']:>6} "
            f"{r['run_s']:>6.2f} {r['run_q']:>4} {r['run_q'] / max(1, r['people']):>8.3f} | "
            f"{r['again_s']:>7.2f} {r['again_q']:>4} | {r['digests']:>7} "
            f"{r['digest_s']:>5.2f} {r['digest_q']:>4} "
            f"{r['digest_q'] / max(1, r['digests']):>8.3f} | {r['send_ms']:>7.1f} "
            f"{r['send_q']:>5.0f}"
        )
    small, large = results
    print(
        f"\ngrowth {small['label']} → {large['label']}: reminder run "
        f"{large['run_s'] / small['run_s']:.1f}x for {large['tasks'] / small['tasks']:.0f}x "
        f"the tasks; queries {small['run_q']} → {large['run_q']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
