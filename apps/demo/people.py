"""The demo's people: one login for every role, all with the same password."""

from django.contrib.auth.hashers import make_password

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
    # Organises the unit's SKM, IPAK and IPKP surveys (Pokja Pelayanan Publik).
    (
        "pokja.pelayanan@pu-demo.go.id",
        "Lina Marlina",
        "199106182016042001",
        Role.KETUA_POKJA,
        "PJN1-JBR",
        "PP",
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


# For the leadership dashboard's units (apps.demo.dashboard): Sumber Daya Air's TPU and
# verifiers, as PEOPLE has Bina Marga's: (e-mail, name, role, unit codes, area).
SDA_PEOPLE = [
    ("penilai.tpu.sda@pu-demo.go.id", "Wahyu Setiadi", Role.PENILAI_TPU, ["SDA"], "MP"),
    ("verifikator.sda@pu-demo.go.id", "Lina Marlina", Role.VERIFIKATOR, ["SDA"], ""),
    (
        "verifikator.bbws@pu-demo.go.id",
        "Hendro Saputro",
        Role.VERIFIKATOR,
        ["BBWS-CTR", "BBWS-BRT"],
        "",
    ),
]

# The Ketua Tim of each dashboard unit; the unit's head is its Pimpinan Unit.
KETUA_TIM = {
    "PJN2-JBR": "Rina Oktaviani",
    "P2JN-JBR": "Galih Permana",
    "BBPJN-JBR": "Indah Purnamasari",
    "PJN2-JTM": "Arif Budiman",
    "P2JN-JTM": "Sulastri Wahyuningsih",
    "OP-CTR": "Dadang Supriatna",
    "PJSA-CTR": "Euis Komariah",
    "BDG-CTR": "Cecep Hidayat",
    "BBWS-CTR": "Ratih Kusumawardani",
    "OP-BRT": "Bambang Sugiarto",
    "PJSA-BRT": "Endah Puspitasari",
    "BDG-BRT": "Teguh Wibisono",
    "BBWS-BRT": "Yuliana Safitri",
}


class _Hash:
    """The demo password, hashed once for all the logins created (when one is)."""

    value = ""

    def __str__(self) -> str:
        self.value = self.value or make_password(DEMO_PASSWORD)
        return self.value


def _person(email: str, name: str, hashed: _Hash) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, full_name=name, password=str(hashed))
        user.full_clean()
        user.save()
    return user


def _role(admin, user, unit, role, area="") -> None:
    membership_ensure(tenant=unit.tenant, user=user)
    if not RoleAssignment.objects.filter(user=user, unit=unit, role=role, area=area).exists():
        role_assign(actor=admin, user=user, unit=unit, role=role, area=area)


def team_emails(code: str) -> tuple[str, str]:
    """The Pimpinan Unit's and the Ketua Tim's login of a dashboard unit."""
    slug = code.lower()
    return f"pimpinan.{slug}@pu-demo.go.id", f"ketua.tim.{slug}@pu-demo.go.id"


def seed_dashboard_people(*, admin, units: dict[str, Unit]) -> dict[str, tuple[User, User]]:
    """SDA's TPU and verifiers, and each dashboard unit's head and Ketua Tim."""
    hashed = _Hash()
    for email, name, role, codes, area in SDA_PEOPLE:
        person = _person(email, name, hashed)
        for code in codes:
            _role(admin, person, units[code], role, area)
    teams = {}
    for code, ketua_name in KETUA_TIM.items():
        unit = units[code]
        head_email, ketua_email = team_emails(code)
        head = _person(head_email, unit.head_name.split(",")[0], hashed)
        ketua = _person(ketua_email, ketua_name, hashed)
        _role(admin, head, unit, Role.PIMPINAN_UNIT)
        _role(admin, ketua, unit, Role.KETUA_TIM)
        teams[code] = (head, ketua)
    return teams
