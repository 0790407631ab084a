"""A unit's Tim Kerja Pembangunan ZI and its Agen Perubahan, per ZI cycle (seed 003 §5.c).

Members and agents are linked to user accounts: adding one grants the matching role in
the unit (``apps.accounts.services.role_assign``) and removing the last membership that
relies on a granted role revokes it again. The decrees (SK) are stored files. Rows are
written only by ``services.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.accounts.roles import Role
from apps.core.choices import Area
from apps.core.models import TenantOwned, TimeStamped


class DecreeKind(models.TextChoices):
    TIM_KERJA = "tim_kerja", _("SK Tim Kerja Pembangunan ZI")
    AGEN_PERUBAHAN = "agen_perubahan", _("SK Agen Perubahan")


class Decree(TenantOwned, TimeStamped):
    """The decree appointing a cycle's team or its change agents; a new upload replaces
    the current one (the previous file stays in the audit trail and in storage)."""

    cycle = models.ForeignKey(
        "cycles.Cycle", verbose_name=_("siklus ZI"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("jenis SK"), max_length=20, choices=DecreeKind.choices)
    number = models.CharField(_("nomor SK"), max_length=120)
    signed_on = models.DateField(_("tanggal SK"))
    stored_file = models.ForeignKey(
        "files.StoredFile", verbose_name=_("berkas SK"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("surat keputusan")
        verbose_name_plural = _("surat keputusan")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "kind"],
                name="teams_decree_one_per_kind",
                violation_error_message=_("Siklus ini sudah memiliki SK jenis ini."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DecreeKind.values), name="teams_decree_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class Function(models.TextChoices):
    """A member's function in the Tim Kerja (seed 003 §5.c.1)."""

    PENANGGUNG_JAWAB = "penanggung_jawab", _("Penanggung Jawab")
    KETUA_TIM = "ketua_tim", _("Ketua Tim")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    KETUA_POKJA = "ketua_pokja", _("Ketua Pokja")
    ANGGOTA = "anggota", _("Anggota Pokja")


# The role each function grants in the unit.
FUNCTION_ROLES = {
    Function.PENANGGUNG_JAWAB: Role.PIMPINAN_UNIT,
    Function.KETUA_TIM: Role.KETUA_TIM,
    Function.SEKRETARIS: Role.SEKRETARIS,
    Function.KETUA_POKJA: Role.KETUA_POKJA,
    Function.ANGGOTA: Role.ANGGOTA_POKJA,
}
AREA_FUNCTIONS = frozenset({Function.KETUA_POKJA, Function.ANGGOTA})
# Functions held by one person per team (Ketua Pokja: one per area).
SINGLE_FUNCTIONS = (Function.PENANGGUNG_JAWAB, Function.KETUA_TIM)


class TeamMember(TenantOwned):
    cycle = models.ForeignKey(
        "cycles.Cycle",
        verbose_name=_("siklus ZI"),
        on_delete=models.PROTECT,
        related_name="team_members",
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="team_memberships",
    )
    function = models.CharField(_("fungsi"), max_length=20, choices=Function.choices)
    area = models.CharField(_("area"), max_length=3, choices=Area.choices, blank=True, default="")
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    # The role this membership relies on; ``granted`` when adding the member created it
    # (then removing the last membership that relies on it revokes it).
    role_assignment = models.ForeignKey(
        "accounts.RoleAssignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    granted = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("ditambahkan"), auto_now_add=True)

    class Meta:
        verbose_name = _("anggota tim kerja")
        verbose_name_plural = _("anggota tim kerja")
        ordering = ["cycle", "function", "area", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "user", "function", "area"],
                name="teams_member_unique",
                violation_error_message=_("Pegawai ini sudah tercatat dengan fungsi tersebut."),
            ),
            models.UniqueConstraint(
                fields=["cycle", "function"],
                condition=Q(function__in=[f.value for f in SINGLE_FUNCTIONS]),
                name="teams_member_single_function",
                violation_error_message=_("Fungsi ini hanya dipegang satu orang per tim."),
            ),
            models.UniqueConstraint(
                fields=["cycle", "area"],
                condition=Q(function=Function.KETUA_POKJA),
                name="teams_member_one_ketua_pokja_per_area",
                violation_error_message=_("Area ini sudah memiliki Ketua Pokja."),
            ),
            models.CheckConstraint(
                condition=Q(function__in=sorted(f.value for f in AREA_FUNCTIONS)) & ~Q(area="")
                | ~Q(function__in=sorted(f.value for f in AREA_FUNCTIONS)) & Q(area=""),
                name="teams_member_area_iff_pokja",
                violation_error_message=_(
                    "Ketua Pokja dan Anggota Pokja wajib memilih area; fungsi lain tidak."
                ),
            ),
        ]

    def __str__(self) -> str:
        label = self.get_function_display()
        return f"{label} {self.area}".strip() + f" – {self.user_id}"


class ChangeAgent(TenantOwned):
    """One Agen Perubahan of a cycle (appointed by the SK Agen Perubahan)."""

    cycle = models.ForeignKey(
        "cycles.Cycle",
        verbose_name=_("siklus ZI"),
        on_delete=models.PROTECT,
        related_name="change_agents",
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    role_assignment = models.ForeignKey(
        "accounts.RoleAssignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    granted = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("ditambahkan"), auto_now_add=True)

    class Meta:
        verbose_name = _("agen perubahan")
        verbose_name_plural = _("agen perubahan")
        ordering = ["cycle", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "user"],
                name="teams_agent_unique",
                violation_error_message=_("Pegawai ini sudah menjadi Agen Perubahan siklus ini."),
            ),
        ]

    def __str__(self) -> str:
        return f"Agen {self.user_id} ({self.cycle_id})"


class ActionPlanItem(TenantOwned):
    """One row of an agent's Rencana Aksi (FRM-05 table E)."""

    agent = models.ForeignKey(
        ChangeAgent,
        verbose_name=_("agen perubahan"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    value = models.CharField(_("nilai organisasi"), max_length=200)
    outcome = models.TextField(_("sasaran output/outcome"))
    indicator = models.CharField(_("indikator kinerja"), max_length=300)
    target = models.CharField(_("target"), max_length=200)
    activities = models.TextField(_("kegiatan"))
    timing = models.CharField(_("waktu"), max_length=200)
    pic = models.CharField(_("PIC"), max_length=150)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        ordering = ["agent", "id"]

    def __str__(self) -> str:
        return self.value
