"""Reports a unit produces from its own data (DOMAIN.md §7): one mechanism, one ``kind``
per form. Today the monthly Laporan Monitoring dan Evaluasi (FRM-04); the quarterly
Agen Perubahan report (FRM-05) and the annual Laporan Pembangunan ZI are later kinds
of the same row (``kinds.py`` says what differs per kind).

- ``Report``: one revision of one unit's report of one kind for one period. Drafted by
  the portal (the beat job, exactly once: the unique key is unit, kind, period and
  revision), completed by the team, submitted, returned or approved by the Pimpinan
  Unit, then issued: its sections are frozen in ``sections`` and its PDF is made once by
  the worker (``apps.files.generated``). A correction is a new revision with a reason;
  the issued one stays readable and becomes superseded when the new one is issued.
- ``Recommendation``: a recommendation made in a report (section E) as a record with a
  person responsible (PIC) and a target date; it is carried into every later report of
  the unit (section B) with its follow-up, evidence and status until it is done.

Rows are written only by ``services``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core import badges
from apps.core.choices import Area, RenderState
from apps.core.models import TenantOwned, TimeStamped


class Kind(models.TextChoices):
    MONEV = "monev", _("Laporan Monitoring dan Evaluasi")
    TAHUNAN = "tahunan", _("Laporan Pembangunan Zona Integritas (tahunan)")
    AGEN_PERUBAHAN = "agen_perubahan", _("Laporan Triwulan Agen Perubahan")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan ke Pimpinan Unit")
    RETURNED = "returned", _("Dikembalikan")
    ISSUED = "issued", _("Terbit")
    SUPERSEDED = "superseded", _("Digantikan revisi berikutnya")


# The states in which the team still writes the report.
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
# A revision not yet issued: at most one per unit, kind and period.
OPEN = (ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.RETURNED)
# Revisions that were issued (the current one, or one a correction replaced).
PUBLISHED = (ReportStatus.ISSUED, ReportStatus.SUPERSEDED)

badges.register(
    ReportStatus,
    {
        ReportStatus.DRAFT: "text-bg-secondary",
        ReportStatus.SUBMITTED: "text-bg-info",
        ReportStatus.RETURNED: "text-bg-warning",
        ReportStatus.ISSUED: "text-bg-success",
        ReportStatus.SUPERSEDED: "text-bg-light border",
    },
)


class Report(TenantOwned, TimeStamped):
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    cycle = models.ForeignKey(
        "cycles.Cycle", verbose_name=_("siklus ZI"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("jenis laporan"), max_length=20, choices=Kind.choices)
    period_start = models.DateField(_("awal periode"))
    period_end = models.DateField(_("akhir periode"))
    revision = models.PositiveSmallIntegerField(_("revisi ke"), default=1)
    # FRM-05 per change agent (the agency's setting): the agent whose report it is; None
    # for a report of the whole unit (monev, or FRM-05 per unit).
    agent = models.ForeignKey(
        "teams.ChangeAgent",
        verbose_name=_("agen perubahan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("mengoreksi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revision_reason = models.TextField(_("alasan koreksi"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # None: drafted by the portal (the beat job).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # A. The monev meeting (FRM-04); blank for kinds without one.
    meeting_on = models.DateField(_("tanggal rapat"), null=True, blank=True)
    meeting_place = models.CharField(_("tempat rapat"), max_length=200, blank=True)
    meeting_agenda = models.CharField(_("agenda rapat"), max_length=300, blank=True)
    meeting_chair = models.CharField(_("pimpinan rapat"), max_length=150, blank=True)
    attendees = models.TextField(_("peserta rapat"), blank=True)
    head_attended = models.BooleanField(_("Pimpinan Unit hadir"), null=True, blank=True)
    # D. and E. (the annual report: its obstacles and conclusions)
    obstacles = models.TextField(_("hambatan dan kendala"), blank=True)
    conclusions = models.TextField(_("kesimpulan"), blank=True)
    # The annual report's other narrative parts, written by the team (``annual.py``).
    introduction = models.TextField(_("pendahuluan"), blank=True)
    next_steps = models.TextField(_("rencana tindak lanjut tahun berikutnya"), blank=True)
    # FRM-05 A–C (the agency's defaults, edited by the agents) and G.5 (recommendations).
    background = models.TextField(_("latar belakang"), blank=True)
    purpose = models.TextField(_("maksud dan tujuan"), blank=True)
    scope = models.TextField(_("ruang lingkup"), blank=True)
    agent_recommendations = models.TextField(_("rekomendasi agen perubahan"), blank=True)
    # C. The team's note per plan item ({plan item id: note}).
    item_notes = models.JSONField(_("catatan kegiatan"), default=dict, blank=True)
    # The sections as computed from the portal's data when the report was submitted: what
    # the Pimpinan Unit approved and what the PDF shows (``services.sections``).
    sections = models.JSONField(_("isi laporan"), default=dict, blank=True)

    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("disetujui oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("terbit"), null=True, blank=True)
    # The signature block, as it stood when the head approved.
    signer_name = models.CharField(_("nama penanda tangan"), max_length=150, blank=True)
    signer_nip = models.CharField(_("NIP penanda tangan"), max_length=18, blank=True)
    signer_title = models.CharField(_("jabatan penanda tangan"), max_length=200, blank=True)

    # The PDF, made once by the worker after approval (apps.files.generated).
    pdf_file = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("PDF laporan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    pdf_state = models.CharField(
        _("status PDF"), max_length=8, choices=RenderState.choices, blank=True
    )
    pdf_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    scan = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("pindaian laporan bertanda tangan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    scan_uploaded_at = models.DateTimeField(_("pindaian diunggah"), null=True, blank=True)

    class Meta:
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        ordering = ["unit", "kind", "-period_start", "-revision"]
        indexes = [
            models.Index(fields=["tenant", "kind", "period_start"], name="report_tenant_period"),
            models.Index(fields=["cycle", "kind", "period_start"], name="report_cycle_period"),
        ]
        constraints = [
            # Exactly once: the beat job run twice, or two requests at once, make one row.
            models.UniqueConstraint(
                fields=["unit", "kind", "period_start", "agent", "revision"],
                nulls_distinct=False,
                name="report_once_per_unit_kind_period_revision",
                violation_error_message=_("Laporan periode ini sudah ada."),
            ),
            models.UniqueConstraint(
                fields=["unit", "kind", "period_start", "agent"],
                nulls_distinct=False,
                condition=Q(status__in=[s.value for s in OPEN]),
                name="report_one_open_revision",
                violation_error_message=_(
                    "Laporan periode ini masih memiliki revisi yang belum terbit."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="report_status_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="report_kind_valid"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="report_period_order"
            ),
            models.CheckConstraint(
                condition=Q(revision=1) | ~Q(revision_reason=""),
                name="report_revision_has_reason",
                violation_error_message=_("Alasan koreksi wajib diisi."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[s.value for s in PUBLISHED]) | Q(issued_at__isnull=False),
                name="report_issued_has_date",
            ),
        ]

    def __str__(self) -> str:
        from .kinds import spec_of

        return spec_of(self.kind).name(self)

    def same_period(self) -> Q:
        """The revisions of this report's period (same unit, kind, period and agent)."""
        return Q(
            unit_id=self.unit_id,
            kind=self.kind,
            period_start=self.period_start,
            agent_id=self.agent_id,
        )

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def is_published(self) -> bool:
        return self.status in PUBLISHED


class FollowUp(models.TextChoices):
    """Where a recommendation's follow-up stands (FRM-04 B, "status rekomendasi")."""

    BELUM = "not_started", _("Belum ditindaklanjuti")
    SEDANG = "in_progress", _("Sedang ditindaklanjuti")
    TELAH = "done", _("Telah ditindaklanjuti")


badges.register(
    FollowUp,
    {
        FollowUp.BELUM: "text-bg-secondary",
        FollowUp.SEDANG: "text-bg-warning",
        FollowUp.TELAH: "text-bg-success",
    },
)


class Recommendation(TenantOwned, TimeStamped):
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    cycle = models.ForeignKey(
        "cycles.Cycle", verbose_name=_("siklus ZI"), on_delete=models.PROTECT, related_name="+"
    )
    # The report (revision) in whose section E it was made.
    report = models.ForeignKey(
        Report,
        verbose_name=_("dibuat pada laporan"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    area = models.CharField(_("area"), max_length=3, choices=Area.choices, blank=True)
    order = models.PositiveIntegerField(_("urutan"), default=0)
    text = models.TextField(_("rekomendasi"))
    pic = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("PIC (penanggung jawab)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_on = models.DateField(_("target waktu"))
    status = models.CharField(
        _("status tindak lanjut"), max_length=12, choices=FollowUp.choices, default=FollowUp.BELUM
    )
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    evidence_note = models.CharField(_("bukti dokumen tindak lanjut"), max_length=500, blank=True)
    evidence = models.ManyToManyField(
        "evidence.EvidenceItem", verbose_name=_("bukti dukung"), blank=True, related_name="+"
    )
    # The report whose issue recorded it as done: it is carried into no report after that
    # report's period.
    closed_in = models.ForeignKey(
        Report, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("rekomendasi")
        verbose_name_plural = _("rekomendasi")
        ordering = ["report", "area", "order", "id"]
        indexes = [models.Index(fields=["unit", "closed_in"], name="recommendation_open")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=FollowUp.values), name="recommendation_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(area__in=["", *Area.values]), name="recommendation_area_valid"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="recommendation_has_text"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class AgentReportScope(models.TextChoices):
    PER_AGENT = "per_agent", _("Satu laporan per Agen Perubahan")
    PER_UNIT = "per_unit", _("Satu laporan per unit (semua Agen Perubahan)")


class AgentReportSettings(TenantOwned, TimeStamped):
    """The agency's setting for FRM-05: one report per change agent (the default) or one
    per unit, and the texts of sections A–C every new draft starts from (the agency
    edits them once; each draft's copy is the agents' to change)."""

    scope = models.CharField(
        _("laporan triwulan disusun"),
        max_length=10,
        choices=AgentReportScope.choices,
        default=AgentReportScope.PER_AGENT,
    )
    background = models.TextField(_("latar belakang"), blank=True)
    purpose = models.TextField(_("maksud dan tujuan"), blank=True)
    scope_text = models.TextField(_("ruang lingkup"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("pengaturan laporan Agen Perubahan")
        verbose_name_plural = _("pengaturan laporan Agen Perubahan")
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="agent_report_settings_once"),
            models.CheckConstraint(
                condition=Q(scope__in=AgentReportScope.values),
                name="agent_report_settings_scope_valid",
            ),
        ]


class Realised(models.TextChoices):
    """Whether an action of the Rencana Aksi was carried out in a month (FRM-05 G.2, "A")."""

    YA = "yes", _("Terealisasi")
    SEBAGIAN = "partly", _("Terealisasi sebagian")
    TIDAK = "no", _("Tidak terealisasi")


badges.register(
    Realised,
    {
        Realised.YA: "text-bg-success",
        Realised.SEBAGIAN: "text-bg-warning",
        Realised.TIDAK: "text-bg-secondary",
    },
)


class ActionRealisation(TenantOwned, TimeStamped):
    """Plan vs actual: what the agent recorded for one item of their Rencana Aksi in one
    month of the quarter (FRM-05 G.2), with a note and the evidence."""

    item = models.ForeignKey(
        "teams.ActionPlanItem",
        verbose_name=_("rencana aksi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    month = models.DateField(_("bulan"))  # the first day of the month
    status = models.CharField(_("realisasi"), max_length=8, choices=Realised.choices)
    note = models.TextField(_("catatan"), blank=True)
    evidence = models.ManyToManyField(
        "evidence.EvidenceItem", verbose_name=_("bukti dukung"), blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("realisasi rencana aksi")
        verbose_name_plural = _("realisasi rencana aksi")
        ordering = ["item", "month"]
        constraints = [
            models.UniqueConstraint(fields=["item", "month"], name="action_realisation_once"),
            models.CheckConstraint(
                condition=Q(status__in=Realised.values), name="action_realisation_status_valid"
            ),
        ]


class AgentChange(TenantOwned, TimeStamped):
    """The change an item of the Rencana Aksi brought (FRM-05 G.4, contribution): the
    condition before and after, and whether it was integrated into the management system
    (LKE PRA1B) and since when."""

    item = models.OneToOneField(
        "teams.ActionPlanItem",
        verbose_name=_("rencana aksi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    before = models.TextField(_("kondisi sebelum"), blank=True)
    after = models.TextField(_("kondisi sesudah"), blank=True)
    integrated_on = models.DateField(
        _("terintegrasi ke sistem manajemen sejak"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("kontribusi perubahan")
        verbose_name_plural = _("kontribusi perubahan")

    @property
    def integrated(self) -> bool:
        return self.integrated_on is not None
