"""Online LKE assessments of a unit's ZI cycle, one layer of answers per level.

A cycle has at most one assessment per level: the unit's own *penilaian mandiri*, the
TPU's *penilaian pendahuluan* (six area sub-teams) and the TPI's *evaluasi*. Each is
bound to the cycle's LKE version and holds its own answers; a level may start from a
copy of the level below. Rows are written only by ``services.py``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core import badges
from apps.core.badges import Badge
from apps.core.models import TenantOwned, TimeStamped
from apps.cycles.stages import Stage
from apps.identification.models import REALISATION_MAX


class Level(models.TextChoices):
    MANDIRI = "mandiri", _("Penilaian mandiri")
    TPU = "tpu", _("Penilaian pendahuluan (TPU)")
    TPI = "tpi", _("Evaluasi TPI")


# The level whose answers a level may start from.
LOWER_LEVEL = {Level.TPU: Level.MANDIRI, Level.TPI: Level.TPU}

# The first stage of the cycle at which a level may be opened (DOMAIN.md §4): the TPU
# assesses from "penilaian pendahuluan" on, the TPI from "evaluasi TPI" on. The unit's
# own self-assessment may be opened at any stage.
LEVEL_FIRST_STAGE = {Level.TPU: Stage.PENILAIAN_PENDAHULUAN, Level.TPI: Stage.EVALUASI_TPI}


class Status(models.TextChoices):
    DRAFT = "draft", _("Sedang dinilai")
    FINAL = "final", _("Final (dikunci)")


badges.register(
    Status, {Status.DRAFT: "text-bg-warning", Status.FINAL: Badge("text-bg-success", _("Final"))}
)


class Assessment(TenantOwned, TimeStamped):
    cycle = models.ForeignKey(
        "cycles.Cycle",
        verbose_name=_("siklus ZI"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    # Denormalised from the cycle: access is decided on the unit's path in SQL.
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    template = models.ForeignKey(
        "lke.TemplateVersion",
        verbose_name=_("versi template LKE"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ketua penilai"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    seeded_from = models.ForeignKey(
        "self",
        verbose_name=_("dimulai dari jawaban"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    locked_at = models.DateTimeField(_("dikunci pada"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikunci oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    released_at = models.DateTimeField(_("dirilis ke unit pada"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dirilis oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuka oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("penilaian LKE")
        verbose_name_plural = _("penilaian LKE")
        ordering = ["cycle", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "level"],
                name="assessment_one_per_cycle_level",
                violation_error_message=_("Siklus ini sudah memiliki penilaian pada tingkat ini."),
            ),
            models.CheckConstraint(
                condition=Q(level__in=Level.values), name="assessment_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="assessment_status_valid"
            ),
            # Final means locked; only a final assessment can be released.
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT, locked_at__isnull=True)
                | Q(status=Status.FINAL, locked_at__isnull=False),
                name="assessment_final_iff_locked",
            ),
            models.CheckConstraint(
                condition=Q(released_at__isnull=True) | Q(status=Status.FINAL),
                name="assessment_released_only_final",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} – {self.cycle_id}"

    @property
    def is_locked(self) -> bool:
        return self.status == Status.FINAL


class Assignment(TenantOwned):
    """An assessor of an assessment: for one area (TPU sub-teams) or the whole LKE."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penilai"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # An LKE area code of the template (MP, TL, … HB, HP); empty: every area.
    area = models.CharField(_("area"), max_length=20, blank=True, default="")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("ditugaskan"), auto_now_add=True)

    class Meta:
        verbose_name = _("penugasan penilai")
        verbose_name_plural = _("penugasan penilai")
        ordering = ["area", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "user", "area"],
                name="assessment_assignment_unique",
                violation_error_message=_("Penilai ini sudah ditugaskan untuk area tersebut."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.area or '*'}"


class Answer(TenantOwned):
    """One question's answer in one assessment, with the assessor's note.

    ``value`` is the canonical answer of the engine: an option code, a number as a
    string, or an object of count inputs; null when unanswered (a note alone).
    ``version`` grows with every save: a save names the version it saw, and a stale
    one is refused instead of overwriting someone else's change.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "lke.Question", verbose_name=_("pertanyaan"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.JSONField(_("jawaban"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True, max_length=4000)
    is_recommendation = models.BooleanField(_("rekomendasi untuk unit"), default=False)
    version = models.PositiveIntegerField(_("versi"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    # Set when the answer was copied from the level below as the level was opened: then
    # ``updated_by`` is the one who answered there (not the admin who opened this level).
    # Cleared by the first change made in this level.
    copied_from = models.CharField(
        _("disalin dari"), max_length=10, choices=Level.choices, blank=True, default=""
    )
    # HBA/HPA (LKE 2014: HB1/HP1): the closed IPAK/IPKP survey of the portal whose value
    # the answer holds (apps.assessment.survey_values), or whose value the assessor
    # replaced: then ``override_reason`` says why, and no later survey result changes it.
    source_survey = models.ForeignKey(
        "surveys.Survey",
        verbose_name=_("sumber survei"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    override_reason = models.TextField(
        _("alasan mengganti nilai survei"), blank=True, default="", max_length=2000
    )

    class Meta:
        verbose_name = _("jawaban LKE")
        verbose_name_plural = _("jawaban LKE")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="assessment_answer_unique"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="assessment_answer_version"),
            models.CheckConstraint(
                condition=Q(is_recommendation=False) | ~Q(note=""),
                name="assessment_recommendation_has_text",
                violation_error_message=_("Rekomendasi harus berisi catatan."),
            ),
            models.CheckConstraint(
                condition=Q(override_reason="") | Q(source_survey__isnull=False),
                name="assessment_answer_override_has_survey",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}:{self.question_id}"


class SakipGrade(models.TextChoices):
    AA = "AA", "AA"
    A = "A", "A"
    BB = "BB", "BB"
    B = "B", "B"
    CC = "CC", "CC"
    C = "C", "C"
    D = "D", "D"


PERCENT = {"max_digits": 6, "decimal_places": 2, "null": True, "blank": True}
_PERCENT_MESSAGE = _("Persentase harus antara 0 dan 100.")
PERCENT_VALIDATORS = [
    MinValueValidator(0, message=_PERCENT_MESSAGE),
    MaxValueValidator(100, message=_PERCENT_MESSAGE),
]
_REALISATION_MESSAGE = _("Realisasi target kinerja utama harus antara 0 dan 1000 persen.")
REALISATION_VALIDATORS = [
    MinValueValidator(0, message=_REALISATION_MESSAGE),
    MaxValueValidator(REALISATION_MAX, message=_REALISATION_MESSAGE),
]
REALISATION_HELP = _(
    "0–1000: lebih dari 100 bila target terlampaui (mis. 112,50); paling banyak dua angka "
    "di belakang koma."
)


class CycleFacts(TenantOwned, TimeStamped):
    """What the admin records about a cycle's unit for the eligibility to be proposed to
    the TPI (LKE_SCORING.md §6); the TPU result comes from the final TPU assessment."""

    cycle = models.OneToOneField(
        "cycles.Cycle", verbose_name=_("siklus ZI"), on_delete=models.CASCADE, related_name="+"
    )
    declared_on = models.DateField(_("tanggal pencanangan"), null=True, blank=True)
    building_start = models.DateField(
        _("mulai pembangunan ZI"),
        null=True,
        blank=True,
        help_text=_("Tanggal penetapan unit sebagai calon unit kerja (SK)."),
    )
    sakip_grade = models.CharField(
        _("nilai SAKIP tahun lalu"), max_length=2, choices=SakipGrade.choices, blank=True
    )
    tlhp_percent = models.DecimalField(
        _("tindak lanjut temuan (TLHP) %"), validators=PERCENT_VALIDATORS, **PERCENT
    )
    lhkan_percent = models.DecimalField(
        _("penyampaian LHKAN %"), validators=PERCENT_VALIDATORS, **PERCENT
    )
    # Achievement against the target may exceed 100 %; the bound is identification's
    # (apps.identification.models.REALISATION_MAX), where the same figures are entered.
    key_target_percent = models.DecimalField(
        _("realisasi target kinerja utama %"),
        validators=REALISATION_VALIDATORS,
        help_text=REALISATION_HELP,
        **PERCENT,
    )
    key_target_prev_percent = models.DecimalField(
        _("realisasi target kinerja utama tahun sebelumnya %"),
        validators=REALISATION_VALIDATORS,
        help_text=REALISATION_HELP,
        **PERCENT,
    )
    holds_wbk_since = models.DateField(_("predikat WBK sejak"), null=True, blank=True)
    revoked_at = models.DateField(_("predikat dicabut pada"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("data syarat usulan TPI")
        verbose_name_plural = _("data syarat usulan TPI")
        constraints = [
            models.CheckConstraint(
                condition=Q(tlhp_percent__isnull=True)
                | Q(tlhp_percent__gte=0, tlhp_percent__lte=100),
                name="cycle_facts_tlhp_0_100",
                violation_error_message=_("Persentase TLHP harus antara 0 dan 100."),
            ),
            models.CheckConstraint(
                condition=Q(lhkan_percent__isnull=True)
                | Q(lhkan_percent__gte=0, lhkan_percent__lte=100),
                name="cycle_facts_lhkan_0_100",
                violation_error_message=_("Persentase LHKAN harus antara 0 dan 100."),
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True})
                    | Q(**{f"{name}__gte": 0, f"{name}__lte": REALISATION_MAX}),
                    name=f"cycle_facts_{name}_0_{REALISATION_MAX}",
                    violation_error_message=_REALISATION_MESSAGE,
                )
                for name in ("key_target_percent", "key_target_prev_percent")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}"
