"""Demo quarterly Agen Perubahan reports (FRM-05) for `manage.py seed_demo` (idempotent):
the unit's change agent records plan vs actual of their Rencana Aksi month by month and
the change an item brought; the first quarter of the demo year issued (one month partly
realised, a change integrated into the management system), the quarter the unit is in now
with the months already past recorded. Through the services, with the clock moved to when
each step would have happened (apps.demo.clock), so dates, history and audit are real; the
PDF is made by the worker (or at once by the download link)."""

import datetime
from zoneinfo import ZoneInfo

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import Role
from apps.cycles.models import Cycle
from apps.evidence.models import EvidenceItem
from apps.reports import services
from apps.reports.agents import services as agent_services
from apps.reports.models import ActionRealisation, Kind
from apps.reports.periods import add_months, period_end, quarter_start
from apps.teams.models import ActionPlanItem, ChangeAgent

from .clock import moved_to

# The first quarter, per item of the Rencana Aksi (in order): each month's (status, note).
FIRST_QUARTER = [
    [
        ("yes", ""),
        ("partly", "Foto pegawai teladan baru terpasang di mading lantai 1; lantai 2 menyusul."),
        ("yes", ""),
    ],
    [("yes", ""), ("yes", ""), ("yes", "")],
]
# The change each item brought: (before, after, integrated).
CHANGES = [
    (
        "Pegawai teladan tidak dikenal; keterlambatan hadir belum dipantau.",
        "Foto pegawai teladan dipajang setiap bulan dan presensi dipantau lewat aplikasi.",
        True,
    ),
    (
        "Pengaduan kerusakan jalan hanya diterima melalui surat.",
        "Pengaduan diterima melalui media sosial dan aplikasi, ditanggapi dalam 3 hari kerja.",
        False,
    ),
]
TEXTS = {
    "background": (
        "Agen Perubahan menjadi penggerak dan teladan perubahan budaya kerja dalam "
        "pembangunan Zona Integritas di lingkungan Satker."
    ),
    "purpose": "Melaporkan pelaksanaan rencana aksi Agen Perubahan pada triwulan ini.",
    "scope": "Rencana aksi Agen Perubahan, realisasinya per bulan, dan kontribusi perubahannya.",
    "obstacles": "Papan informasi di lantai 2 belum tersedia.",
    "agent_recommendations": "Pengadaan papan informasi untuk lantai 2.",
}
# The quarter in progress: item 1 realised, item 2 postponed in its first month.
IN_PROGRESS = [("yes", ""), ("no", "Ditunda: aplikasi pengaduan sedang dipindahkan server.")]


def _holder(unit, role):
    row = RoleAssignment.objects.filter(unit=unit, role=role).select_related("user").first()
    return row.user if row else None


def seed_agent_reports(*, tenant, unit_code: str, year: int) -> None:
    cycle = Cycle.objects.filter(unit__code=unit_code, year=year).select_related("unit").first()
    if cycle is None or cycle.stage not in services.REACHED:
        return
    unit = cycle.unit
    agent = ChangeAgent.objects.filter(cycle=cycle).select_related("user").order_by("pk").first()
    head = _holder(unit, Role.PIMPINAN_UNIT)
    if agent is None or head is None:
        return
    items = list(ActionPlanItem.objects.filter(agent=agent).order_by("pk"))[: len(CHANGES)]
    if not items or ActionRealisation.objects.filter(item__agent=agent).exists():
        return  # seeded already (or nothing to record)
    zone = ZoneInfo(unit.time_zone)
    today = services.unit_today(unit)
    first = datetime.date(year, 1, 1)
    appointed = services.unit_today(unit, agent.created_at)
    if period_end(first, 3) < today and appointed <= period_end(first, 3):
        _first_quarter(cycle, agent, head, items, zone)
    if today.year == year:
        _in_progress(agent, items, today)


def _moment(zone, year, month, day):
    return datetime.datetime(year, month, day, 9, tzinfo=zone)


def _first_quarter(cycle, agent, head, items, zone) -> None:
    """Recorded late in March, drafted by the agent early in April, issued a few days on."""
    year = cycle.year
    user = agent.user
    evidence = EvidenceItem.objects.filter(cycle=cycle).order_by("pk").first()
    with moved_to(_moment(zone, year, 3, 26)):
        for item, months in zip(items, FIRST_QUARTER, strict=False):
            for offset, (status, note) in enumerate(months):
                agent_services.agent_realisation_record(
                    actor=user,
                    item=item,
                    month=datetime.date(year, 1 + offset, 1),
                    status=status,
                    note=note,
                    evidence=[evidence.pk] if evidence and offset == 2 else [],
                )
        for item, (before, after, integrated) in zip(items, CHANGES, strict=False):
            agent_services.agent_change_record(
                actor=user, item=item, before=before, after=after, integrated=integrated
            )
    with moved_to(_moment(zone, year, 4, 2)):
        report = services.report_draft(
            actor=user, cycle=cycle, kind=Kind.AGEN_PERUBAHAN, year=year, month=1
        )
        report = agent_services.agent_report_update(actor=user, report=report, **TEXTS)
        report = services.report_submit(actor=user, report=report)
    with moved_to(_moment(zone, year, 4, 6)):
        services.report_approve(actor=head, report=report)


def _in_progress(agent, items, today: datetime.date) -> None:
    """The quarter the unit is in: the months already past recorded (the first one when
    the quarter has just begun); the rest, and the report, still to come."""
    start = quarter_start(today)
    begun = [add_months(start, i) for i in range(3) if add_months(start, i) <= today]
    past = [m for m in begun if period_end(m) < today] or begun[:1]
    for item, (status, note) in zip(items, IN_PROGRESS, strict=False):
        for month in past:
            agent_services.agent_realisation_record(
                actor=agent.user, item=item, month=month, status=status, note=note
            )
