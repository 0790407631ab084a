"""Pencanangan (the ZI charter, FRM-01) and the Pakta Integritas (FRM-02) of a unit.

- ``Declaration``: one per ZI cycle; day and date, place, the head who declares, the
  witnesses from outside the unit, and the scan of the signed charter (apps.files).
- ``Employee`` + ``Placement``: the unit's staff roster. An employee (by NIP, once per
  agency) has at most one current placement; moving to another unit ends the old one
  and starts a new one, so the roster of every unit keeps its history.
- ``Pact``: the integrity pact signed for one placement (statement 6 of FRM-02 names the
  unit), online by the employee (time and IP) or as a scan recorded by the unit's team;
  its PDF in the FRM-02 layout is made once by the worker.

Rows are written only by ``services.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.choices import RenderState
from apps.core.models import TenantOwned, TimeStamped
from apps.core.nip import validate_nip


class Declaration(TenantOwned, TimeStamped):
    cycle = models.OneToOneField(
        "cycles.Cycle",
        verbose_name=_("siklus ZI"),
        on_delete=models.PROTECT,
        related_name="declaration",
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    declared_on = models.DateField(_("tanggal pencanangan"))
    place = models.CharField(_("tempat"), max_length=150)
    head_name = models.CharField(_("nama pimpinan unit"), max_length=150)
    head_title = models.CharField(_("jabatan pimpinan unit"), max_length=150)
    head_nip = models.CharField(
        _("NIP pimpinan unit"), max_length=18, blank=True, validators=[validate_nip]
    )
    scan = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("pindaian piagam bertanda tangan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    scan_uploaded_at = models.DateTimeField(_("pindaian diunggah"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The charter as a PDF, made by the worker each time it is recorded or corrected
    # (apps.files.generated): pending, running (claimed at …), ready.
    pdf_file = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("PDF piagam pencanangan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    pdf_state = models.CharField(
        _("status PDF piagam"), max_length=8, choices=RenderState.choices, blank=True
    )
    pdf_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("piagam pencanangan")
        verbose_name_plural = _("piagam pencanangan")
        ordering = ["-declared_on", "id"]

    def __str__(self) -> str:
        return f"Piagam Pencanangan {self.cycle_id} ({self.declared_on:%d-%m-%Y})"


class Witness(models.Model):
    """A witness of the declaration: someone other than the unit's head and staff."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="witnesses")
    order = models.PositiveSmallIntegerField(_("urutan"))
    name = models.CharField(_("nama saksi"), max_length=150)
    title = models.CharField(_("jabatan saksi"), max_length=150)
    institution = models.CharField(_("instansi/unit saksi"), max_length=200)

    class Meta:
        verbose_name = _("saksi pencanangan")
        verbose_name_plural = _("saksi pencanangan")
        ordering = ["declaration", "order"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "order"], name="witness_order"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.institution})"


class Employee(TenantOwned, TimeStamped):
    """A civil servant of the agency, identified by NIP. Where they work is ``Placement``."""

    nip = models.CharField(_("NIP"), max_length=18, validators=[validate_nip])
    name = models.CharField(_("nama"), max_length=150)
    lhkpn_obliged = models.BooleanField(_("wajib LHKPN"), default=False)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun portal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee_records",
    )

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["name", "nip"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "nip"],
                name="employee_nip_per_tenant",
                violation_error_message=_("NIP ini sudah terdaftar sebagai pegawai instansi."),
            ),
            models.UniqueConstraint(
                fields=["tenant", "user"],
                condition=Q(user__isnull=False),
                name="employee_one_per_user_per_tenant",
                violation_error_message=_("Akun ini sudah terhubung ke pegawai lain."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"


class Placement(TenantOwned):
    """An employee's period in one unit, with the position held there. Current while
    ``ended_on`` is empty; at most one current placement per employee."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="placements"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="placements"
    )
    position = models.CharField(_("jabatan"), max_length=150)
    started_on = models.DateField(_("mulai"))
    ended_on = models.DateField(_("selesai"), null=True, blank=True)
    end_reason = models.CharField(_("alasan selesai"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("penempatan pegawai")
        verbose_name_plural = _("penempatan pegawai")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=Q(ended_on__isnull=True),
                name="placement_one_current_per_employee",
                violation_error_message=_("Pegawai ini masih tercatat di unit lain."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="placement_ends_after_start",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "ended_on"], name="placement_roster_idx")]

    def __str__(self) -> str:
        return f"{self.employee_id} @ {self.unit_id} ({self.started_on})"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class PactMethod(models.TextChoices):
    ONLINE = "online", _("Ditandatangani daring")
    SCAN = "scan", _("Pindaian dokumen bertanda tangan")


class Pact(TenantOwned):
    """The Pakta Integritas signed for one placement."""

    placement = models.OneToOneField(
        Placement, verbose_name=_("penempatan"), on_delete=models.PROTECT, related_name="pact"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="pacts"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("cara"), max_length=10, choices=PactMethod.choices)
    signed_at = models.DateTimeField(_("ditandatangani"))
    # The statement exactly as it was shown to (or printed for) the signer.
    statement = models.TextField(_("pernyataan"))
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penanda tangan (akun)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    scan = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("pindaian pakta"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    # The pact as a PDF in the FRM-02 layout, made once by the worker when the pact is
    # signed or recorded (apps.files.generated): pending, running (claimed at …), ready.
    pdf_file = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("PDF pakta integritas"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    pdf_state = models.CharField(
        _("status PDF pakta"), max_length=8, choices=RenderState.choices, blank=True
    )
    pdf_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("pakta integritas")
        verbose_name_plural = _("pakta integritas")
        ordering = ["-signed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(method="online", signer__isnull=False, scan__isnull=True)
                    | Q(method="scan", scan__isnull=False)
                ),
                name="pact_online_has_signer_scan_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"Pakta Integritas {self.employee_id} @ {self.unit_id}"
