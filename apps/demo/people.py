"""The demo's people: one login for every role, all with the same password."""

from apps.accounts.models import RoleAssignment, User
from apps.accounts.roles import Role
from apps.accounts.services import role_assign
from apps.tenants.services import membership_ensure
from apps.units.models import Unit

DEMO_PASSWORD = "ZonaIntegritas!2026"

# (e-mail, full name, NIP, role, unit code (None = agency root), area)
PEOPLE = [
    ("admin@pu-demo.go.id", "Rahmat Hidayat", "198203152006041002", Role.ADMIN_INSTANSI, None, ""),
    (
        "pimpinan.unit@pu-demo.go.id",
        "Yusuf Maulana",
        "197805102003121001",
        Role.PIMPINAN_UNIT,
        "PJN1-JBR",
        "",
    ),
    (
        "ketua.tim@pu-demo.go.id",
        "Fitri Handayani",
        "198507222010012015",
        Role.KETUA_TIM,
        "PJN1-JBR",
        "",
    ),
    (
        "sekretaris@pu-demo.go.id",
        "Andi Saputra",
        "199001012015031003",
        Role.SEKRETARIS,
        "PJN1-JBR",
        "",
    ),
    (
        "ketua.pokja@pu-demo.go.id",
        "Maya Sari",
        "198811302012122002",
        Role.KETUA_POKJA,
        "PJN1-JBR",
        "MP",
    ),
    (
        "anggota.pokja@pu-demo.go.id",
        "Rizky Pratama",
        "199305172019031004",
        Role.ANGGOTA_POKJA,
        "PJN1-JBR",
        "MP",
    ),
    ("agen@pu-demo.go.id", "Nur Aini", "199402142020122006", Role.AGEN_PERUBAHAN, "PJN1-JBR", ""),
    (
        "verifikator@pu-demo.go.id",
        "Budi Santoso",
        "198009092005011005",
        Role.VERIFIKATOR,
        "BBPJN-JBR",
        "",
    ),
    (
        "verifikator.es1@pu-demo.go.id",
        "Dian Puspitasari",
        "198304042008012011",
        Role.VERIFIKATOR,
        "BM",
        "",
    ),
    ("penilai.tpu@pu-demo.go.id", "Ratna Dewi", "198612122009022007", Role.PENILAI_TPU, "BM", "MP"),
    ("penilai.tpi@pu-demo.go.id", "Hasan Basri", "197707072002121008", Role.PENILAI_TPI, None, ""),
    (
        "pimpinan@pu-demo.go.id",
        "Ir. Hendra Wijaya, M.T.",
        "196905051995031009",
        Role.PIMPINAN,
        "BM",
        "",
    ),
]
OPERATOR = ("operator@zi-portal.local", "Operator Platform")
ADMIN_EMAIL = PEOPLE[0][0]


def demo_user(email, full_name, nip, superuser=False) -> User:
    """The demo account with ``email``: created with the demo password if missing."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(
            email=email,
            full_name=full_name,
            nip=nip,
            is_staff=superuser,
            is_superuser=superuser,
        )
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
    return user


def seed_people(*, tenant) -> dict[str, User]:
    """Every demo person a member of ``tenant`` with their role; by e-mail."""
    by_code = {u.code: u for u in Unit.objects.all()}
    root = Unit.objects.get(depth=1)
    users = {}
    admin = demo_user(*PEOPLE[0][:3])
    for email, name, nip, role, unit_code, area in PEOPLE:
        user = demo_user(email, name, nip)
        membership_ensure(tenant=tenant, user=user)
        unit = by_code[unit_code] if unit_code else root
        if not RoleAssignment.objects.filter(user=user, unit=unit, role=role, area=area).exists():
            # Through the service, so the demo's audit trail shows who gave which role.
            role_assign(actor=admin, user=user, unit=unit, role=role, area=area)
        users[email] = user
    return users
