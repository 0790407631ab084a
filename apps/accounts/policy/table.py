"""The capability table: for each capability, the roles that grant it, how far they reach,
which of them are bound to one change area, and whether a conflict of interest excludes
the holder. ``docs/permissions.md`` and the access-matrix tests are generated from it."""

from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy

from apps.accounts.roles import Role
from apps.core.capabilities import Capability


class Reach(TextChoices):
    """Where a role must be held for the capability to cover a unit."""

    UNIT = "unit", gettext_lazy("di unit itu sendiri")
    # The role's own reach: its unit, and for SUBTREE_ROLES every unit below it.
    ROLE = "role", gettext_lazy("di unit itu, atau di atasnya untuk peran ▼")
    AGENCY = "agency", gettext_lazy("di unit akar instansi")
    TENANT = "tenant", gettext_lazy("di unit mana pun dalam instansi")


@dataclass(frozen=True)
class Rule:
    roles: frozenset
    reach: Reach
    denied: str  # the AccessDenied message; may name %(unit)s
    # Roles of ``roles`` that are given for one change area: they grant the capability
    # only for that area.
    area_roles: frozenset = frozenset()
    # Conflict of interest (DOMAIN.md §3): a holder of any role in the unit, or in a unit
    # below it, never gets the capability there.
    conflict: bool = False
    # The message when the conflict is the reason (default: CONFLICT_MESSAGE, naming
    # the role that conflicts).
    conflict_denied: str = ""
    # The units where ``unit.view`` is also granted by a django-guardian object permission.
    guardian: bool = False


_ALL = frozenset(Role)
_ADMIN = frozenset({Role.ADMIN_INSTANSI})
_UNIT_TEAM = frozenset({Role.PIMPINAN_UNIT, Role.KETUA_TIM, Role.SEKRETARIS})
_POKJA = frozenset({Role.KETUA_POKJA, Role.ANGGOTA_POKJA})
_ASSESSORS = frozenset({Role.PENILAI_TPU, Role.PENILAI_TPI})

POLICY: dict[Capability, Rule] = {
    Capability.UNIT_VIEW: Rule(
        roles=_ALL,
        reach=Reach.ROLE,
        guardian=True,
        denied=gettext_lazy("Anda tidak memegang peran yang menjangkau unit %(unit)s."),
    ),
    Capability.UNIT_ADMIN: Rule(
        roles=_ADMIN,
        reach=Reach.ROLE,
        denied=gettext_lazy(
            "Hanya Admin Instansi yang menjangkau unit %(unit)s yang dapat mengelolanya."
        ),
    ),
    Capability.PEOPLE_MANAGE: Rule(
        roles=_ADMIN,
        reach=Reach.TENANT,
        denied=gettext_lazy("Hanya Admin Instansi yang dapat mengelola pengguna."),
    ),
    Capability.AGENCY_ADMIN: Rule(
        roles=_ADMIN,
        reach=Reach.AGENCY,
        denied=gettext_lazy(
            "Hanya Admin Instansi tingkat instansi yang dapat mengubah pengaturan ini."
        ),
    ),
    Capability.AUDIT_VIEW: Rule(
        roles=_ADMIN,
        reach=Reach.TENANT,
        denied=gettext_lazy("Hanya Admin Instansi yang dapat membaca log audit."),
    ),
    Capability.CYCLE_MANAGE: Rule(
        roles=_ADMIN,
        reach=Reach.ROLE,
        denied=gettext_lazy(
            "Hanya Admin Instansi yang menjangkau unit %(unit)s yang dapat mengelola siklusnya."
        ),
    ),
    Capability.TEAM_MANAGE: Rule(
        roles=_ADMIN,
        reach=Reach.ROLE,
        denied=gettext_lazy(
            "Hanya Admin Instansi unit %(unit)s yang dapat mengatur Tim Kerja dan Agen Perubahan."
        ),
    ),
    Capability.ACTION_PLAN_EDIT: Rule(
        # The admins over the unit reach it through ROLE; Pimpinan Unit and Ketua Tim
        # are unit roles, so ROLE means the unit itself for them.
        roles=_ADMIN | {Role.PIMPINAN_UNIT, Role.KETUA_TIM},
        reach=Reach.ROLE,
        denied=gettext_lazy(
            "Hanya Agen Perubahan pemiliknya, Pimpinan Unit, Ketua Tim atau Admin Instansi "
            "yang dapat mengubah Rencana Aksi ini."
        ),
    ),
    Capability.DECLARATION_MANAGE: Rule(
        roles=_UNIT_TEAM | _ADMIN,
        reach=Reach.ROLE,
        denied=gettext_lazy(
            "Hanya Pimpinan Unit, Ketua Tim, Sekretaris atau Admin Instansi yang dapat "
            "mengelola pencanangan dan daftar pegawai %(unit)s."
        ),
    ),
    Capability.IDENTIFICATION_FILL: Rule(
        roles=_UNIT_TEAM,
        reach=Reach.UNIT,
        denied=gettext_lazy(
            "Hanya Pimpinan Unit, Ketua Tim atau Sekretaris unit ini yang dapat mengisi "
            "identifikasi."
        ),
    ),
    Capability.IDENTIFICATION_DECIDE: Rule(
        roles=frozenset({Role.PENILAI_TPU}),
        reach=Reach.ROLE,
        conflict=True,
        denied=gettext_lazy(
            "Hanya Penilai TPU yang menjangkau unit ini yang dapat memutuskan identifikasi."
        ),
        conflict_denied=gettext_lazy(
            "Anda memegang peran di unit ini, sehingga tidak boleh menilai identifikasinya "
            "(benturan kepentingan). Keputusan harus diambil Penilai TPU lain."
        ),
    ),
    Capability.EVIDENCE_SUBMIT: Rule(
        roles=_UNIT_TEAM | _POKJA,
        area_roles=_POKJA,
        reach=Reach.UNIT,
        denied=gettext_lazy(
            "Hanya anggota Pokja area %(area)s, Ketua Tim, Sekretaris atau Pimpinan unit ini "
            "yang dapat mengelola bukti ini."
        ),
    ),
    Capability.EVIDENCE_VERIFY: Rule(
        # Who holds a level of the verification chain (apps/evidence/chain.py); which
        # level and unit is the chain's rule, per item.
        roles=frozenset({Role.VERIFIKATOR, Role.PENILAI_TPI}),
        reach=Reach.ROLE,
        denied=gettext_lazy(
            "Hanya verifikator yang menjangkau unit %(unit)s yang dapat memverifikasi buktinya."
        ),
    ),
    Capability.EVIDENCE_READ_VERIFIED: Rule(
        roles=_ASSESSORS,
        reach=Reach.ROLE,
        denied=gettext_lazy("Anda tidak dapat membaca bukti dukung unit %(unit)s."),
    ),
    Capability.EVIDENCE_READ_ALL: Rule(
        roles=_ALL - _ASSESSORS,
        reach=Reach.ROLE,
        denied=gettext_lazy("Anda tidak dapat membaca bukti dukung unit %(unit)s."),
    ),
    Capability.PLAN_EDIT: Rule(
        roles=frozenset({Role.KETUA_TIM, Role.SEKRETARIS}),
        reach=Reach.UNIT,
        denied=gettext_lazy(
            "Hanya Ketua Tim atau Sekretaris unit ini yang dapat menyusun Rencana Kerja."
        ),
    ),
    Capability.PLAN_APPROVE_AREA: Rule(
        roles=frozenset({Role.KETUA_POKJA}),
        area_roles=frozenset({Role.KETUA_POKJA}),
        reach=Reach.UNIT,
        denied=gettext_lazy("Hanya Ketua Pokja area %(area)s unit ini yang dapat menyetujuinya."),
    ),
    Capability.PLAN_APPROVE_IN_PLACE: Rule(
        roles=frozenset({Role.KETUA_TIM}),
        reach=Reach.UNIT,
        denied=gettext_lazy(
            "Hanya Ketua Tim unit ini yang dapat menyetujui area tanpa Ketua Pokja."
        ),
    ),
    Capability.PLAN_RATIFY: Rule(
        roles=frozenset({Role.PIMPINAN_UNIT}),
        reach=Reach.UNIT,
        denied=gettext_lazy("Hanya Pimpinan Unit yang dapat mengesahkan Rencana Kerja."),
    ),
    Capability.TASK_MANAGE: Rule(
        roles=frozenset({Role.KETUA_TIM, Role.SEKRETARIS, Role.KETUA_POKJA}),
        area_roles=frozenset({Role.KETUA_POKJA}),
        reach=Reach.UNIT,
        denied=gettext_lazy(
            "Hanya Ketua Pokja area %(area)s, Ketua Tim atau Sekretaris yang dapat membuat tugas."
        ),
    ),
    Capability.TASK_WORK: Rule(
        # A task's assignees must be members of the unit (any role in it); which tasks a
        # member may work on is the work plan's rule (``can_work_on``).
        roles=_ALL,
        reach=Reach.UNIT,
        denied=gettext_lazy("Hanya anggota unit %(unit)s yang dapat mengerjakan tugasnya."),
    ),
    Capability.ASSESSMENT_MANAGE: Rule(
        roles=_ADMIN,
        reach=Reach.ROLE,
        denied=gettext_lazy("Hanya Admin unit %(unit)s yang dapat membuka penilaian."),
    ),
    Capability.ASSESSMENT_READ_ALL: Rule(
        roles=frozenset({Role.ADMIN_INSTANSI, Role.PIMPINAN}),
        reach=Reach.ROLE,
        denied=gettext_lazy("Anda tidak dapat membaca penilaian unit %(unit)s."),
    ),
    Capability.ASSESSMENT_LEAD_MANDIRI: Rule(
        roles=frozenset({Role.PIMPINAN_UNIT, Role.KETUA_TIM}),
        reach=Reach.UNIT,
        denied=gettext_lazy(
            "Ketua penilaian mandiri harus Pimpinan Unit atau Ketua Tim Kerja %(unit)s."
        ),
    ),
    Capability.ASSESSMENT_ANSWER_MANDIRI: Rule(
        roles=_ALL,
        reach=Reach.UNIT,
        denied=gettext_lazy("Penilaian mandiri dikerjakan oleh tim unit %(unit)s itu sendiri."),
    ),
    Capability.ASSESSMENT_ANSWER_TPU: Rule(
        roles=frozenset({Role.PENILAI_TPU}),
        reach=Reach.ROLE,
        conflict=True,
        denied=gettext_lazy(
            "Hanya Penilai TPU yang menjangkau unit %(unit)s yang dapat menilainya."
        ),
    ),
    Capability.ASSESSMENT_ANSWER_TPI: Rule(
        roles=frozenset({Role.PENILAI_TPI}),
        reach=Reach.ROLE,
        conflict=True,
        denied=gettext_lazy(
            "Hanya Penilai TPI yang menjangkau unit %(unit)s yang dapat mengevaluasinya."
        ),
    ),
    Capability.REPORT_VIEW: Rule(
        # The unit's own team and head (unit roles reach their unit only), and the
        # verifiers and leadership above it (their subtree).
        roles=_UNIT_TEAM | _POKJA | {Role.AGEN_PERUBAHAN, Role.VERIFIKATOR, Role.PIMPINAN},
        reach=Reach.ROLE,
        denied=gettext_lazy("Anda tidak dapat membaca laporan unit %(unit)s."),
    ),
    Capability.REPORT_EDIT: Rule(
        # Seed 003 §5.e: monev is the work of the Pokja Manajemen Perubahan, with the
        # Ketua Tim and Sekretaris (the report kind names the area).
        roles=frozenset({Role.KETUA_TIM, Role.SEKRETARIS, Role.KETUA_POKJA}),
        area_roles=frozenset({Role.KETUA_POKJA}),
        reach=Reach.UNIT,
        denied=gettext_lazy(
            "Hanya Ketua Tim, Sekretaris atau Ketua Pokja %(area)s unit ini yang dapat "
            "menyusun laporan ini."
        ),
    ),
    Capability.REPORT_AGENT_EDIT: Rule(
        # FRM-05: the change agents write their quarterly report and record plan vs
        # actual of their Rencana Aksi; a report of one agent is theirs alone
        # (``apps.reports.access.is_own``).
        roles=frozenset({Role.AGEN_PERUBAHAN}),
        reach=Reach.UNIT,
        denied=gettext_lazy(
            "Hanya Agen Perubahan unit %(unit)s yang dapat menyusun laporan triwulan ini."
        ),
    ),
    Capability.REPORT_APPROVE: Rule(
        roles=frozenset({Role.PIMPINAN_UNIT}),
        reach=Reach.UNIT,
        denied=gettext_lazy("Hanya Pimpinan Unit yang dapat menyetujui laporan ini."),
    ),
    Capability.DASHBOARD_VIEW: Rule(
        # Leadership (issue 15): the Admin Instansi and Pimpinan over their subtree, the
        # Pimpinan Unit and Ketua Tim over their own unit (unit roles reach it only).
        roles=_ADMIN | {Role.PIMPINAN, Role.PIMPINAN_UNIT, Role.KETUA_TIM},
        reach=Reach.ROLE,
        denied=gettext_lazy("Anda tidak dapat membaca dasbor unit %(unit)s."),
    ),
    Capability.SURVEY_VIEW: Rule(
        # The unit's team and Pokja, its verifiers and leadership above it (their subtree),
        # the Admin Instansi: the survey's results are the unit's business, not only its
        # organisers'.
        roles=_ADMIN | _UNIT_TEAM | _POKJA | {Role.VERIFIKATOR, Role.PIMPINAN},
        reach=Reach.ROLE,
        denied=gettext_lazy("Anda tidak dapat membaca survei unit %(unit)s."),
    ),
    Capability.SURVEY_MANAGE: Rule(
        # The SKM is the work of the Pokja Peningkatan Kualitas Pelayanan Publik (PPF4),
        # with the Ketua Tim and Sekretaris; the Pokja's roles count for that area only.
        roles=frozenset({Role.KETUA_TIM, Role.SEKRETARIS}) | _POKJA,
        area_roles=_POKJA,
        reach=Reach.UNIT,
        denied=gettext_lazy(
            "Hanya Ketua Tim, Sekretaris atau Pokja Pelayanan Publik unit %(unit)s yang dapat "
            "mengelola survei."
        ),
    ),
    Capability.NUDGE_SEND: Rule(
        # The unit's head and Ketua Tim for their unit (unit roles reach it only); the
        # admins over it reach it through ROLE.
        roles=_ADMIN | {Role.PIMPINAN_UNIT, Role.KETUA_TIM},
        reach=Reach.ROLE,
        denied=gettext_lazy(
            "Hanya Pimpinan Unit, Ketua Tim atau Admin Instansi yang menjangkau unit "
            "%(unit)s yang dapat mengirim pengingat."
        ),
    ),
}

CONFLICT_MESSAGE = gettext_lazy(
    "%(name)s memegang peran %(role)s di %(unit)s: penilai tidak boleh menilai unit "
    "tempatnya bertugas (benturan kepentingan)."
)


def roles_of(capability: str) -> frozenset:
    """The roles that grant ``capability`` somewhere (menus that show an entry to holders)."""
    return POLICY[Capability(capability)].roles
