"""The demo agencies: the LKE versions they work with, the main agency's tree, and a
second agency its admin also helps (switching between agencies)."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from apps.accounts.invitations import invitation_create
from apps.accounts.models import Invitation, RoleAssignment
from apps.accounts.roles import Role
from apps.accounts.services import tenant_create
from apps.lke.models import TemplateVersion
from apps.tenants.models import Tenant
from apps.tenants.services import membership_ensure
from apps.units.models import Unit, UnitType
from apps.units.services import unit_create

from .people import PEOPLE, demo_user

TENANT = {"name": "Kementerian Pekerjaan Umum (Demo)", "code": "PU-DEMO", "kind": "kementerian"}
SECOND_TENANT = {
    "name": "Pemerintah Provinsi Nusantara (Demo)",
    "code": "PROV-DEMO",
    "kind": "pemda",
}

# The kop of the demo units whose documents the demo prints (address, head's NIP: the
# Pimpinan Unit login of PJN1-JBR is its recorded head). Other units: no address.
LETTERHEADS = {
    "PJN1-JBR": ("Jl. Soekarno-Hatta No. 206\nBandung 40223 (alamat demo)", "197805102003121001"),
    "PJN1-JTM": ("Jl. Raya Waru No. 20\nSidoarjo 61256 (alamat demo)", ""),
}
ROOT_ADDRESS = "Jl. Pattimura No. 20, Jakarta Selatan"

# (code, name, type, parent code, head name, head title)
UNITS = [
    (
        "BM",
        "Direktorat Jenderal Bina Marga",
        "eselon-1",
        None,
        "Ir. Hendra Wijaya, M.T.",
        "Direktur Jenderal Bina Marga",
    ),
    (
        "SDA",
        "Direktorat Jenderal Sumber Daya Air",
        "eselon-1",
        None,
        "Dr. Ir. Sri Lestari, M.Eng.",
        "Direktur Jenderal Sumber Daya Air",
    ),
    (
        "BBPJN-JBR",
        "Balai Besar Pelaksanaan Jalan Nasional Jawa Barat",
        "unit-kerja",
        "BM",
        "Agus Salim, S.T., M.T.",
        "Kepala Balai Besar",
    ),
    (
        "BBPJN-JTM",
        "Balai Besar Pelaksanaan Jalan Nasional Jawa Timur–Bali",
        "unit-kerja",
        "BM",
        "Rina Marlina, S.T., M.Sc.",
        "Kepala Balai Besar",
    ),
    (
        "BBWS-CTR",
        "Balai Besar Wilayah Sungai Citarum",
        "unit-kerja",
        "SDA",
        "Bambang Hartono, S.T., M.T.",
        "Kepala Balai Besar",
    ),
    (
        "BBWS-BRT",
        "Balai Besar Wilayah Sungai Brantas",
        "unit-kerja",
        "SDA",
        "Dewi Anggraini, S.T., M.T.",
        "Kepala Balai Besar",
    ),
    (
        "PJN1-JBR",
        "Satker PJN Wilayah I Jawa Barat",
        "upt",
        "BBPJN-JBR",
        "Yusuf Maulana, S.T.",
        "Kepala Satker",
    ),
    (
        "PJN2-JBR",
        "Satker PJN Wilayah II Jawa Barat",
        "upt",
        "BBPJN-JBR",
        "Siti Rahmawati, S.T.",
        "Kepala Satker",
    ),
    (
        "P2JN-JBR",
        "Satker Perencanaan dan Pengawasan Jalan Nasional Jawa Barat",
        "upt",
        "BBPJN-JBR",
        "Dedi Kurniawan, S.T.",
        "Kepala Satker",
    ),
    (
        "PJN1-JTM",
        "Satker PJN Wilayah I Jawa Timur",
        "upt",
        "BBPJN-JTM",
        "Made Suartana, S.T.",
        "Kepala Satker",
    ),
    (
        "PJN2-JTM",
        "Satker PJN Wilayah II Jawa Timur",
        "upt",
        "BBPJN-JTM",
        "Lilis Suryani, S.T.",
        "Kepala Satker",
    ),
    (
        "P2JN-JTM",
        "Satker P2JN Jawa Timur",
        "upt",
        "BBPJN-JTM",
        "Hadi Purnomo, S.T.",
        "Kepala Satker",
    ),
    (
        "OP-CTR",
        "Satker Operasi dan Pemeliharaan SDA Citarum",
        "upt",
        "BBWS-CTR",
        "Asep Saepudin, S.T.",
        "Kepala Satker",
    ),
    (
        "PJSA-CTR",
        "Satker Pelaksanaan Jaringan Sumber Air Citarum",
        "upt",
        "BBWS-CTR",
        "Neneng Hasanah, S.T.",
        "Kepala Satker",
    ),
    (
        "BDG-CTR",
        "Satker Bendungan Citarum",
        "upt",
        "BBWS-CTR",
        "Ujang Suparman, S.T.",
        "Kepala Satker",
    ),
    (
        "OP-BRT",
        "Satker Operasi dan Pemeliharaan SDA Brantas",
        "upt",
        "BBWS-BRT",
        "Eko Prasetyo, S.T.",
        "Kepala Satker",
    ),
    (
        "PJSA-BRT",
        "Satker Pelaksanaan Jaringan Sumber Air Brantas",
        "upt",
        "BBWS-BRT",
        "Wulan Sari, S.T.",
        "Kepala Satker",
    ),
    (
        "BDG-BRT",
        "Satker Bendungan Brantas",
        "upt",
        "BBWS-BRT",
        "Joko Santoso, S.T.",
        "Kepala Satker",
    ),
]


def lke_templates_ensure(*, stdout) -> None:
    """The national LKE versions first: cycles and assessments are bound to them. Only
    versions not loaded yet: an operator's later publish/retire decision stands."""
    lke_dir = Path(settings.BASE_DIR) / "fixtures" / "lke"
    loaded = set(TemplateVersion.objects.values_list("code", flat=True))
    new_files = [str(p) for p in sorted(lke_dir.glob("*.json")) if p.stem not in loaded]
    if new_files:
        call_command("load_lke", *new_files, stdout=stdout)


def agency_ensure(*, operator, data: dict) -> Tenant:
    """The demo agency ``data`` describes: created (root unit, unit types) if missing."""
    tenant = Tenant.objects.filter(code=data["code"]).first()
    return tenant or tenant_create(actor=operator, **data)


def seed_units(*, tenant) -> None:
    """The agency's tree below its root (UNITS), through the unit service; the first
    Admin Instansi creates it."""
    types = {t.code: t for t in UnitType.objects.all()}
    by_code = {u.code: u for u in Unit.objects.all()}
    root = Unit.objects.get(depth=1)
    admin = demo_user(*PEOPLE[0][:3])
    membership_ensure(tenant=tenant, user=admin)
    RoleAssignment.objects.get_or_create(
        tenant=tenant, user=admin, unit=root, role=Role.ADMIN_INSTANSI, area=""
    )
    for code, name, type_code, parent_code, head, title in UNITS:
        if code in by_code:
            continue
        parent = by_code[parent_code] if parent_code else root
        by_code[code] = unit_create(
            actor=admin,
            parent=Unit.objects.get(pk=parent.pk),
            code=code,
            name=name,
            unit_type=types[type_code],
            head_name=head,
            head_title=title,
            address=ROOT_ADDRESS if parent_code is None else LETTERHEADS.get(code, ("", ""))[0],
            head_nip=LETTERHEADS.get(code, ("", ""))[1],
        )


def seed_second_agency(*, tenant, admin) -> None:
    """The agency admin also helps a second agency: shows switching between tenants."""
    membership_ensure(tenant=tenant, user=admin)
    root = Unit.objects.get(depth=1)
    RoleAssignment.objects.get_or_create(
        tenant=tenant, user=admin, unit=root, role=Role.ADMIN_INSTANSI, area=""
    )
    # ... and invites the Ketua Pokja to read its units: an invitation waiting on
    # their home page (nothing changes before they accept).
    if not Invitation.objects.filter(email="ketua.pokja@pu-demo.go.id").exists():
        invitation_create(
            actor=admin,
            tenant=tenant,
            email="ketua.pokja@pu-demo.go.id",
            full_name="Ketua Pokja (undangan)",
            unit=root,
            role=Role.PIMPINAN,
        )
