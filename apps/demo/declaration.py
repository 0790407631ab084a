"""Demo data for `manage.py seed_demo`: charters of the 2026 cycles, and PJN1-JBR's staff
roster with its integrity pacts (signed online, signed on paper, not yet signed) and one
employee who moved in from a sibling unit. Through the services; idempotent."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scope

from apps.accounts.models import RoleAssignment, User
from apps.accounts.roles import Role
from apps.declaration import services, texts
from apps.declaration.importing import RosterRow
from apps.declaration.models import Declaration, Placement
from apps.demo.evidence import text_pdf
from apps.units.models import Unit

# Charter facts per unit code: (date, place, witnesses).
CHARTERS = {
    "PJN1-JBR": (
        datetime.date(2026, 1, 15),
        "Bandung",
        [
            {
                "name": "Dr. Ir. Bambang Sutrisno, M.Sc.",
                "title": "Inspektur Jenderal",
                "institution": "Inspektorat Jenderal Kementerian PUPR",
            },
            {
                "name": "Agus Salim, S.T., M.T.",
                "title": "Kepala Balai Besar",
                "institution": "Balai Besar Pelaksanaan Jalan Nasional Jawa Barat",
            },
        ],
    ),
    "PJN1-JTM": (
        datetime.date(2026, 1, 20),
        "Surabaya",
        [
            {
                "name": "Rina Marlina, S.T., M.Sc.",
                "title": "Kepala Balai Besar",
                "institution": "Balai Besar Pelaksanaan Jalan Nasional Jawa Timur–Bali",
            },
        ],
    ),
}

# Staff of PJN1-JBR without an account: (NIP, name, position, LHKPN-obliged).
STAFF = [
    ("197903122005021001", "Hendra Gunawan", "Kepala Seksi Pelaksanaan", True),
    ("198107252006042002", "Sri Wahyuni", "Bendahara Pengeluaran", True),
    ("198211082008011003", "Taufik Hidayat", "PPK Jalan Nasional I", True),
    ("198404172009122004", "Retno Wulandari", "Pengelola Keuangan", False),
    ("198508302010011005", "Irfan Maulana", "Teknisi Jalan dan Jembatan", False),
    ("198612142011012006", "Lestari Handayani", "Analis Kepegawaian", False),
    ("198703052012121007", "Rudi Hartono", "Pengawas Lapangan", False),
    ("198809192013032008", "Wulan Permata", "Arsiparis", False),
    ("198910012014021009", "Fajar Nugroho", "Pengadministrasi Umum", False),
    ("199002222015032010", "Nina Kartika", "Penata Laporan Keuangan", False),
]
# Demo logins of PJN1-JBR who sign online; anggota.pokja and agen are left to sign.
SIGNED_ONLINE = ("pimpinan.unit", "ketua.tim", "sekretaris", "ketua.pokja")
# Staff whose paper pacts the Sekretaris recorded.
SIGNED_ON_PAPER = 6
# Moved in from PJN2-JBR (history on the employee page).
MOVED = ("198306062008011011", "Bayu Setiawan", "Kepala Subbagian Umum", True)


def charter_scan(unit: Unit, date: datetime.date) -> ContentFile:
    data = text_pdf(
        "PIAGAM PENCANANGAN PEMBANGUNAN ZONA INTEGRITAS",
        [
            unit.name,
            f"{texts.day_name(date)}, {texts.long_date(date)}",
            "(pindaian bertanda tangan pimpinan unit dan para saksi – data demo)",
        ],
    )
    return ContentFile(data, name=f"piagam-pencanangan-{unit.code.lower()}.pdf")


def seed_declaration(*, cycle, actor) -> Declaration | None:
    """The charter of a new demo cycle with its scan, before the cycle leaves
    pencanangan (the stage guard asks for both)."""
    facts = CHARTERS.get(cycle.unit.code)
    if facts is None or Declaration.objects.filter(cycle=cycle).exists():
        return None
    date, place, witnesses = facts
    unit = cycle.unit
    declaration = services.declaration_record(
        actor=actor,
        cycle=cycle,
        declared_on=date,
        place=place,
        head_name=unit.head_name,
        head_title=texts.title_with_unit(unit.head_title, unit.name),
        witnesses=witnesses,
    )
    return services.declaration_attach_scan(
        actor=actor, declaration=declaration, uploaded=charter_scan(unit, date)
    )


def _user(email_prefix: str) -> User | None:
    return User.objects.filter(email=f"{email_prefix}@pu-demo.go.id").first()


def seed_roster(*, tenant, unit_code: str = "PJN1-JBR") -> None:
    """The roster of ``unit_code``; skipped when the unit already has staff."""
    with scope(tenant=tenant.pk):
        unit = Unit.objects.filter(code=unit_code).first()
        sibling = Unit.objects.filter(code="PJN2-JBR").first()
        if unit is None or Placement.objects.filter(unit=unit).exists():
            return
        sekretaris = (
            RoleAssignment.objects.filter(unit=unit, role=Role.SEKRETARIS)
            .select_related("user")
            .first()
        )
        admin = _user("admin")
        actor = sekretaris.user if sekretaris else admin
        titles = {
            Role.PIMPINAN_UNIT: unit.head_title or "Kepala Satker",
            Role.KETUA_TIM: "Kepala Seksi Perencanaan",
            Role.SEKRETARIS: "Kepala Subbagian Tata Usaha",
            Role.KETUA_POKJA: "Analis Kebijakan",
            Role.ANGGOTA_POKJA: "Pranata Komputer",
            Role.AGEN_PERUBAHAN: "Penyusun Program",
        }
        rows: list[RosterRow] = []
        for assignment in RoleAssignment.objects.filter(unit=unit).select_related("user"):
            user = assignment.user
            if not user.nip or any(r.nip == user.nip for r in rows):
                continue
            rows.append(
                RosterRow(
                    line=len(rows) + 2,
                    nip=user.nip,
                    nama=user.full_name,
                    jabatan=titles.get(assignment.role, "Pegawai"),
                    wajib_lhkpn="ya" if assignment.role == Role.PIMPINAN_UNIT else "tidak",
                    email=user.email,
                )
            )
        for nip, name, position, obliged in STAFF:
            rows.append(
                RosterRow(
                    line=len(rows) + 2,
                    nip=nip,
                    nama=name,
                    jabatan=position,
                    wajib_lhkpn="ya" if obliged else "tidak",
                )
            )
        # The Kasubbag Umum worked at PJN2-JBR first; PJN1-JBR's import moves him.
        if sibling is not None:
            services.roster_import(
                actor=admin,
                unit=sibling,
                rows=[RosterRow(2, MOVED[0], MOVED[1], "Analis Keuangan", "ya")],
                started_on=datetime.date(2021, 3, 1),
            )
        rows.append(RosterRow(len(rows) + 2, MOVED[0], MOVED[1], MOVED[2], "ya"))
        services.roster_import(
            actor=actor,
            unit=unit,
            rows=rows,
            accept_moves=True,
            started_on=datetime.date(2026, 1, 5),
        )
        placements = {
            p.employee.nip: p
            for p in Placement.objects.filter(unit=unit, ended_on__isnull=True).select_related(
                "employee", "unit"
            )
        }
        for prefix in SIGNED_ONLINE:
            user = _user(prefix)
            placement = placements.get(user.nip) if user else None
            if placement is not None:
                services.pact_sign(
                    actor=user, placement=placement, ip_address="10.10.1.20", agreed=True
                )
        for nip, name, _position, _obliged in STAFF[:SIGNED_ON_PAPER]:
            data = text_pdf("PAKTA INTEGRITAS", [name, f"NIP {nip}", unit.name, "(data demo)"])
            services.pact_record_scan(
                actor=actor,
                placement=placements[nip],
                uploaded=ContentFile(data, name=f"pakta-integritas-{nip}.pdf"),
                signed_on=min(datetime.date(2026, 1, 15), timezone.localdate()),
            )
