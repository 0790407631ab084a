"""UPT1's June 2026 as seed 003's FRM-04 shows it, on top of tests/conftest.py's cast:
a ratified Rencana Kerja with eight activities planned for June in all six areas, whose
Pokja tasks leave five done, two in progress and one not started (5 of 8 = 62,50%).

ketua_tim drafts the plan and writes the reports, member (Ketua Pokja MP) and pokja_tl
approve their areas (the Ketua Tim approves the others in place), unit_leader ratifies
and approves reports, anggota is assigned the tasks and is a recommendation's PIC."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from django_scopes import scope

from apps.accounts.roles import Role
from apps.reports import services
from apps.reports.models import Report
from apps.teams import services as teams_services
from apps.workplan import services as plan_services
from tests.conftest import person as _person

# Seed 003, FRM-04 C: (area, action, description, output, PIC, task statuses in June).
JUNE = [
    ("MP", "Monitoring dan Evaluasi Pembangunan Zona Integritas", "Penyusunan laporan pelaksanaan kegiatan", "Laporan Pelaksanaan Kegiatan", "Ketua Pokja Manajemen Perubahan", ["telah", "telah"]),
    ("TL", "E-Office Berbasis Sistem Informasi", "Pelaksanaan evaluasi capaian kinerja unit kerja", "Laporan Monev Pencapaian Kinerja Unit Kerja", "Ketua Pokja Penataan Tata Laksana", ["telah"]),
    ("SDM", "Perencanaan Kebutuhan Pegawai", "Analisa Beban Kerja", "Usulan kebutuhan pegawai unit kerja", "Ketua Pokja Penataan Sistem Manajemen SDM", []),
    ("SDM", "Pengembangan Pegawai Berbasis Kompetensi", "Penyusunan Kesenjangan Kompetensi Pegawai", "GAP Kompetensi", "Ketua Pokja Penataan Sistem Manajemen SDM", ["telah", "sedang"]),
    ("SDM", "Penetapan Kinerja Individu", "Penilaian Kinerja Individu", "SKP", "Ketua Pokja Penataan Sistem Manajemen SDM", ["telah"]),
    ("AK", "Pengelolaan Akuntabilitas Kinerja", "Penyusunan Laporan Kinerja tepat waktu", "Laporan Kinerja", "Ketua Pokja Penguatan Akuntabilitas Kinerja", ["telah"]),
    ("PW", "Pengendalian Gratifikasi", "Dokumen Public Campaign Pengendalian Gratifikasi", "Banner dan laporan public campaign", "Ketua Pokja Penguatan Pengawasan", ["sedang"]),
    ("PP", "Budaya Pelayanan Prima", "Pengembangan Sarana Pelayanan Terpadu", "Dokumentasi ruang pelayanan", "Ketua Pokja Pelayanan Publik", ["telah"]),
]  # fmt: skip
# An activity planned for other months only, with a task done in June: not in June's C.
OTHER_MONTH = ("MP", "Sosialisasi ZI", "", "Dokumentasi sosialisasi", "Ketua Tim", ["telah"])

WIB = datetime.timezone(datetime.timedelta(hours=7))


def at(year, month, day, hour=9, tz=WIB):
    """A moment, for time_machine (local time of a WIB unit by default)."""
    return datetime.datetime(year, month, day, hour, tzinfo=tz)


def travel(moment):
    return time_machine.travel(moment, tick=False)


def june_plan(cycle, ketua_tim, member, pokja_tl, unit_leader, anggota):
    """The ratified plan and its tasks (made in January, before anything is drafted)."""
    with scope(tenant=cycle.tenant_id), travel(at(2026, 1, 10)):
        revision = plan_services.plan_start(actor=ketua_tim, cycle=cycle)
        items = []
        for area, action, description, output, pic, _statuses in [*JUNE, OTHER_MONTH]:
            months = [5, 6, 7] if action != OTHER_MONTH[1] else [2, 8]
            items.append(
                plan_services.plan_item_add(
                    actor=ketua_tim,
                    revision=revision,
                    area=area,
                    action=action,
                    description=description,
                    output=output,
                    pic=pic,
                    months=months,
                    questions=[],
                )
            )
        approvers = {"MP": member, "TL": pokja_tl}
        for area in sorted({row[0] for row in JUNE}):
            plan_services.plan_area_approve(
                actor=approvers.get(area, ketua_tim), revision=revision, area=area
            )
        revision = plan_services.plan_ratify(actor=unit_leader, revision=revision)
        current = {item.action: item for item in revision.items.all()}
        for _area, action, *_rest, statuses in [*JUNE, OTHER_MONTH]:
            for i, status in enumerate(statuses):
                task = plan_services.task_create(
                    actor=ketua_tim,
                    item=current[action],
                    title=f"{action} – tugas {i + 1}",
                    due_on=datetime.date(2026, 6, 10 + i),
                    assignees=[anggota],
                )
                if status != "belum":
                    plan_services.task_set_status(actor=ketua_tim, task=task, status=status)
        # A task of June's first activity due in July does not count for June.
        plan_services.task_create(
            actor=ketua_tim,
            item=current[JUNE[0][1]],
            title="Tugas bulan Juli",
            due_on=datetime.date(2026, 7, 10),
            assignees=[anggota],
        )
    return revision


@pytest.fixture
def plan(cycle, ketua_tim, member, pokja_tl, unit_leader, anggota):
    return june_plan(cycle, ketua_tim, member, pokja_tl, unit_leader, anggota)


def draft_all(tenant, moment):
    with scope(tenant=tenant.pk), travel(moment):
        return services.reports_draft_due(tenant=tenant)


def report_of(cycle, month, revision=1) -> Report:
    return Report.objects.get(
        unit=cycle.unit,
        kind="monev",
        period_start=datetime.date(cycle.year, month, 1),
        revision=revision,
    )


MEETING = {
    "meeting_on": datetime.date(2026, 7, 6),
    "meeting_place": "Ruang Rapat Balai",
    "meeting_agenda": "Monitoring dan Evaluasi Pembangunan ZI Bulan Juni Tahun 2026",
    "meeting_chair": "Kepala UPT Satu",
    "attendees": "Kepala UPT Satu\nKetua Tim Satu\nAnggota Satu",
    "head_attended": True,
    "obstacles": "Beberapa anggota Pokja belum dapat melaksanakan tugas secara optimal.",
    "conclusions": "Rencana kerja beberapa kegiatan perlu disesuaikan.",
}


def complete(report, actor, moment=None, **overrides):
    """Section A (and D, E) filled by the team."""
    values = {**MEETING, "meeting_on": report.period_end + datetime.timedelta(days=3)}
    values.update(overrides)
    with scope(tenant=report.tenant_id), travel(moment or timezone.now()):
        return services.report_update(actor=actor, report=report, **values)


def issue(report, team, head, moment=None):
    """Complete, submit and approve ``report`` (the worker's PDF is not run)."""
    moment = moment or (
        datetime.datetime.combine(report.period_end, datetime.time(9), tzinfo=WIB)
        + datetime.timedelta(days=5)
    )
    report = complete(report, team, moment)
    with scope(tenant=report.tenant_id), travel(moment):
        report = services.report_submit(actor=team, report=report)
        return services.report_approve(actor=head, report=report)


@pytest.fixture
def agents(cycle, admin, tree):
    """Two agents appointed in January, each with two items of their Rencana Aksi."""
    made = []
    with scope(tenant=cycle.tenant_id), travel(at(2026, 1, 8)):
        for n, name in enumerate(["Agen Satu", "Agen Dua"], start=1):
            user = _person(tree["upt"], Role.ANGGOTA_POKJA, "TL", full_name=name)
            agent = teams_services.agent_add(actor=admin, cycle=cycle, user=user, position="Staf")
            items = [
                teams_services.action_item_add(
                    actor=user,
                    agent=agent,
                    value=value,
                    outcome=f"Meningkatnya {value.lower()} {n}",
                    indicator="Hadir tepat waktu",
                    target="100%",
                    activities=f"{activity} {n}",
                    timing="Setiap hari",
                    pic=name,
                )
                for value, activity in (
                    ("Integritas (Disiplin)", "Memasang foto pegawai teladan"),
                    ("Orientasi Pelayanan", "Penerapan pelayanan prima"),
                )
            ]
            made.append((user, agent, items))
    return made
