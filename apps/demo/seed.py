"""``manage.py seed_demo``: one agency with a realistic tree, a login for every role and
each feature's rows, through the services. Idempotent: running it again changes nothing
and prints the same logins."""

from django.db import transaction
from django_scopes import scope, scopes_disabled

from apps.accounts.roles import Role
from apps.dashboard.summaries import refresh_all

from .agency import (
    SECOND_TENANT,
    TENANT,
    agency_ensure,
    lke_templates_ensure,
    seed_second_agency,
    seed_units,
)
from .agents import seed_agent_reports
from .assessment import seed_assessment
from .cycles import seed_cycles
from .dashboard import seed_dashboard, seed_dashboard_export
from .declaration import seed_roster
from .evidence import seed_evidence
from .identification import seed_identification
from .notifications import seed_notifications
from .people import (
    ADMIN_EMAIL,
    DEMO_PASSWORD,
    KETUA_TIM,
    OPERATOR,
    PEOPLE,
    SDA_PEOPLE,
    demo_user,
    seed_people,
    team_emails,
)
from .reports import seed_reports
from .surveys import seed_surveys
from .workplan import seed_workplan


@transaction.atomic
def seed_demo(*, stdout) -> None:
    lke_templates_ensure(stdout=stdout)
    with scopes_disabled():
        operator = demo_user(*OPERATOR, nip=None, superuser=True)
        tenant = agency_ensure(operator=operator, data=TENANT)
        second = agency_ensure(operator=operator, data=SECOND_TENANT)
    with scope(tenant=tenant.pk):
        seed_units(tenant=tenant)
        users = seed_people(tenant=tenant)
        admin = users[ADMIN_EMAIL]
        # PJN1-JBR's staff roster and integrity pacts (signed, on paper, not yet).
        seed_roster(tenant=tenant, unit_code="PJN1-JBR")
        seed_cycles(tenant=tenant, admin=admin, stdout=stdout)
        # The TPU identification (returned once, then complete): PJN1-JBR goes on to
        # pembangunan as a Calon Unit Kerja.
        seed_identification(
            tenant=tenant, unit_code="PJN1-JBR", year=2026, admin=admin, stdout=stdout
        )
        # Evidence in every state (verified, in verification, returned, draft, link).
        seed_evidence(tenant=tenant, unit_code="PJN1-JBR", year=2026)
        # Tim Kerja, Agen Perubahan, Rencana Kerja (rev. 1 ratified, rev. 2 drafted), tasks.
        seed_workplan(tenant=tenant, unit_code="PJN1-JBR", year=2026, admin=admin)
        # The change agent's quarters (FRM-05): the first issued, the current one recorded.
        seed_agent_reports(tenant=tenant, unit_code="PJN1-JBR", year=2026)
        # Monev reports: the first months issued (recommendations carried and followed
        # up, a signed scan), the next one a draft.
        seed_reports(tenant=tenant, unit_code="PJN1-JBR", year=2026)
        # SKM semester I closed (340 answers), semester II open; IPAK and IPKP closed.
        seed_surveys(tenant=tenant, unit_code="PJN1-JBR", year=2026, stdout=stdout)
        # Penilaian mandiri (final) and the TPU's preliminary assessment, released.
        seed_assessment(
            tenant=tenant,
            unit_code="PJN1-JBR",
            year=2026,
            admin=admin,
            password=DEMO_PASSWORD,
            stdout=stdout,
        )
        # The leadership dashboard: most Satker/Balai with a 2026 cycle in every stage up to
        # evaluasi TPI (evidence waiting at each level, overdue tasks, released results),
        # four with a 2025 cycle that was decided.
        seed_dashboard(tenant=tenant, admin=admin, stdout=stdout)
        # Reminders due today, notices read and unread, a digest chosen.
        seed_notifications(tenant=tenant, digest_email="anggota.pokja@pu-demo.go.id")
    with scope(tenant=second.pk):
        seed_second_agency(tenant=second, admin=admin)
    # The dashboard's summary rows, there right after `make run` (the beat keeps them fresh),
    # and the Pimpinan's PDF of it for a meeting.
    refresh_all(years=(2025, 2026))
    seed_dashboard_export(tenant=tenant, email="pimpinan@pu-demo.go.id", year=2026)


def print_logins(out) -> None:
    """Every demo login, with the password, for the person who ran seed_demo."""
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
    for email, _name, role, unit_codes, area in SDA_PEOPLE:
        label = Role(role).label + (f" {area}" if area else "")
        out.write(f"{label + ' @ ' + ', '.join(unit_codes):38} {email}")
    out.write("-" * 72)
    out.write("Unit demo dasbor pimpinan: Pimpinan Unit dan Ketua Tim Kerja")
    for code in KETUA_TIM:
        head, ketua = team_emails(code)
        out.write(f"  {code:10} {head:36} {ketua}")
    out.write("-" * 72)
    out.write("Operator, Admin Instansi, Verifikator dan Penilai TPU/TPI wajib memakai")
    out.write("verifikasi dua langkah: saat pertama masuk, pindai kode QR dengan aplikasi")
    out.write("autentikator (mis. Google Authenticator, Aegis) dan simpan kode pemulihannya.")
    out.write("=" * 72)
