"""A unit's ZI cycle (one year of building towards WBK or WBBM) and the agency calendar
of deadlines per year. The log of stage changes is the cycle's workflow history
(``apps.core.models.StateChange``).

Rows are written only by ``services.py``: the stage changes through
``cycle_change_stage`` (the workflow transition: guards, history, audit), the calendar
through ``calendar_ensure`` and ``calendar_entry_update``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.db import tenant_id_key
from apps.core.models import TenantOwned, TimeStamped

from .stages import Stage

__all__ = ["YEAR_MAX", "YEAR_MIN", "CalendarEntry", "Cycle", "Stage", "Target"]

# ZI started with PermenPANRB 52/2014; the upper bound only catches typing errors.
YEAR_MIN = 2014
YEAR_MAX = 2100


def validate_year(value: int) -> None:
    if value is None or not YEAR_MIN <= value <= YEAR_MAX:
        raise ValidationError(
            _("Tahun harus antara %(min)s dan %(max)s."),
            code="year_range",
            params={"min": YEAR_MIN, "max": YEAR_MAX},
        )


class Target(models.TextChoices):
    WBK = "wbk", _("Menuju WBK")
    WBBM = "wbbm", _("Menuju WBBM")


class Cycle(TenantOwned, TimeStamped):
    """One unit's year of building ZI towards a predicate, bound to one LKE version."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="cycles"
    )
    year = models.PositiveSmallIntegerField(_("tahun"), validators=[validate_year])
    name = models.CharField(_("nama"), max_length=200)
    target = models.CharField(_("target"), max_length=4, choices=Target.choices)
    template = models.ForeignKey(
        "lke.TemplateVersion",
        verbose_name=_("versi template LKE"),
        on_delete=models.PROTECT,
        related_name="cycles",
    )
    stage = models.CharField(
        _("tahap"), max_length=30, choices=Stage.choices, default=Stage.PENCANANGAN
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
        verbose_name = _("siklus ZI")
        verbose_name_plural = _("siklus ZI")
        ordering = ["-year", "unit__path", "target"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "target"],
                name="cycle_unique_per_unit_year_target",
                violation_error_message=_(
                    "Unit ini sudah memiliki siklus ZI dengan tahun dan target yang sama."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX),
                name="cycle_year_range",
                # Literal bounds: a lazy message cannot be %-formatted at import time.
                violation_error_message=_("Tahun harus antara 2014 dan 2100."),
            ),
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="cycle_stage_valid"),
            models.CheckConstraint(
                condition=Q(target__in=Target.values), name="cycle_target_valid"
            ),
            # Referenced by (tenant, cycle) of every row of a cycle: it stays in one agency.
            tenant_id_key("cycle"),
        ]
        indexes = [models.Index(fields=["tenant", "year", "stage"])]

    def __str__(self) -> str:
        return f"{self.name} – {self.get_target_display()} ({self.unit_id})"


class CalendarEntry(TenantOwned, TimeStamped):
    """One deadline of an agency's year: a stage of the cycle or a report.

    ``key`` names the deadline across years (``pencanangan``, ``usulan_tpi``,
    ``laporan_monev_03`` …) so that features can look their deadline up.
    """

    year = models.PositiveSmallIntegerField(_("tahun"), validators=[validate_year])
    key = models.SlugField(_("kunci"), max_length=40)
    label = models.CharField(_("kegiatan"), max_length=200)
    starts_on = models.DateField(_("mulai"), null=True, blank=True)
    due_on = models.DateField(_("batas waktu"))
    note = models.TextField(_("keterangan"), blank=True)
    # Position in the default calendar: orders entries that share a due date.
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("jadwal kalender")
        verbose_name_plural = _("kalender instansi")
        ordering = ["year", "due_on", "order", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "year", "key"],
                name="calendar_entry_unique_key",
                violation_error_message=_("Kalender tahun ini sudah memiliki kegiatan ini."),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(starts_on__lte=F("due_on")),
                name="calendar_entry_starts_before_due",
                violation_error_message=_("Tanggal mulai tidak boleh setelah batas waktu."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX),
                name="calendar_entry_year_range",
                # Literal bounds: a lazy message cannot be %-formatted at import time.
                violation_error_message=_("Tahun harus antara 2014 dan 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.label}"
