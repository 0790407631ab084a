"""The kinds of notice, what each tells, and how low a person may turn its e-mail.

One table (``SPECS``) says, for every kind: its label on the preferences page, the
e-mail mode a person gets until they choose (``default``) and the lowest they may choose
(``floor``): a returned item or report must reach its author at least in the daily digest,
so it cannot be silenced.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    TASK_ASSIGNED = "task_assigned", _("Tugas diberikan kepada saya")
    TASK_DUE = "task_due", _("Tenggat tugas mendekat")
    TASK_OVERDUE = "task_overdue", _("Tugas melewati tenggat")
    EVIDENCE_RETURNED = "evidence_returned", _("Bukti dukung dikembalikan")
    EVIDENCE_VERIFIED = "evidence_verified", _("Bukti dukung terverifikasi")
    EVIDENCE_WAITING = "evidence_waiting", _("Bukti dukung menunggu verifikasi saya")
    PLAN_WAITING = "plan_waiting", _("Rencana kerja menunggu persetujuan/pengesahan saya")
    PLAN_DECIDED = "plan_decided", _("Rencana kerja disetujui, disahkan atau dikembalikan")
    IDENTIFICATION = "identification", _("Identifikasi dikembalikan, lengkap atau menunggu")
    ASSESSMENT = "assessment", _("Penilaian ditugaskan, difinalisasi atau dirilis")
    REPORT = "report", _("Laporan disusun, menunggu, dikembalikan atau disetujui")
    REPORT_DUE = "report_due", _("Tenggat laporan")
    DEADLINE = "deadline", _("Tenggat kalender instansi")
    PACT = "pact", _("Pakta Integritas belum ditandatangani")
    NUDGE = "nudge", _("Pengingat dari pimpinan atau admin")
    INVITATION = "invitation", _("Undangan bergabung ke instansi lain")


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("Segera")
    DIGEST = "digest", _("Ringkasan harian")
    OFF = "off", _("Tidak dikirim")


# From most to least: a floor of DIGEST allows IMMEDIATE and DIGEST.
MODE_RANK = {EmailMode.IMMEDIATE: 2, EmailMode.DIGEST: 1, EmailMode.OFF: 0}


@dataclass(frozen=True)
class KindSpec:
    default: str
    floor: str = EmailMode.OFF

    def allows(self, mode: str) -> bool:
        return MODE_RANK[EmailMode(mode)] >= MODE_RANK[EmailMode(self.floor)]

    def allowed_modes(self) -> list[str]:
        return [mode for mode in EmailMode.values if self.allows(mode)]


IMMEDIATE, DIGEST, OFF = EmailMode.IMMEDIATE, EmailMode.DIGEST, EmailMode.OFF

SPECS: dict[str, KindSpec] = {
    Kind.TASK_ASSIGNED: KindSpec(default=IMMEDIATE),
    Kind.TASK_DUE: KindSpec(default=DIGEST),
    Kind.TASK_OVERDUE: KindSpec(default=IMMEDIATE, floor=DIGEST),
    Kind.EVIDENCE_RETURNED: KindSpec(default=IMMEDIATE, floor=DIGEST),
    Kind.EVIDENCE_VERIFIED: KindSpec(default=DIGEST),
    Kind.EVIDENCE_WAITING: KindSpec(default=DIGEST),
    Kind.PLAN_WAITING: KindSpec(default=IMMEDIATE, floor=DIGEST),
    Kind.PLAN_DECIDED: KindSpec(default=IMMEDIATE, floor=DIGEST),
    Kind.IDENTIFICATION: KindSpec(default=IMMEDIATE, floor=DIGEST),
    Kind.ASSESSMENT: KindSpec(default=IMMEDIATE),
    Kind.REPORT: KindSpec(default=IMMEDIATE, floor=DIGEST),
    Kind.REPORT_DUE: KindSpec(default=DIGEST),
    Kind.DEADLINE: KindSpec(default=DIGEST),
    Kind.PACT: KindSpec(default=IMMEDIATE, floor=DIGEST),
    Kind.NUDGE: KindSpec(default=IMMEDIATE, floor=DIGEST),
    Kind.INVITATION: KindSpec(default=IMMEDIATE, floor=DIGEST),
}
assert set(SPECS) == set(Kind.values), "every kind needs its KindSpec"


def spec_of(kind: str) -> KindSpec:
    return SPECS[Kind(kind)]
