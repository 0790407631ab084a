"""LKE template versions as rows: national regulations, global (not tenant-owned).

A version is a tree: component → area → aspect → indicator → question, with
answer types, question options, count inputs, evidence requirements and the
predicate rules. Rows are written only by ``services.lke_template_load`` (from
a fixture document) and are read back into the pure engine by
``selectors.template_document``; an assessment will point at the version it
started with, so a version in use never changes (``services.template_in_use``).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core import badges
from apps.core.models import TimeStamped

WEIGHT = {"max_digits": 9, "decimal_places": 4}


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Berlaku")
    RETIRED = "retired", _("Tidak berlaku")


badges.register(
    TemplateStatus,
    {
        TemplateStatus.DRAFT: "text-bg-warning",
        TemplateStatus.PUBLISHED: "text-bg-success",
        TemplateStatus.RETIRED: "text-bg-secondary",
    },
)


class AnswerKind(models.TextChoices):
    CHOICE = "choice", _("Pilihan")
    SCORE = "score", _("Nilai")
    PERCENT = "percent", _("Persen")
    COMPUTED = "computed", _("Persen dihitung")


class ComponentKind(models.TextChoices):
    PENGUNGKIT = "pengungkit", _("Pengungkit")
    HASIL = "hasil", _("Hasil")


class Ordered(models.Model):
    order = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        abstract = True
        ordering = ["order"]


class TemplateVersion(TimeStamped):
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=TemplateStatus.choices, default=TemplateStatus.DRAFT
    )
    note = models.TextField(_("catatan"), blank=True)
    settings = models.JSONField(_("pengaturan"), default=dict)
    eligibility = models.JSONField(_("syarat usulan ke TPI"), null=True, blank=True)
    content_hash = models.CharField(_("sidik isi (SHA-256)"), max_length=64)
    source = models.CharField(_("berkas sumber"), max_length=255, blank=True)
    status_changed_at = models.DateTimeField(_("status diubah"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("status diubah oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("versi template LKE")
        verbose_name_plural = _("versi template LKE")
        ordering = ["-code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=TemplateStatus.values), name="lke_version_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class AnswerType(models.Model):
    version = models.ForeignKey(
        TemplateVersion, on_delete=models.CASCADE, related_name="answer_types"
    )
    code = models.SlugField(_("kode"), max_length=30)
    label = models.CharField(_("label"), max_length=60)
    kind = models.CharField(_("jenis"), max_length=10, choices=AnswerKind.choices)
    minimum = models.DecimalField(_("minimum"), null=True, blank=True, **WEIGHT)
    maximum = models.DecimalField(_("maksimum"), null=True, blank=True, **WEIGHT)
    options = models.JSONField(_("pilihan bawaan"), default=list, blank=True)
    order = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("tipe jawaban")
        verbose_name_plural = _("tipe jawaban")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="lke_answer_type_code"),
            models.CheckConstraint(
                condition=Q(kind__in=AnswerKind.values), name="lke_answer_type_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Component(Ordered):
    version = models.ForeignKey(
        TemplateVersion, on_delete=models.CASCADE, related_name="components"
    )
    code = models.SlugField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=12, choices=ComponentKind.choices)
    weight = models.DecimalField(_("bobot"), **WEIGHT)

    class Meta(Ordered.Meta):
        verbose_name = _("komponen")
        verbose_name_plural = _("komponen")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="lke_component_code"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="lke_component_weight"),
        ]

    def __str__(self) -> str:
        return self.name


class Area(Ordered):
    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="+")
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama"), max_length=200)
    weight = models.DecimalField(_("bobot"), **WEIGHT)

    class Meta(Ordered.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("area")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="lke_area_code"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="lke_area_weight"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Aspect(Ordered):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="aspects")
    code = models.SlugField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=100)
    weight = models.DecimalField(_("bobot"), **WEIGHT)

    class Meta(Ordered.Meta):
        verbose_name = _("aspek")
        verbose_name_plural = _("aspek")
        constraints = [
            models.UniqueConstraint(fields=["area", "code"], name="lke_aspect_code"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="lke_aspect_weight"),
        ]

    def __str__(self) -> str:
        return self.name


class Indicator(Ordered):
    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="+")
    aspect = models.ForeignKey(Aspect, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama"), max_length=300)
    weight = models.DecimalField(_("bobot"), **WEIGHT)

    class Meta(Ordered.Meta):
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="lke_indicator_code"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="lke_indicator_weight"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Question(Ordered):
    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="questions")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(_("kode"), max_length=20)
    text = models.TextField(_("pertanyaan"))
    answer_type = models.ForeignKey(AnswerType, on_delete=models.PROTECT, related_name="+")
    guidance = models.TextField(_("panduan"), blank=True)
    evidence_source = models.CharField(_("sumber daftar bukti"), max_length=300, blank=True)
    # Computed % questions: {"rule": "ratio", "numerator": …, "denominator": …, "if_zero": …}
    computation = models.JSONField(_("rumus"), null=True, blank=True)
    max_points = models.DecimalField(_("nilai maksimum"), null=True, blank=True, **WEIGHT)
    scale = models.DecimalField(_("skala"), null=True, blank=True, **WEIGHT)

    class Meta(Ordered.Meta):
        verbose_name = _("pertanyaan")
        verbose_name_plural = _("pertanyaan")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="lke_question_code"),
        ]

    def __str__(self) -> str:
        return self.code


class QuestionOption(Ordered):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    code = models.CharField(_("kode"), max_length=10)
    label = models.CharField(_("label"), max_length=300)
    value = models.DecimalField(_("nilai"), max_digits=6, decimal_places=4)

    class Meta(Ordered.Meta):
        verbose_name = _("pilihan jawaban")
        verbose_name_plural = _("pilihan jawaban")
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="lke_option_code"),
            models.CheckConstraint(
                condition=Q(value__gte=0, value__lte=1), name="lke_option_value_0_1"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class CountInput(Ordered):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="count_inputs")
    name = models.SlugField(_("nama"), max_length=30)
    label = models.CharField(_("label"), max_length=200)
    required = models.BooleanField(_("wajib"), default=True)

    class Meta(Ordered.Meta):
        verbose_name = _("masukan hitungan")
        verbose_name_plural = _("masukan hitungan")
        constraints = [
            models.UniqueConstraint(fields=["question", "name"], name="lke_count_input_name"),
        ]

    def __str__(self) -> str:
        return self.label


class EvidenceRequirement(Ordered):
    """One document of a question's default evidence checklist (bukti dukung)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="evidence")
    name = models.CharField(_("dokumen"), max_length=300)

    class Meta(Ordered.Meta):
        verbose_name = _("bukti dukung bawaan")
        verbose_name_plural = _("bukti dukung bawaan")
        constraints = [
            models.UniqueConstraint(fields=["question", "name"], name="lke_evidence_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Predicate(Ordered):
    """A predicate (WBBM, WBK); ``order`` 0 is the best, tried first."""

    version = models.ForeignKey(
        TemplateVersion, on_delete=models.CASCADE, related_name="predicates"
    )
    code = models.SlugField(_("kode"), max_length=20)
    name = models.CharField(_("nama"), max_length=100)
    title = models.CharField(_("sebutan"), max_length=200, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("predikat")
        verbose_name_plural = _("predikat")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="lke_predicate_code"),
        ]

    def __str__(self) -> str:
        return self.name


class PredicateRule(Ordered):
    predicate = models.ForeignKey(Predicate, on_delete=models.CASCADE, related_name="rules")
    code = models.SlugField(_("kode"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    measure = models.CharField(_("ukuran"), max_length=20)
    ref = models.CharField(_("rujukan"), max_length=40, blank=True)
    bound = models.DecimalField(_("batas minimal"), null=True, blank=True, **WEIGHT)
    percent = models.DecimalField(_("persen minimal"), null=True, blank=True, **WEIGHT)
    note = models.CharField(_("keterangan"), max_length=200, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("aturan predikat")
        verbose_name_plural = _("aturan predikat")
        constraints = [
            models.UniqueConstraint(fields=["predicate", "code"], name="lke_rule_code"),
        ]

    def __str__(self) -> str:
        return self.label
