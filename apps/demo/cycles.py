"""The demo's ZI cycles (apps.cycles): two 2026 cycles and the agency calendar."""

from django.core.exceptions import ValidationError

from apps.cycles.models import Cycle
from apps.cycles.services import calendar_ensure, cycle_change_stage, cycle_create
from apps.lke.models import TemplateStatus, TemplateVersion
from apps.units.models import Unit

from .declaration import seed_declaration


def seed_cycles(*, tenant, admin, stdout) -> None:
    """Two 2026 cycles with their stage history, and the agency calendar of 2026.

    Through the services, so the log and the audit trail are real; a cycle that
    exists already is left as it is. A stage guard of a later feature that refuses a
    change (e.g. no recorded declaration yet) leaves the cycle where it is and says why.
    """
    calendar_ensure(tenant=tenant, year=2026, actor=admin)
    template = TemplateVersion.objects.filter(
        code="lke-2021", status=TemplateStatus.PUBLISHED
    ).first()
    if template is None:
        stdout.write("lke-2021 tidak berlaku: siklus demo tidak dibuat.")
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
                stdout.write(f"{code}: tetap di tahap {cycle.stage}: {exc.messages[0]}")
                break
