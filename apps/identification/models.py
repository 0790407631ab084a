"""The TPU identification of a candidate unit (FRM-03/SOP/UPM/DJBM-199, seed 003).

One identification per ZI cycle. The unit's staff fill the unit information (part B of
FRM-03) and the service-user list (part C); a Penilai TPU checks the four administrative
requirements (part A) and either returns it with what is missing or declares it complete,
which makes the unit a *Calon Unit Kerja* and produces the Laporan Hasil Identifikasi.

Rows are written only by ``services.py``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core import badges
from apps.core.choices import RenderState
from apps.core.models import TenantOwned, TimeStamped

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]
# Key-target realisation (capaian realisasi kinerja terhadap target) is achievement
# against a target and may exceed 100 % (real reports show 105–180 %); the WBBM rule
# "better than last year" needs the figure as it is. 1000 % (ten times the target) is the
# upper bound: beyond it the figure is a typing slip (9875 for 98,75), not an achievement.
REALISATION_MAX = 1000
REALISATION_VALIDATORS = [MinValueValidator(0), MaxValueValidator(REALISATION_MAX)]
# +62, then the national number without its leading 0: 8 to 13 digits.
PHONE_REGEX = r"^\+62[1-9][0-9]{7,12}$"


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf (diisi unit)")
    SUBMITTED = "submitted", _("Diajukan ke TPU")
    RETURNED = "returned", _("Dikembalikan untuk dilengkapi")
    COMPLETE = "complete", _("Lengkap")


badges.register(
    Status,
    {
        Status.DRAFT: "text-bg-secondary",
        Status.SUBMITTED: "text-bg-info",
        Status.RETURNED: "text-bg-warning",
        Status.COMPLETE: "text-bg-success",
    },
)


class SakipGrade(models.TextChoices):
    """SAKIP evaluation grades, best first (DOMAIN.md §10)."""

    AA = "AA", "AA"
    A = "A", "A"
    BB = "BB", "BB"
    B = "B", "B"
    CC = "CC", "CC"
    C = "C", "C"
    D = "D", "D"


# FRM-03 part A: (field prefix, label). Each is answered terpenuhi / belum terpenuhi + note.
REQUIREMENTS: tuple[tuple[str, str], ...] = (
    ("req_level", _("Tingkat Unit Organisasi/Unit Kerja/Unit Pelaksana Teknis.")),
    ("req_core_service", _("Melaksanakan layanan utama (core business) Kementerian.")),
    (
        "req_integrity_risk",
        _("Memiliki risiko tinggi dalam rangka penegakan budaya anti korupsi dan pelayanan prima."),
    ),
    (
        "req_public_impact",
        _("Mempunyai dampak yang luas pada masyarakat apabila melakukan pembangunan ZI."),
    ),
)

# FRM-03 part B, filled by the unit.
UNIT_INFO_FIELDS = [
    "lhkan_percent",
    "tlhp_percent",
    "sakip_grade",
    "pk_y1",
    "pk_y2",
    "pk_y3",
    "realisation_y1",
    "realisation_y2",
    "unit_note",
]
REQUIREMENT_FIELDS = [f for prefix, _label in REQUIREMENTS for f in (prefix, f"{prefix}_note")]


def _percent(label, *, maximum: int = 100):
    return models.DecimalField(
        label,
        max_digits=6 if maximum > 100 else 5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS if maximum == 100 else REALISATION_VALIDATORS,
    )


def _requirement(label):
    return models.BooleanField(label, null=True, blank=True)


def _note():
    return models.CharField(_("keterangan"), max_length=500, blank=True)


class Identification(TenantOwned, TimeStamped):
    cycle = models.OneToOneField(
        "cycles.Cycle",
        verbose_name=_("siklus ZI"),
        on_delete=models.PROTECT,
        related_name="identification",
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="identifications",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )

    # A. Persyaratan administrasi (checked by the TPU): True terpenuhi, False belum, None
    # not checked yet.
    req_level = _requirement(_("tingkat unit"))
    req_level_note = _note()
    req_core_service = _requirement(_("layanan utama"))
    req_core_service_note = _note()
    req_integrity_risk = _requirement(_("risiko integritas tinggi"))
    req_integrity_risk_note = _note()
    req_public_impact = _requirement(_("dampak luas pada masyarakat"))
    req_public_impact_note = _note()

    # B. Informasi unit kerja (filled by the unit); y-1 is the year before the cycle's.
    lhkan_percent = _percent(_("persentase pelaporan LHKAN"))
    tlhp_percent = _percent(_("persentase tindak lanjut hasil pemeriksaan (TLHP)"))
    sakip_grade = models.CharField(
        _("nilai SAKIP tahun y-1"), max_length=2, choices=SakipGrade.choices, blank=True
    )
    pk_y1 = models.BooleanField(_("perjanjian kinerja tahun y-1"), null=True, blank=True)
    pk_y2 = models.BooleanField(_("perjanjian kinerja tahun y-2"), null=True, blank=True)
    pk_y3 = models.BooleanField(_("perjanjian kinerja tahun y-3"), null=True, blank=True)
    realisation_y1 = _percent(_("capaian realisasi kinerja tahun y-1"), maximum=REALISATION_MAX)
    realisation_y2 = _percent(_("capaian realisasi kinerja tahun y-2"), maximum=REALISATION_MAX)
    unit_note = models.TextField(_("keterangan unit"), blank=True)

    # The TPU's last decision.
    assessor_note = models.TextField(_("catatan TPU"), blank=True)
    # What the unit must complete, as shown when returned: [str, …].
    missing_items = models.JSONField(_("kekurangan"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    report_file = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("PDF Laporan Hasil Identifikasi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The report is made by the worker once the identification is complete
    # (apps.files.generated): pending, running (claimed at …), ready.
    report_state = models.CharField(
        _("status PDF laporan"), max_length=8, choices=RenderState.choices, blank=True
    )
    report_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("identifikasi unit kerja")
        verbose_name_plural = _("identifikasi unit kerja")
        ordering = ["-cycle__year", "unit__path"]
        indexes = [models.Index(fields=["tenant", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="identification_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(sakip_grade__in=[*SakipGrade.values, ""]),
                name="identification_sakip_grade_valid",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True})
                    | Q(**{f"{name}__gte": 0, f"{name}__lte": 100}),
                    name=f"identification_{name}_0_100",
                    violation_error_message=_("Persentase harus antara 0 dan 100."),
                )
                for name in ("lhkan_percent", "tlhp_percent")
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True})
                    | Q(**{f"{name}__gte": 0, f"{name}__lte": REALISATION_MAX}),
                    name=f"identification_{name}_0_{REALISATION_MAX}",
                    violation_error_message=_(
                        "Capaian realisasi kinerja harus antara 0 dan 1000 persen."
                    ),
                )
                for name in ("realisation_y1", "realisation_y2")
            ),
            models.CheckConstraint(
                condition=~Q(status="complete")
                | Q(decided_at__isnull=False, decided_by__isnull=False),
                name="identification_complete_is_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"Identifikasi {self.cycle_id} ({self.get_status_display()})"

    @property
    def is_complete(self) -> bool:
        return self.status == Status.COMPLETE

    @property
    def is_editable(self) -> bool:
        """The unit may still change its information and service users."""
        return self.status in (Status.DRAFT, Status.RETURNED)

    def requirement_rows(self) -> list[dict]:
        return [
            {
                "field": prefix,
                "label": label,
                "value": getattr(self, prefix),
                "note": getattr(self, f"{prefix}_note"),
            }
            for prefix, label in REQUIREMENTS
        ]


class EventAction(models.TextChoices):
    """The steps of an identification's history: its opening and the names of its
    workflow transitions (``services.IDENTIFICATION_WORKFLOW``), with their labels."""

    OPEN = "open", _("Dibuka")
    SUBMIT = "submit", _("Diajukan ke TPU")
    RETURN = "return", _("Dikembalikan untuk dilengkapi")
    COMPLETE = "complete", _("Dinyatakan lengkap")


class ServiceUser(TenantOwned, TimeStamped):
    """One person who used the unit's services (FRM-03 part C); later the respondents of
    the unit's surveys (SKM, IPAK, IPKP), hence keyed by unit and cycle, not by the
    identification."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="service_users",
    )
    cycle = models.ForeignKey(
        "cycles.Cycle",
        verbose_name=_("siklus ZI"),
        on_delete=models.PROTECT,
        related_name="service_users",
    )
    name = models.CharField(_("nama pengguna layanan"), max_length=200)
    service = models.CharField(_("jenis layanan"), max_length=200)
    finished_on = models.DateField(_("tanggal selesai layanan"))
    phone = models.CharField(_("no. telp./WA"), max_length=16, blank=True)
    email = models.EmailField(_("alamat e-mail"), max_length=254, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("pengguna layanan")
        verbose_name_plural = _("pengguna layanan")
        ordering = ["finished_on", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "name", "service", "finished_on"],
                name="service_user_once_per_cycle",
                violation_error_message=_(
                    "Pengguna layanan dengan nama, layanan dan tanggal selesai yang sama sudah ada."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""),
                name="service_user_has_contact",
                violation_error_message=_("Isi no. telp./WA atau alamat e-mail."),
            ),
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=PHONE_REGEX),
                name="service_user_phone_e164",
                violation_error_message=_("No. telp./WA harus berbentuk +62…"),
            ),
        ]
        indexes = [models.Index(fields=["tenant", "unit", "cycle"])]

    def __str__(self) -> str:
        return f"{self.name} – {self.service}"
