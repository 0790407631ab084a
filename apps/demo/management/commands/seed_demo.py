"""Demo data for `make run`: one agency with a realistic tree and a login for every role.

Idempotent: running it again changes nothing and prints the same logins.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django_scopes import scope, scopes_disabled

from apps.accounts.models import RoleAssignment, User
from apps.accounts.roles import Role
from apps.accounts.services import role_assign, tenant_create
from apps.demo.assessment import seed_assessment
from apps.demo.declaration import seed_declaration, seed_roster
from apps.demo.evidence import seed_evidence
from apps.demo.identification import seed_identification
from apps.demo.workplan import seed_workplan
from apps.lke.models import TemplateVersion
from apps.tenants.models import Tenant
from apps.tenants.services import membership_ensure
from apps.units.models import Unit, UnitType
from apps.units.services import unit_create

DEMO_PASSWORD = "ZonaIntegritas!2026"

TENANT = {"name": "Kementerian Pekerjaan Umum (Demo)", "code": "PU-DEMO", "kind": "kementerian"}
SECOND_TENANT = {
    "name": "Pemerintah Provinsi Nusantara (Demo)",
    "code": "PROV-DEMO",
    "kind": "pemda",
}

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


class Command(BaseCommand):
    help = "Membuat data demo (idempoten) dan mencetak akun demo."

    @transaction.atomic
    def handle(self, *args, **options):
        # The national LKE versions first: cycles and assessments are bound to them.
        # Only versions not loaded yet: an operator's later publish/retire decision stands.
        lke_dir = Path(settings.BASE_DIR) / "fixtures" / "lke"
        loaded = set(TemplateVersion.objects.values_list("code", flat=True))
        new_files = [str(p) for p in sorted(lke_dir.glob("*.json")) if p.stem not in loaded]
        if new_files:
            call_command("load_lke", *new_files, stdout=self.stdout)
        with scopes_disabled():
            operator = self._user(*OPERATOR, nip=None, superuser=True)
            tenant = self._tenant(operator, TENANT)
            second = self._tenant(operator, SECOND_TENANT)
        with scope(tenant=tenant.pk):
            self._units(tenant, operator)
            users = self._people(tenant, operator)
            # PJN1-JBR's staff roster and integrity pacts (signed, on paper, not yet).
            seed_roster(tenant=tenant, unit_code="PJN1-JBR")
            self._cycles(tenant, users["admin@pu-demo.go.id"])
            # The TPU identification (returned once, then complete): PJN1-JBR goes on to
            # pembangunan as a Calon Unit Kerja.
            seed_identification(
                tenant=tenant,
                unit_code="PJN1-JBR",
                year=2026,
                admin=users["admin@pu-demo.go.id"],
                stdout=self.stdout,
            )
            # Evidence in every state (verified, in verification, returned, draft, link).
            seed_evidence(tenant=tenant, unit_code="PJN1-JBR", year=2026)
            # Tim Kerja, Agen Perubahan, Rencana Kerja (rev. 1 ratified, rev. 2 drafted), tasks.
            seed_workplan(
                tenant=tenant, unit_code="PJN1-JBR", year=2026, admin=users["admin@pu-demo.go.id"]
            )
            # Penilaian mandiri (final) and the TPU's preliminary assessment, released.
            seed_assessment(
                tenant=tenant,
                unit_code="PJN1-JBR",
                year=2026,
                admin=users["admin@pu-demo.go.id"],
                password=DEMO_PASSWORD,
                stdout=self.stdout,
            )
        with scope(tenant=second.pk):
            # The agency admin also helps a second agency: shows switching between tenants.
            admin = users["admin@pu-demo.go.id"]
            membership_ensure(tenant=second, user=admin)
            root = Unit.objects.get(depth=1)
            RoleAssignment.objects.get_or_create(
                tenant=second, user=admin, unit=root, role=Role.ADMIN_INSTANSI, area=""
            )
            # ... and invites the Ketua Pokja to read its units: an invitation waiting on
            # their home page (nothing changes before they accept).
            from apps.accounts.invitations import invitation_create
            from apps.accounts.models import Invitation

            if not Invitation.objects.filter(email="ketua.pokja@pu-demo.go.id").exists():
                invitation_create(
                    actor=admin,
                    tenant=second,
                    email="ketua.pokja@pu-demo.go.id",
                    full_name="Ketua Pokja (undangan)",
                    unit=root,
                    role=Role.PIMPINAN,
                )
        self._print_logins()

    def _user(self, email, full_name, nip, superuser=False):
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

    def _tenant(self, operator, data) -> Tenant:
        tenant = Tenant.objects.filter(code=data["code"]).first()
        return tenant or tenant_create(actor=operator, **data)

    def _units(self, tenant, operator):
        types = {t.code: t for t in UnitType.objects.all()}
        by_code = {u.code: u for u in Unit.objects.all()}
        root = Unit.objects.get(depth=1)
        admin = self._user(*PEOPLE[0][:3])
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
                address="Jl. Pattimura No. 20, Jakarta Selatan" if parent_code is None else "",
            )

    def _people(self, tenant, operator) -> dict[str, User]:
        by_code = {u.code: u for u in Unit.objects.all()}
        root = Unit.objects.get(depth=1)
        users = {}
        admin = self._user(*PEOPLE[0][:3])
        for email, name, nip, role, unit_code, area in PEOPLE:
            user = self._user(email, name, nip)
            membership_ensure(tenant=tenant, user=user)
            unit = by_code[unit_code] if unit_code else root
            if not RoleAssignment.objects.filter(
                user=user, unit=unit, role=role, area=area
            ).exists():
                # Through the service, so the demo's audit trail shows who gave which role.
                role_assign(actor=admin, user=user, unit=unit, role=role, area=area)
            users[email] = user
        return users

    # --- ZI cycles (apps.cycles) ------------------------------------------------------

    def _cycles(self, tenant, admin):
        """Two 2026 cycles with their stage history, and the agency calendar of 2026.

        Through the services, so the log and the audit trail are real; a cycle that
        exists already is left as it is. A stage guard of a later feature that refuses a
        change (e.g. no recorded declaration yet) leaves the cycle where it is and says why.
        """
        from django.core.exceptions import ValidationError

        from apps.cycles.models import Cycle
        from apps.cycles.services import calendar_ensure, cycle_change_stage, cycle_create
        from apps.lke.models import TemplateStatus

        calendar_ensure(tenant=tenant, year=2026, actor=admin)
        template = TemplateVersion.objects.filter(
            code="lke-2021", status=TemplateStatus.PUBLISHED
        ).first()
        if template is None:
            self.stdout.write("lke-2021 tidak berlaku: siklus demo tidak dibuat.")
            return
        plans = {
            "PJN1-JBR": [
                (
                    "identifikasi",
                    "Piagam Pencanangan ditandatangani 15 Januari 2026; seluruh pegawai "
                    "menandatangani Pakta Integritas.",
                ),
                (
                    "pembangunan",
                    "Laporan Hasil Identifikasi TPU: persyaratan administrasi lengkap, unit "
                    "menjadi Calon Unit Kerja.",
                ),
            ],
            "PJN1-JTM": [
                ("identifikasi", "Piagam Pencanangan ditandatangani 20 Januari 2026."),
            ],
        }
        for code, changes in plans.items():
            unit = Unit.objects.get(code=code)
            if Cycle.objects.filter(unit=unit, year=2026, target="wbk").exists():
                continue
            cycle = cycle_create(actor=admin, unit=unit, year=2026, target="wbk", template=template)
            # The charter with its signed scan: no identifikasi without it (stage guard).
            seed_declaration(cycle=cycle, actor=admin)
            for to_stage, reason in changes:
                try:
                    cycle = cycle_change_stage(
                        actor=admin, cycle=cycle, to_stage=to_stage, reason=reason
                    )
                except ValidationError as exc:  # a guard of a later feature refused
                    self.stdout.write(f"{code}: tetap di tahap {cycle.stage}: {exc.messages[0]}")
                    break

    def _print_logins(self):
        out = self.stdout
        out.write("")
        out.write("=" * 72)
        out.write("ZI Portal demo – http://127.0.0.1:8000")
        out.write(f"Kata sandi semua akun demo: {DEMO_PASSWORD}")
        out.write("-" * 72)
        out.write(f"{'Operator platform (admin Django)':38} {OPERATOR[0]}")
        for email, _name, _nip, role, unit_code, area in PEOPLE:
            label = Role(role).label + (f" {area}" if area else "")
            where = unit_code or TENANT["code"]
            out.write(f"{label + ' @ ' + where:38} {email}")
        out.write("-" * 72)
        out.write("Operator, Admin Instansi, Verifikator dan Penilai TPU/TPI wajib memakai")
        out.write("verifikasi dua langkah: saat pertama masuk, pindai kode QR dengan aplikasi")
        out.write("autentikator (mis. Google Authenticator, Aegis) dan simpan kode pemulihannya.")
        out.write("=" * 72)
