"""The Pakta Integritas (issue 14): each employee of a unit building ZI whose pact is not
signed is reminded, H-7 to overdue, against the agency calendar's deadline for signing
(pencanangan, 31 January by default), or from their first day when placed after it;
signing cancels what is left. Only the employee's own account is told."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from apps.declaration import services
from apps.declaration.models import Placement
from apps.notifications.kinds import Kind
from apps.notifications.models import Notification
from apps.notifications.reminders import reminder_run
from apps.notifications.selectors import openable_ids
from tests.declaration.conftest import import_rows, nip, pcycle  # noqa: F401
from tests.factories import make_member

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")


def at(month, day, hour=9):
    return dt.datetime(2026, month, day, hour, tzinfo=WIB)


def run(moment):
    with time_machine.travel(moment, tick=False):
        reminder_run()


def offsets(user):
    return [
        key.split(":")[-1]
        for key in Notification.objects.filter(recipient=user, key__startswith="pact:")
        .order_by("pk")
        .values_list("key", flat=True)
    ]


@pytest.fixture
def roster(pcycle, admin, tree, staff_user, sibling_sekretaris):  # noqa: F811
    """UPT1's roster of 5 January: staff_user (linked by NIP at the import), an employee
    without an account, and one whose account is made later (found by NIP). UPT2, which
    has no cycle, has an employee with an account too."""
    with time_machine.travel(at(1, 5), tick=False):
        import_rows(
            admin,
            tree["upt"],
            (staff_user.nip, "Pegawai Berakun", "Analis"),
            (nip(901), "Tanpa Akun", "Pengemudi"),
            (nip(902), "Akun Belakangan", "Pranata"),
        )
        import_rows(admin, tree["upt2"], (nip(903), "Pegawai UPT Dua", "Analis"))
    later = make_member(pcycle.tenant, full_name="Akun Belakangan", nip=nip(902))
    upt2_person = make_member(pcycle.tenant, full_name="Pegawai UPT Dua", nip=nip(903))
    return {"staff": staff_user, "later": later, "upt2": upt2_person}


def placement_of(user):
    return Placement.objects.get(employee__nip=user.nip, ended_on__isnull=True)


def test_a_month_of_reminders_until_the_pact_is_signed(roster, tree):
    first_seen = {}
    for day in [dt.date(2026, 1, 20) + dt.timedelta(days=n) for n in range(22)]:
        if day == dt.date(2026, 1, 29):
            with scope(tenant=tree["upt"].tenant_id), time_machine.travel(at(1, 29, 8)):
                services.pact_sign(
                    actor=roster["staff"],
                    placement=placement_of(roster["staff"]),
                    ip_address="10.0.0.1",
                    agreed=True,
                )
        run(at(day.month, day.day, 7))
        run(at(day.month, day.day, 9))
        for offset in offsets(roster["later"]):
            first_seen.setdefault(offset, (day.month, day.day))
    assert first_seen == {
        "H-7": (1, 24),
        "H-3": (1, 28),
        "H-1": (1, 30),
        "H-0": (1, 31),
        "L1": (2, 1),
        "L2": (2, 8),
    }
    # Signed on the 29th: nothing after H-3.
    assert offsets(roster["staff"]) == ["H-7", "H-3"]
    # UPT2 builds no ZI this year: its employee is not reminded.
    assert offsets(roster["upt2"]) == []
    notice = Notification.objects.filter(recipient=roster["later"]).order_by("pk").first()
    assert notice.kind == Kind.PACT and notice.tenant_id == tree["upt"].tenant_id
    assert notice.title == (
        "Penandatanganan Pakta Integritas UPT Satu: batas waktu 7 hari lagi (31 Januari 2026)"
    )
    assert notice.url == reverse("declaration:my_pact")
    # An employee without a role in the unit still gets the link to their own pact.
    assert openable_ids(roster["later"], notice.tenant_id, [notice]) == {notice.pk}


def test_an_employee_placed_after_the_deadline_is_asked_from_their_first_day(
    pcycle,  # noqa: F811
    admin,
    tree,
):
    person = make_member(pcycle.tenant, full_name="Pegawai Baru", nip=nip(905))
    with time_machine.travel(at(3, 2, 8), tick=False):
        import_rows(admin, tree["upt"], (person.nip, "Pegawai Baru", "Analis"))
    run(at(3, 2, 9))
    assert offsets(person) == ["H-0"]
    key = Notification.objects.get(recipient=person).key
    assert key == f"pact:{placement_of(person).pk}:2026-03-02:H-0"


def test_a_scan_recorded_or_the_placement_ended_cancels_it(roster, tree, admin):
    run(at(1, 24))
    with scope(tenant=tree["upt"].tenant_id), time_machine.travel(at(1, 25), tick=False):
        services.placement_end(
            actor=admin,
            placement=placement_of(roster["later"]),
            ended_on=dt.date(2026, 1, 25),
            reason="Pindah tugas",
        )
    run(at(1, 28))
    assert offsets(roster["later"]) == ["H-7"]
    assert offsets(roster["staff"]) == ["H-7", "H-3"]


def test_a_run_costs_the_same_queries_for_few_or_many_employees(
    roster,
    tree,
    admin,
    django_assert_num_queries,
):
    tenant = tree["upt"].tenant
    with (
        time_machine.travel(at(1, 24), tick=False),
        scope(tenant=tenant),
        CaptureQueriesContext(connection) as few,
    ):
        reminder_run(tenants=[tenant])
    with time_machine.travel(at(1, 25), tick=False):
        import_rows(
            admin, tree["upt"], *[(nip(910 + i), f"Pegawai {i}", "Analis") for i in range(8)]
        )
    for i in range(8):
        make_member(tenant, full_name=f"Pegawai {i}", nip=nip(910 + i))
    with (
        time_machine.travel(at(1, 28), tick=False),
        scope(tenant=tenant),
        django_assert_num_queries(len(few)),
    ):
        reminder_run(tenants=[tenant])
    assert Notification.objects.filter(key__contains=":H-3").count() == 2 + 8
