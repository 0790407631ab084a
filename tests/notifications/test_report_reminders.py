"""Report deadlines (issue 14): a drafted report reminds the people who complete it, H-7
to overdue, against its period's deadline in the agency calendar; submitting it cancels
what is left and hands the reminders to the Pimpinan Unit until they approve it. A
constant number of queries per run, however many units report."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from apps.accounts.roles import Role
from apps.cycles.models import CalendarEntry
from apps.cycles.services import calendar_ensure
from apps.notifications.kinds import Kind
from apps.notifications.models import Notification
from apps.notifications.reminders import reminder_run
from apps.reports import services
from tests.conftest import person
from tests.factories import CycleFactory, make_unit
from tests.reports.conftest import complete, draft_all, report_of

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")


def at(month, day, hour=9):
    return dt.datetime(2026, month, day, hour, tzinfo=WIB)


def run(moment):
    with time_machine.travel(moment, tick=False):
        reminder_run()


def offsets(user, source="report"):
    return [
        key.split(":")[-1]
        for key in Notification.objects.filter(recipient=user, key__startswith=f"{source}:")
        .order_by("pk")
        .values_list("key", flat=True)
    ]


@pytest.fixture
def january(cycle, tenant, ketua_tim, sekretaris, member, unit_leader, anggota, pokja_tl):
    """January's monev, drafted on 2 February; the agency set its deadline to 20 February."""
    calendar_ensure(tenant=tenant, year=2026)
    CalendarEntry.objects.filter(tenant=tenant, year=2026, key="laporan_monev_01").update(
        due_on=dt.date(2026, 2, 20)
    )
    draft_all(tenant, at(2, 2))
    Notification.objects.all().delete()  # the "drafted" notices
    return report_of(cycle, 1)


def test_a_month_of_reminders_for_the_writers_of_a_report(
    january, ketua_tim, sekretaris, member, unit_leader, anggota, pokja_tl, sibling_sekretaris
):
    first_seen = {}
    for day in [dt.date(2026, 2, 2) + dt.timedelta(days=n) for n in range(36)]:
        for hour in (7, 9):
            run(at(day.month, day.day, hour))
        for offset in offsets(ketua_tim):
            first_seen.setdefault(offset, (day.month, day.day))
    assert first_seen == {
        "H-7": (2, 13),
        "H-3": (2, 17),
        "H-1": (2, 19),
        "H-0": (2, 20),
        "L1": (2, 21),
        "L2": (2, 28),
        "L3": (3, 7),
    }
    # The same reminders, once each, for every writer; nobody else.
    assert offsets(sekretaris) == offsets(member) == offsets(ketua_tim)
    for other in (unit_leader, anggota, pokja_tl, sibling_sekretaris):
        assert not Notification.objects.filter(recipient=other).exists()
    notice = Notification.objects.filter(recipient=member).order_by("pk").first()
    assert notice.kind == Kind.REPORT_DUE and notice.unit_id == january.unit_id
    assert notice.title == (
        "Laporan Monitoring dan Evaluasi Januari 2026 UPT Satu: batas waktu 7 hari lagi "
        "(20 Februari 2026)"
    )


def test_submitting_cancels_the_writers_reminders_and_approving_the_heads(
    january, ketua_tim, unit_leader
):
    run(at(2, 17))
    assert offsets(ketua_tim) == ["H-3"]
    report = complete(january, ketua_tim, at(2, 18))
    with scope(tenant=report.tenant_id), time_machine.travel(at(2, 18), tick=False):
        report = services.report_submit(actor=ketua_tim, report=report)
    for day in (19, 20, 21):
        run(at(2, day))
    assert offsets(ketua_tim) == ["H-3"]  # submitted: nothing more for the team
    assert offsets(unit_leader, "report_approval") == ["H-1", "H-0", "L1"]
    with scope(tenant=report.tenant_id), time_machine.travel(at(2, 22), tick=False):
        services.report_approve(actor=unit_leader, report=report)
    for day in (23, 28):
        run(at(2, day))
    run(at(3, 7))
    assert offsets(unit_leader, "report_approval") == ["H-1", "H-0", "L1"]
    assert offsets(ketua_tim) == ["H-3"]


def test_a_returned_report_reminds_the_writers_again(january, ketua_tim, unit_leader):
    report = complete(january, ketua_tim, at(2, 10))
    with scope(tenant=report.tenant_id), time_machine.travel(at(2, 10), tick=False):
        report = services.report_submit(actor=ketua_tim, report=report)
        report = services.report_return(actor=unit_leader, report=report, reason="Kurang.")
    run(at(2, 19))
    assert offsets(ketua_tim) == ["H-1"]
    assert offsets(unit_leader, "report_approval") == []


def test_a_run_costs_the_same_queries_for_one_or_six_reporting_units(
    cycle, tenant, tree, ketua_tim, django_assert_num_queries
):
    draft_all(tenant, at(2, 2))
    with (
        time_machine.travel(at(2, 4), tick=False),
        scope(tenant=tenant),
        CaptureQueriesContext(connection) as one,
    ):
        reminder_run(tenants=[tenant])
    Notification.objects.all().delete()
    for i in range(5):
        unit = make_unit(tree["kanwil"], code=f"UPTR{i}", name=f"UPT R{i}")
        CycleFactory(unit=unit)
        person(unit, Role.SEKRETARIS, full_name=f"Sekretaris R{i}")
    draft_all(tenant, at(2, 2))
    with (
        time_machine.travel(at(2, 4), tick=False),
        scope(tenant=tenant),
        django_assert_num_queries(len(one)),
    ):
        reminder_run(tenants=[tenant])
    # The Ketua Tim of UPT1 and the Sekretaris of each new unit: H-1 of 5 February.
    assert Notification.objects.filter(key__startswith="report:").count() == 6
