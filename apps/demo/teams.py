"""Demo Tim Kerja and Agen Perubahan for `manage.py seed_demo` (idempotent)."""

import datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import Role
from apps.demo.evidence import text_pdf
from apps.teams import services
from apps.teams.models import ChangeAgent, Decree, DecreeKind, TeamMember

from .clock import moved_to


def _holder(unit, role, area=""):
    row = (
        RoleAssignment.objects.filter(unit=unit, role=role, area=area)
        .select_related("user")
        .first()
    )
    return row.user if row else None


def seed_team(*, cycle, admin) -> None:
    """The team of ``cycle`` (its unit's demo people), the two decrees and one agent with
    a Rencana Aksi (FRM-05's examples). Skipped when the cycle has a team already."""
    if TeamMember.objects.filter(cycle=cycle).exists():
        return
    unit = cycle.unit
    head = _holder(unit, Role.PIMPINAN_UNIT)
    ketua = _holder(unit, Role.KETUA_TIM)
    secretary = _holder(unit, Role.SEKRETARIS)
    pokja_mp = _holder(unit, Role.KETUA_POKJA, "MP")
    member_mp = _holder(unit, Role.ANGGOTA_POKJA, "MP")
    agent_user = _holder(unit, Role.AGEN_PERUBAHAN)
    if None in (head, ketua, secretary, pokja_mp, member_mp):
        return
    year = cycle.year
    for kind, number, title in (
        (DecreeKind.TIM_KERJA, f"KPTS/{unit.code}/01/{year}", "Tim Kerja Pembangunan ZI"),
        (DecreeKind.AGEN_PERUBAHAN, f"KPTS/{unit.code}/02/{year}", "Agen Perubahan"),
    ):
        if Decree.objects.filter(cycle=cycle, kind=kind).exists():
            continue
        pdf = text_pdf(
            f"Keputusan Kepala {unit.name}",
            [f"Nomor {number}", f"tentang {title}", f"Tahun {year}"],
        )
        services.decree_upload(
            actor=admin,
            cycle=cycle,
            kind=kind,
            number=number,
            signed_on=datetime.date(year, 1, 10),
            uploaded=ContentFile(pdf, name=f"sk-{kind.replace('_', '-')}-{year}.pdf"),
        )
    members = [
        (head, "penanggung_jawab", "", "Kepala Satker"),
        (ketua, "ketua_tim", "", "Kepala Subbagian Umum"),
        (secretary, "sekretaris", "", "Pranata Komputer Ahli Muda"),
        (pokja_mp, "ketua_pokja", "MP", "Kepala Seksi Perencanaan"),
        # A small unit: the secretary also leads the Tata Laksana Pokja (role granted now).
        (secretary, "ketua_pokja", "TL", "Pranata Komputer Ahli Muda"),
        (member_mp, "anggota", "MP", "Pengadministrasi Umum"),
    ]
    for user, function, area, position in members:
        services.member_add(
            actor=admin, cycle=cycle, user=user, function=function, area=area, position=position
        )
    if agent_user is None or ChangeAgent.objects.filter(cycle=cycle).exists():
        return
    # Appointed two days after the SK (10 January): the quarters' reports count from then.
    appointed = datetime.datetime(year, 1, 12, 9, tzinfo=ZoneInfo(unit.time_zone))
    with moved_to(appointed):
        _agent_with_plan(cycle=cycle, admin=admin, agent_user=agent_user)


def _agent_with_plan(*, cycle, admin, agent_user) -> None:
    agent = services.agent_add(actor=admin, cycle=cycle, user=agent_user, position="Analis SDM")
    for value, outcome, indicator, target, activities, timing in (
        (
            "Integritas (Disiplin)",
            "Meningkatnya kedisiplinan pegawai",
            "Hadir kerja tepat waktu",
            "100% pegawai hadir tepat waktu",
            "Memasang foto pegawai teladan di mading; sosialisasi aturan jam kerja di grup WA",
            "Monitoring aplikasi presensi setiap bulan",
        ),
        (
            "Orientasi Pelayanan",
            "Tercapainya sistem pelayanan publik yang prima",
            "Indeks Kepuasan Masyarakat",
            "IKM minimal 85",
            "Mengoptimalkan media sosial dan aplikasi pengaduan kerusakan jalan",
            "Setiap hari",
        ),
    ):
        services.action_item_add(
            actor=agent_user,
            agent=agent,
            value=value,
            outcome=outcome,
            indicator=indicator,
            target=target,
            activities=activities,
            timing=timing,
            pic=agent_user.full_name,
        )
