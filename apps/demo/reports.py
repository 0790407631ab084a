"""Demo monev reports (FRM-04) for `manage.py seed_demo` (idempotent): a unit with several
months issued (recommendations made, followed up and carried over, a signed scan) and the
next month as a draft. Through the services, so history and audit are real; the PDFs are
made by the worker (or at once by the download link).

The months are the first ones of the cycle's year that are over when the seed runs: up to
three issued and one draft."""

import datetime

from django.core.files.base import ContentFile

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import Role
from apps.cycles.models import Cycle
from apps.demo.evidence import text_pdf
from apps.evidence.models import EvidenceItem
from apps.reports import services
from apps.reports.models import Report
from apps.reports.periods import month_label, period_end

ISSUED = 3
# (month, place, obstacles, conclusions, new recommendations: (area, text, PIC role, days))
MONTHS = [
    (
        "Ruang Rapat Satker",
        "SK Agen Perubahan belum ditandatangani.",
        "Pembentukan Tim Kerja sudah selesai; SK Agen Perubahan perlu dipercepat.",
        [("MP", "Percepat penandatanganan SK Agen Perubahan", Role.ANGGOTA_POKJA, 30)],
    ),
    (
        "Aula Satker PJN Wilayah I",
        "Pemahaman pegawai tentang peta proses bisnis masih rendah.",
        "Sosialisasi ZI kepada pengguna layanan perlu diperluas.",
        [
            ("TL", "Susun peta proses bisnis layanan utama", Role.KETUA_POKJA, 45),
            ("MP", "Unggah dokumentasi sosialisasi sebagai bukti dukung", Role.SEKRETARIS, 20),
        ],
    ),
    (
        "Ruang Rapat Satker",
        "",
        "Penyusunan peta proses bisnis berjalan sesuai jadwal.",
        [],
    ),
]
# Follow-ups recorded in month n + 1 for the recommendations of month n: (status, text).
FOLLOW_UPS = {
    "Percepat penandatanganan SK Agen Perubahan": (
        "done",
        "SK Agen Perubahan ditandatangani Kepala Satker dan diunggah sebagai bukti dukung.",
    ),
    "Susun peta proses bisnis layanan utama": (
        "in_progress",
        "Draf peta proses bisnis dibahas bersama Pokja Tata Laksana.",
    ),
    "Unggah dokumentasi sosialisasi sebagai bukti dukung": (
        "not_started",
        "",
    ),
}


def _holder(unit, role):
    row = RoleAssignment.objects.filter(unit=unit, role=role).select_related("user").first()
    return row.user if row else None


def seed_reports(*, tenant, unit_code: str, year: int, today: datetime.date | None = None):
    cycle = Cycle.objects.filter(unit__code=unit_code, year=year).select_related("unit").first()
    if cycle is None or Report.objects.filter(cycle=cycle, kind="monev").exists():
        return
    unit = cycle.unit
    team = _holder(unit, Role.KETUA_TIM)
    head = _holder(unit, Role.PIMPINAN_UNIT)
    if team is None or head is None or cycle.stage not in services.REACHED:
        return
    today = today or services.unit_today(unit)
    months = [m for m in range(1, 13) if period_end(datetime.date(year, m, 1)) < today]
    months = months[: ISSUED + 1]
    evidence = EvidenceItem.objects.filter(cycle=cycle).order_by("pk").first()
    for index, month in enumerate(months):
        report = services.report_draft(
            actor=team, cycle=cycle, kind="monev", year=year, month=month
        )
        _follow_up(report, team, evidence)
        if index == len(months) - 1 and len(months) > 1:
            break  # the last month stays a draft
        place, obstacles, conclusions, recommendations = MONTHS[index % len(MONTHS)]
        for area, text, role, days in recommendations:
            services.recommendation_add(
                actor=team,
                report=report,
                area=area,
                text=text,
                pic=_holder(unit, role) or team,
                target_on=report.period_end + datetime.timedelta(days=days),
            )
        meeting = min(report.period_end + datetime.timedelta(days=3), today)
        report = services.report_update(
            actor=team,
            report=report,
            meeting_on=meeting,
            meeting_place=place,
            meeting_chair=head.full_name,
            attendees="\n".join(
                u.full_name for u in (head, team, _holder(unit, Role.KETUA_POKJA)) if u
            ),
            head_attended=True,
            obstacles=obstacles,
            conclusions=conclusions,
        )
        report = services.report_submit(actor=team, report=report)
        report = services.report_approve(actor=head, report=report)
        if index == 0:
            scan = text_pdf(
                "LAPORAN MONITORING DAN EVALUASI",
                [unit.name, f"Bulan {month_label(report.period_start)}", "ttd Kepala Satker"],
            )
            services.report_attach_scan(
                actor=head,
                report=report,
                uploaded=ContentFile(scan, name=f"laporan-monev-{month:02d}-ttd.pdf"),
            )
    _annual(cycle, team, today)


def _annual(cycle, team, today: datetime.date) -> None:
    """Seeded after the year: the year's annual Laporan Pembangunan ZI as the beat job
    drafts it (with whatever else is due), its introduction written by the team."""
    if datetime.date(cycle.year, 12, 31) >= today:
        return  # the draft appears on the first working day of the next year
    services.reports_draft_due(tenant=cycle.tenant)
    annual = Report.objects.filter(cycle=cycle, kind="tahunan").first()
    if annual is not None and not annual.introduction:
        services.report_update(
            actor=team,
            report=annual,
            introduction=(
                f"Laporan ini merangkum pembangunan Zona Integritas {cycle.unit.name} "
                f"tahun {cycle.year}: rencana kerja, monitoring dan evaluasi bulanan, "
                "Agen Perubahan dan bukti dukung."
            ),
        )


def _follow_up(report, team, evidence) -> None:
    from apps.reports.sections import carried

    for recommendation in carried(report):
        status, text = FOLLOW_UPS.get(recommendation.text, ("in_progress", "Sedang dikerjakan."))
        if status == "not_started":
            continue
        services.recommendation_follow_up(
            actor=team,
            report=report,
            recommendation=recommendation,
            status=status,
            follow_up=text,
            evidence_note="Notulen rapat dan dokumentasi",
            evidence=[evidence] if evidence is not None and status == "done" else [],
        )
