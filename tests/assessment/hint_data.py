"""Records the "menurut data portal" hints read, made for UPT1's cycle: the Tim Kerja and
its decree through apps.teams' services, a Rencana Kerja ratified through apps.workplan's
services, and Pokja tasks in a given status (rows, for counts at exact boundaries)."""

import datetime

import time_machine
from django.utils import timezone
from django_scopes import scope

from apps.teams import services as teams
from apps.workplan import services as workplan
from apps.workplan.models import PlanItem, Task, TaskStatus
from tests.factories import pdf, plan_item_values

DONE_ON = datetime.date(2026, 11, 30)


def team(cycle, admin, people, *, decree=True, signed_on=datetime.date(2026, 1, 10)):
    """``people`` join the Tim Kerja (first as Ketua Tim, then Anggota Pokja MP); with
    ``decree`` the SK Tim Kerja is uploaded."""
    with scope(tenant=cycle.tenant_id):
        if decree:
            teams.decree_upload(
                actor=admin,
                cycle=cycle,
                kind="tim_kerja",
                number="KPTS/UPT1/01/2026",
                signed_on=signed_on,
                uploaded=pdf("sk-tim.pdf"),
            )
        for i, user in enumerate(people):
            function, area = ("ketua_tim", "") if i == 0 else ("anggota", "MP")
            teams.member_add(actor=admin, cycle=cycle, user=user, function=function, area=area)


RATIFIED_ON = datetime.date(2026, 1, 5)


def plan(cycle, ketua_tim, approver, head=None, months_per_item=([1, 2],), on=RATIFIED_ON):
    """A Rencana Kerja of MP items, one per entry of ``months_per_item``, approved by
    ``approver`` (Ketua Pokja MP) and, with ``head``, ratified on the day ``on``."""
    with scope(tenant=cycle.tenant_id):
        revision = workplan.plan_start(actor=ketua_tim, cycle=cycle)
        for i, months in enumerate(months_per_item):
            workplan.plan_item_add(
                actor=ketua_tim,
                revision=revision,
                questions=[],
                **plan_item_values("MP", action=f"Kegiatan {i + 1}", months=list(months)),
            )
        workplan.plan_area_approve(actor=approver, revision=revision, area="MP")
        if head is not None:
            moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(9)))
            with time_machine.travel(moment, tick=False):
                revision = workplan.plan_ratify(actor=head, revision=revision)
        return revision


def items(revision) -> list[PlanItem]:
    with scope(tenant=revision.tenant_id):
        return list(revision.items.order_by("order", "id"))


def tasks(item, month, statuses, done_on=DONE_ON, year=2026):
    """One task of ``item`` due on the 15th of ``month`` per status in ``statuses``; the
    done ones finished on ``done_on``."""
    done_at = timezone.make_aware(datetime.datetime.combine(done_on, datetime.time(10)))
    Task.objects.bulk_create(
        Task(
            tenant_id=item.tenant_id,
            cycle_id=item.revision.cycle_id,
            unit_id=item.revision.unit_id,
            item=item,
            area=item.area,
            title=f"Tugas {month}/{n}",
            due_on=datetime.date(year, month, 15),
            status=status,
            done_at=done_at if status == TaskStatus.TELAH else None,
        )
        for n, status in enumerate(statuses)
    )
