"""Summary rows of the leadership dashboard: one per ZI cycle, with one row per LKE area
and one per verification level still holding items.

They hold what the dashboard rolls up the unit tree (stage, completeness, released
scores, failed minimums, backlog, tasks, pacts, monev on time) so that a page over 2 000
units aggregates a few thousand narrow rows in SQL instead of the agency's evidence,
tasks and answers. Written only by ``summaries.refresh_summaries`` (after every workflow
step of the agency, and hourly for what only time changes); never edited by hand.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.choices import RenderState
from apps.core.models import TenantOwned

# The heat map's column of the result component (its areas together).
HASIL = "HASIL"


class CycleSummary(TenantOwned):
    cycle = models.OneToOneField(
        "cycles.Cycle", on_delete=models.CASCADE, related_name="dashboard_summary"
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    target = models.CharField(_("target"), max_length=4)
    stage = models.CharField(_("tahap"), max_length=30)
    # Evidence checklist: entries (requirements; a question without one is one entry) and
    # those with a verified item (apps.evidence.selectors.cycles_progress).
    entries = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    items = models.PositiveIntegerField(default=0)
    items_verified = models.PositiveIntegerField(default=0)
    items_waiting = models.PositiveIntegerField(default=0)
    items_returned = models.PositiveIntegerField(default=0)
    # Work plan tasks of the cycle.
    tasks = models.PositiveIntegerField(default=0)
    tasks_done = models.PositiveIntegerField(default=0)
    tasks_overdue = models.PositiveIntegerField(default=0)
    # Pakta Integritas of the unit's current staff.
    staff = models.PositiveIntegerField(default=0)
    pacts_signed = models.PositiveIntegerField(default=0)
    # Monev reports whose deadline has passed, and those issued by it.
    monev_due = models.PositiveIntegerField(default=0)
    monev_on_time = models.PositiveIntegerField(default=0)
    # The highest released assessment level (mandiri < tpu < tpi), its total and
    # predicate; the total of each released level for the trend across levels.
    level = models.CharField(_("tingkat penilaian"), max_length=10, blank=True)
    total = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    total_mandiri = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    total_tpu = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    total_tpi = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    predicate = models.CharField(max_length=20, blank=True)
    # The target predicate's failed rules at that level ([RuleOutcome.to_dict(), …]).
    failed_rules = models.JSONField(default=list, blank=True)
    failing = models.BooleanField(default=False)
    # May be proposed to the TPI now (stage penilaian pendahuluan, final TPU, every
    # condition of LKE_SCORING.md §6 met).
    eligible_tpi = models.BooleanField(default=False)
    # Which released assessments the scores came from ({level: released_at}): scores are
    # recomputed only when it changes.
    scored_from = models.JSONField(default=dict, blank=True)
    # A workflow step of the cycle changed its figures; the next beat run refreshes it.
    stale = models.BooleanField(default=False)
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("ringkasan siklus")
        verbose_name_plural = _("ringkasan siklus")
        indexes = [
            models.Index(fields=["tenant", "year", "stage"], name="dash_cycle_year_stage"),
            models.Index(fields=["cycle"], condition=Q(stale=True), name="dash_cycle_stale"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id} {self.year}"


class AreaSummary(TenantOwned):
    """One LKE area of a cycle (HASIL: the result component): checklist completeness and
    the released levels' scores as % of the area's weight."""

    summary = models.ForeignKey(CycleSummary, on_delete=models.CASCADE, related_name="areas")
    area = models.CharField(max_length=20)
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=200)
    entries = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    percent_mandiri = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    percent_tpu = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    percent_tpi = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    # The highest released level's figure (what the heat map shows).
    percent = models.DecimalField(max_digits=6, decimal_places=2, null=True)

    class Meta:
        verbose_name = _("ringkasan area")
        verbose_name_plural = _("ringkasan area")
        constraints = [
            models.UniqueConstraint(fields=["summary", "area"], name="dash_area_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.summary_id} {self.area}"


class BacklogSummary(TenantOwned):
    """Items of a cycle waiting at one verification level, and since when the oldest."""

    summary = models.ForeignKey(CycleSummary, on_delete=models.CASCADE, related_name="backlog")
    level = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    waiting = models.PositiveIntegerField()
    oldest = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("antrean verifikasi")
        verbose_name_plural = _("antrean verifikasi")
        constraints = [
            models.UniqueConstraint(
                fields=["summary", "level", "name"], name="dash_backlog_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.summary_id} {self.level}"


class DashboardExport(TenantOwned):
    """A leader's request for the dashboard as a PDF (for a leadership meeting): the view
    asked for (year, unit), who asked and when, and the PDF the worker made of it
    (``apps.files.generated``: pending, running, ready). Only the requester downloads
    it. A run that failed leaves the state blank (nothing due, the beat job leaves it)
    with ``error`` saying why; the page shows it and offers a new request."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    # The unit looked at; None: the top of the requester's reach.
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    pdf_file = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("PDF dasbor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    pdf_state = models.CharField(
        _("status PDF"), max_length=8, choices=RenderState.choices, blank=True
    )
    pdf_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    error = models.TextField(_("kesalahan"), blank=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("ekspor PDF dasbor")
        verbose_name_plural = _("ekspor PDF dasbor")
        indexes = [
            models.Index(
                fields=["tenant", "requested_by", "-created_at"], name="dash_export_requester"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.unit_id or '-'} ({self.pdf_state or 'none'})"

    @property
    def failed(self) -> bool:
        return not self.pdf_state and bool(self.error)

    @property
    def in_progress(self) -> bool:
        return self.pdf_state in (RenderState.PENDING, RenderState.RUNNING)
