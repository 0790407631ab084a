"""A unit's surveys of its service users: the SKM (PermenPANRB 14/2017) and the IPAK and
IPKP perception surveys whose results feed the LKE's Hasil (LKE_SCORING.md §7).

A survey belongs to one unit and one period of a year; it is prepared (questionnaire,
services, scale), opened to the public, and closed, after which its figures are final.
The public answers without an account through a :class:`Link`: an open QR code for the
unit, a service or a desk, or a single-use link sent to one service user of the
identification's list (FRM-03 part C). Each :class:`Response` keeps the regulation's
demographics (never a name or NIK) and one :class:`ResponseAnswer` per item answered;
figures are computed from their sums and counts (``scoring``). Weak elements become
:class:`FollowUpAction` rows, the evidence of PPF4C/PPF1C.

Rows are written only by ``services``.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core import badges
from apps.core.choices import RenderState
from apps.core.db import tenant_id_key
from apps.core.models import TenantOwned, TimeStamped

from .scoring import SKM_SCALE, ScaleRule

SCALES = (4, 5, 6)
SUGGESTION_MAX = 2000
TOKEN_LENGTH = 22  # secrets.token_urlsafe(16)


class Kind(models.TextChoices):
    SKM = "skm", _("SKM – Survei Kepuasan Masyarakat")
    IPAK = "ipak", _("IPAK – Indeks Persepsi Anti Korupsi")
    IPKP = "ipkp", _("IPKP – Indeks Persepsi Kualitas Pelayanan")


SHORT_KIND = {Kind.SKM: "SKM", Kind.IPAK: "IPAK", Kind.IPKP: "IPKP"}


class Period(models.TextChoices):
    """The part of the year a survey covers (the SKM runs at least every six months; the
    LKE rewards four times a year)."""

    Q1 = "q1", _("Triwulan I")
    Q2 = "q2", _("Triwulan II")
    Q3 = "q3", _("Triwulan III")
    Q4 = "q4", _("Triwulan IV")
    S1 = "s1", _("Semester I")
    S2 = "s2", _("Semester II")
    YEAR = "year", _("Tahunan")


# Months (first, last) of each period.
PERIOD_MONTHS = {
    Period.Q1: (1, 3),
    Period.Q2: (4, 6),
    Period.Q3: (7, 9),
    Period.Q4: (10, 12),
    Period.S1: (1, 6),
    Period.S2: (7, 12),
    Period.YEAR: (1, 12),
}


def period_bounds(year: int, period: str) -> tuple[datetime.date, datetime.date]:
    first, last = PERIOD_MONTHS[Period(period)]
    end = datetime.date(year + (last == 12), last % 12 + 1, 1) - datetime.timedelta(days=1)
    return datetime.date(year, first, 1), end


class Status(models.TextChoices):
    DRAFT = "draft", _("Disiapkan")
    OPEN = "open", _("Dibuka untuk responden")
    CLOSED = "closed", _("Ditutup")


badges.register(
    Status,
    {
        Status.DRAFT: "text-bg-secondary",
        Status.OPEN: "text-bg-info",
        Status.CLOSED: "text-bg-success",
    },
)


class Survey(TenantOwned, TimeStamped):
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="surveys"
    )
    kind = models.CharField(_("jenis survei"), max_length=4, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    period = models.CharField(_("periode"), max_length=4, choices=Period.choices)
    title = models.CharField(_("judul"), max_length=200)
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.DRAFT
    )
    # The instrument's points per item (the SKM's are always 4) and how its mean becomes
    # the LKE's 0–4 value (scoring.to_lke).
    scale = models.PositiveSmallIntegerField(
        _("skala instrumen"),
        choices=[(k, _("%(k)s titik") % {"k": k}) for k in SCALES],
        default=SKM_SCALE,
    )
    scale_rule = models.CharField(
        _("aturan konversi ke skala LKE 0–4"),
        max_length=12,
        choices=ScaleRule.choices,
        default=ScaleRule.PROPORTIONAL,
    )
    # How many people used the services in the period (for the minimum sample); optional.
    population = models.PositiveIntegerField(
        _("populasi pengguna layanan"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100_000_000)],
    )
    intro = models.TextField(_("pengantar untuk responden"), blank=True, max_length=2000)
    # For the published report: what the figures say and what the unit will do.
    analysis = models.TextField(_("analisis hasil"), blank=True, max_length=10000)
    opened_at = models.DateTimeField(_("dibuka"), null=True, blank=True)
    closes_on = models.DateField(_("ditutup otomatis pada"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("dipublikasikan"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The published report (PDF), made by the worker (apps.files.generated).
    report_file = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("PDF laporan SKM"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    report_state = models.CharField(
        _("status PDF laporan"), max_length=8, choices=RenderState.choices, blank=True
    )
    report_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("survei")
        verbose_name_plural = _("survei")
        ordering = ["-year", "kind", "period"]
        indexes = [models.Index(fields=["tenant", "unit", "year"])]
        constraints = [
            tenant_id_key("survey"),
            models.UniqueConstraint(
                fields=["unit", "kind", "year", "period"],
                name="survey_one_per_unit_kind_period",
                violation_error_message=_(
                    "Unit ini sudah memiliki survei jenis ini untuk periode tersebut."
                ),
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="survey_kind_valid"),
            models.CheckConstraint(
                condition=Q(period__in=Period.values), name="survey_period_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="survey_status_valid"
            ),
            models.CheckConstraint(condition=Q(scale__in=SCALES), name="survey_scale_valid"),
            models.CheckConstraint(
                condition=~Q(kind=Kind.SKM) | Q(scale=SKM_SCALE),
                name="survey_skm_four_points",
                violation_error_message=_("SKM selalu memakai skala 4 titik."),
            ),
            models.CheckConstraint(
                condition=Q(scale_rule__in=ScaleRule.values), name="survey_scale_rule_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.CLOSED) | Q(closed_at__isnull=False),
                name="survey_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status=Status.CLOSED),
                name="survey_published_only_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def short_kind(self) -> str:
        return SHORT_KIND[Kind(self.kind)]

    @property
    def bounds(self) -> tuple[datetime.date, datetime.date]:
        return period_bounds(self.year, self.period)

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    @property
    def is_editable(self) -> bool:
        """The questionnaire may change only before the first answer can arrive."""
        return self.status == Status.DRAFT


class Service(TenantOwned):
    """A service of the unit that the survey covers (its QR code, its breakdown)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(_("nama layanan"), max_length=200)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("layanan yang disurvei")
        verbose_name_plural = _("layanan yang disurvei")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "name"],
                name="survey_service_unique",
                violation_error_message=_("Layanan ini sudah tercantum dalam survei."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Item(TenantOwned):
    """One question of the questionnaire. ``element`` names the SKM element (U1…U9) or the
    IPAK aspect it measures; ``weight`` is relative (wᵢ = weightᵢ / Σ weights, so the
    weights sum to 1 exactly); ``labels`` are the answer texts, worst first, one per point."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("urutan"))
    code = models.CharField(_("kode"), max_length=8)
    element = models.CharField(_("unsur/aspek"), max_length=100)
    text = models.CharField(_("pertanyaan"), max_length=500)
    weight = models.PositiveSmallIntegerField(
        _("bobot relatif"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    labels = models.JSONField(_("pilihan jawaban"), default=list)

    class Meta:
        verbose_name = _("butir survei")
        verbose_name_plural = _("butir survei")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="survey_item_code_unique"),
            models.UniqueConstraint(fields=["survey", "order"], name="survey_item_order_unique"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="survey_item_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.element}"


class LinkKind(models.TextChoices):
    QR = "qr", _("Kode QR terbuka")
    PERSONAL = "personal", _("Tautan sekali pakai")


class Link(TenantOwned):
    """An entry point to a survey's public form. An open QR code (for the unit, a service,
    or a desk/officer of it) takes any number of answers; a personal link sent to one
    service user takes one answer, then is spent."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("jenis tautan"), max_length=8, choices=LinkKind.choices)
    token = models.CharField(max_length=TOKEN_LENGTH, unique=True, editable=False)
    service = models.ForeignKey(
        Service,
        verbose_name=_("layanan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="links",
    )
    desk = models.CharField(_("loket/petugas"), max_length=100, blank=True)
    service_user = models.ForeignKey(
        "identification.ServiceUser",
        verbose_name=_("pengguna layanan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_links",
    )
    sent_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    used_at = models.DateTimeField(_("dipakai"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("tautan survei")
        verbose_name_plural = _("tautan survei")
        ordering = ["kind", "service__order", "desk", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=LinkKind.values), name="survey_link_kind"),
            models.CheckConstraint(
                condition=Q(kind=LinkKind.PERSONAL, service_user__isnull=False)
                | Q(kind=LinkKind.QR, service_user__isnull=True, used_at__isnull=True),
                name="survey_link_personal_has_user",
            ),
            models.CheckConstraint(
                condition=Q(kind=LinkKind.QR) | Q(desk=""), name="survey_link_desk_only_qr"
            ),
            models.UniqueConstraint(
                fields=["survey", "service_user"],
                condition=Q(kind=LinkKind.PERSONAL),
                name="survey_link_one_per_service_user",
                violation_error_message=_("Pengguna layanan ini sudah punya tautan survei."),
            ),
            models.UniqueConstraint(
                F("survey"),
                F("service"),
                F("desk"),
                condition=Q(kind=LinkKind.QR),
                nulls_distinct=False,
                name="survey_link_qr_unique",
                violation_error_message=_("Kode QR untuk layanan dan loket ini sudah ada."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.kind == LinkKind.PERSONAL:
            return str(_("Tautan pribadi"))
        parts = [self.service.name if self.service_id else str(_("Seluruh layanan unit"))]
        if self.desk:
            parts.append(self.desk)
        return " – ".join(parts)


class Sex(models.TextChoices):
    MALE = "l", _("Laki-laki")
    FEMALE = "p", _("Perempuan")


class AgeBand(models.TextChoices):
    UNDER_20 = "lt20", _("Di bawah 20 tahun")
    A20 = "20", _("20–29 tahun")
    A30 = "30", _("30–39 tahun")
    A40 = "40", _("40–49 tahun")
    A50 = "50", _("50–59 tahun")
    A60 = "60", _("60 tahun ke atas")


class Education(models.TextChoices):
    SD = "sd", _("SD ke bawah")
    SMP = "smp", _("SMP")
    SMA = "sma", _("SMA/sederajat")
    DIPLOMA = "d", _("D1–D4")
    S1 = "s1", _("S1")
    S2 = "s2", _("S2")
    S3 = "s3", _("S3")


class Occupation(models.TextChoices):
    PNS = "pns", _("PNS/ASN")
    TNI_POLRI = "tni", _("TNI/Polri")
    PRIVATE = "swasta", _("Pegawai swasta")
    SELF = "wirausaha", _("Wirausaha")
    STUDENT = "pelajar", _("Pelajar/Mahasiswa")
    OTHER = "lainnya", _("Lainnya")


class SuggestionState(models.TextChoices):
    NONE = "", _("Tanpa saran")
    PENDING = "pending", _("Menunggu ditinjau")
    APPROVED = "approved", _("Boleh ditampilkan")
    HIDDEN = "hidden", _("Tidak ditampilkan")


class Response(TenantOwned):
    """One respondent's answers: demographics as the regulation asks (never a name or
    NIK), the service and desk the link named (or the respondent chose), a suggestion
    that is shown publicly only once reviewed."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    link = models.ForeignKey(
        Link, on_delete=models.PROTECT, null=True, blank=True, related_name="responses"
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("layanan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
    )
    desk = models.CharField(_("loket/petugas"), max_length=100, blank=True)
    # Through a single-use link (Link.kind personal): that link's only answer.
    personal = models.BooleanField(default=False, editable=False)
    submitted_at = models.DateTimeField(_("dikirim"), default=timezone.now)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True)
    age_band = models.CharField(_("usia"), max_length=4, choices=AgeBand.choices, blank=True)
    education = models.CharField(
        _("pendidikan"), max_length=3, choices=Education.choices, blank=True
    )
    occupation = models.CharField(
        _("pekerjaan"), max_length=10, choices=Occupation.choices, blank=True
    )
    suggestion = models.TextField(_("saran"), blank=True, max_length=SUGGESTION_MAX)
    suggestion_state = models.CharField(
        _("status saran"), max_length=8, choices=SuggestionState.choices, blank=True
    )
    reviewed_at = models.DateTimeField(_("ditinjau"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("jawaban responden")
        verbose_name_plural = _("jawaban responden")
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["survey", "submitted_at"])]
        constraints = [
            # A single-use link takes one answer, whatever the race.
            models.UniqueConstraint(
                fields=["link"],
                condition=Q(personal=True),
                name="survey_response_one_per_personal_link",
                violation_error_message=_("Tautan ini sudah dipakai untuk menjawab."),
            ),
            models.CheckConstraint(
                condition=Q(personal=False) | Q(link__isnull=False),
                name="survey_response_personal_has_link",
            ),
            models.CheckConstraint(
                condition=Q(suggestion="", suggestion_state="")
                | (~Q(suggestion="") & ~Q(suggestion_state="")),
                name="survey_response_suggestion_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}#{self.pk}"


class ResponseAnswer(TenantOwned):
    """One item's answer (1 … the survey's scale); a blank leaves no row."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(
        _("jawaban"), validators=[MinValueValidator(1), MaxValueValidator(max(SCALES))]
    )

    class Meta:
        verbose_name = _("jawaban butir")
        verbose_name_plural = _("jawaban butir")
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="survey_answer_unique"),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=max(SCALES)), name="survey_answer_range"
            ),
        ]
        indexes = [models.Index(fields=["item", "value"])]


class FollowUpStatus(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    IN_PROGRESS = "progress", _("Sedang dikerjakan")
    DONE = "done", _("Selesai")


badges.register(
    FollowUpStatus,
    {
        FollowUpStatus.PLANNED: "text-bg-secondary",
        FollowUpStatus.IN_PROGRESS: "text-bg-warning",
        FollowUpStatus.DONE: "text-bg-success",
    },
)


class FollowUpAction(TenantOwned, TimeStamped):
    """What the unit does about a weak element (PPF4C, PPF1C): what, who, by when, where it
    stands, and the evidence once done."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="follow_ups")
    item = models.ForeignKey(
        Item,
        verbose_name=_("unsur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    action = models.TextField(_("rencana tindak lanjut"), max_length=2000)
    owner = models.CharField(_("penanggung jawab"), max_length=200)
    due_on = models.DateField(_("batas waktu"))
    status = models.CharField(
        _("status"), max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.PLANNED
    )
    result = models.TextField(_("hasil tindak lanjut"), blank=True, max_length=4000)
    evidence = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("bukti tindak lanjut"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    done_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("tindak lanjut survei")
        verbose_name_plural = _("tindak lanjut survei")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=FollowUpStatus.values), name="survey_follow_up_status"
            ),
            models.CheckConstraint(
                condition=~Q(status=FollowUpStatus.DONE) | Q(done_at__isnull=False),
                name="survey_follow_up_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.action[:60]
