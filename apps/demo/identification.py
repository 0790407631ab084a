"""Demo identification for `manage.py seed_demo`: a unit that the TPU first returns (PK of
y-3 missing, too few service users) and then declares complete, so that the cycle can go
on to pembangunan and the Laporan Hasil Identifikasi exists."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import Role
from apps.cycles.models import Cycle, Stage
from apps.cycles.services import cycle_change_stage
from apps.identification import services
from apps.identification.importing import ServiceUserRow
from apps.identification.models import Identification

SERVICE_USERS = [
    ("Hendra Gunawan", "Izin pemanfaatan ruang milik jalan", "0812-2233-4401", ""),
    ("CV Karya Mandiri", "Rekomendasi teknis pemanfaatan bagian jalan", "022-4231234", ""),
    ("Sri Mulyani", "Dispensasi angkutan beban lebih", "0813-9876-5402", "sri.m@contoh.id"),
    ("PT Jaya Konstruksi", "Izin pemanfaatan ruang milik jalan", "", "perizinan@jayakon.co.id"),
    ("Asep Sunandar", "Pengaduan kerusakan jalan (SP4N-LAPOR)", "0857-2211-3404", ""),
    ("Dewi Lestari", "Konsultasi teknis perlintasan jalan", "0821-4455-6605", "dewi@contoh.id"),
    ("Koperasi Tani Makmur", "Izin akses jalan masuk", "0819-1122-3306", ""),
    ("Budi Prasetyo", "Pengaduan kerusakan jalan (SP4N-LAPOR)", "0812-7788-9907", ""),
    ("PT Telekomunikasi Nusantara", "Izin penempatan utilitas", "", "izin@telnus.co.id"),
    ("Rina Kartika", "Permohonan data dan informasi publik", "0838-6655-4410", "rina@contoh.id"),
    ("Yayasan Peduli Jalan", "Konsultasi teknis perlintasan jalan", "0815-3344-5511", ""),
    ("Agus Wibowo", "Dispensasi angkutan beban lebih", "0878-1100-2212", ""),
]
READY = "Laporan Hasil Identifikasi TPU: persyaratan administrasi lengkap, unit menjadi Calon Unit Kerja."


def _holder(unit, role):
    assignment = RoleAssignment.objects.filter(unit=unit, role=role).select_related("user").first()
    return assignment.user if assignment else None


def tpu_assessor(unit):
    """A Penilai TPU above the unit without any role in it."""
    for assignment in RoleAssignment.objects.filter(
        role=Role.PENILAI_TPU, unit__path__in=unit.ancestor_paths()
    ).select_related("user"):
        if not RoleAssignment.objects.filter(user=assignment.user, unit=unit).exists():
            return assignment.user
    return None


def service_user_rows(entries, start_line, today):
    return [
        ServiceUserRow(
            line=start_line + i,
            name=name,
            service=service,
            finished_on=(today - datetime.timedelta(days=9 * (i + 1))).isoformat(),
            phone=phone,
            email=email,
        )
        for i, (name, service, phone, email) in enumerate(entries)
    ]


def seed_identification(*, tenant, unit_code: str, year: int, admin, stdout=None) -> None:
    """The identification of ``unit_code``'s cycle of ``year``, returned once and then
    complete; the cycle moves on to pembangunan. Skipped when it exists already."""
    with scope(tenant=tenant.pk):
        cycle = Cycle.objects.filter(unit__code=unit_code, year=year).select_related("unit").first()
        if cycle is None or Identification.objects.filter(cycle=cycle).exists():
            return
        if cycle.stage not in services.OPEN_STAGES:
            return
        unit = cycle.unit
        ketua_tim = _holder(unit, Role.KETUA_TIM)
        sekretaris = _holder(unit, Role.SEKRETARIS) or ketua_tim
        tpu = tpu_assessor(unit)
        if ketua_tim is None or tpu is None:
            return
        today = min(datetime.date(year, 1, 31), timezone.localdate())
        identification = services.identification_open(actor=ketua_tim, cycle=cycle)
        services.identification_update(
            actor=ketua_tim,
            identification=identification,
            lhkan_percent="100",
            tlhp_percent="96,40",
            sakip_grade="BB",
            pk_y1=True,
            pk_y2=True,
            pk_y3=False,
            realisation_y1="104,25",  # target exceeded: better than y-2
            realisation_y2="97,10",
            unit_note="PK 2023 sedang dicari di arsip Subbagian Umum.",
        )
        services.service_user_import(
            actor=sekretaris,
            identification=identification,
            rows=service_user_rows(SERVICE_USERS[:6], 2, today),
        )
        services.identification_submit(actor=ketua_tim, identification=identification)
        all_met = {
            "req_level": True,
            "req_core_service": True,
            "req_integrity_risk": True,
            "req_public_impact": True,
        }
        notes = {
            "req_level": "Satuan Kerja di bawah BBPJN Jawa Barat.",
            "req_core_service": "Preservasi dan pembangunan jalan nasional.",
            "req_integrity_risk": "Pengadaan barang/jasa dan perizinan ruang milik jalan.",
            "req_public_impact": "Melayani pengguna jalan nasional lintas utara Jawa Barat.",
        }
        services.identification_decide(
            actor=tpu,
            identification=identification,
            outcome="return",
            requirements=all_met,
            notes=notes,
            note="Unggah pindaian PK 2023 yang ditandatangani Kepala Satker.",
        )
        services.identification_update(
            actor=ketua_tim,
            identification=identification,
            pk_y3=True,
            unit_note="PK 2023 ditemukan dan dipindai.",
        )
        services.service_user_import(
            actor=sekretaris,
            identification=identification,
            rows=service_user_rows(SERVICE_USERS[6:], 2, today),
        )
        services.identification_submit(actor=ketua_tim, identification=identification)
        services.identification_decide(
            actor=tpu,
            identification=identification,
            outcome="complete",
            requirements=all_met,
            notes=notes,
            note="Persyaratan lengkap; lanjutkan pembangunan ZI.",
        )
        if cycle.stage == Stage.IDENTIFIKASI:
            try:
                cycle_change_stage(
                    actor=admin, cycle=cycle, to_stage=Stage.PEMBANGUNAN, reason=READY
                )
            except ValidationError as exc:  # another feature's guard
                message = f"tetap di tahap identifikasi: {exc.messages[0]}"
            else:
                message = "identifikasi lengkap (Calon Unit Kerja), lanjut ke tahap pembangunan."
            if stdout is not None:
                stdout.write(f"{unit_code}: {message}")
