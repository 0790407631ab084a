from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from treebeard.mp_tree import MP_Node, MP_NodeManager

from apps.core.db import tenant_id_key
from apps.core.models import TenantOwned, TimeStamped
from apps.core.nip import NIPField, validate_nip


class TimeZone(models.TextChoices):
    """Indonesia's three time zones: a unit's local day (deadlines, the first working day
    of a month on which its reports are drafted) is counted in its own."""

    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")


class UnitType(TenantOwned):
    """A level of an agency's tree (Eselon I, Kanwil, UPT …): data of the tenant, not code."""

    code = models.SlugField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=100)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("jenis unit")
        verbose_name_plural = _("jenis unit")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "code"],
                name="unit_type_code_per_tenant",
                violation_error_message=_("Kode jenis unit sudah dipakai di instansi ini."),
            ),
            # Referenced by units' (tenant, unit_type): a unit's type is of its own agency.
            tenant_id_key("unit_type"),
        ]

    def __str__(self) -> str:
        return self.name


class Unit(TenantOwned, TimeStamped, MP_Node):
    """A node of an agency's organisation tree.

    Every agency has exactly one root unit (depth 1): the agency itself. All its units
    live below it, so tree operations only ever touch one tenant's paths and work with
    the tenant-scoped manager.
    """

    code = models.CharField(_("kode unit"), max_length=40)
    name = models.CharField(_("nama unit"), max_length=200)
    unit_type = models.ForeignKey(
        UnitType, verbose_name=_("jenis unit"), on_delete=models.PROTECT, related_name="units"
    )
    address = models.TextField(_("alamat"), blank=True)
    head_name = models.CharField(_("nama pimpinan"), max_length=150, blank=True)
    head_nip = NIPField(_("NIP pimpinan"), max_length=18, blank=True, validators=[validate_nip])
    head_title = models.CharField(_("jabatan pimpinan"), max_length=150, blank=True)
    time_zone = models.CharField(
        _("zona waktu"), max_length=20, choices=TimeZone.choices, default=TimeZone.WIB
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    objects = ScopedManager(tenant="tenant", _manager_class=MP_NodeManager)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("unit")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "code"],
                name="unit_code_per_tenant",
                violation_error_message=_(
                    "Kode unit sudah dipakai oleh unit lain di instansi ini."
                ),
            ),
            # Referenced by (tenant, unit) of tenant-owned rows: they stay in one agency.
            tenant_id_key("unit"),
            models.CheckConstraint(
                condition=models.Q(time_zone__in=TimeZone.values), name="unit_time_zone_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self):
        super().clean()
        if self.unit_type_id and self.tenant_id and self.unit_type.tenant_id != self.tenant_id:
            raise ValidationError(
                {"unit_type": _("Jenis unit harus milik instansi unit ini sendiri.")}
            )

    @property
    def is_tenant_root(self) -> bool:
        return self.depth == 1

    def ancestor_paths(self, *, include_self: bool = False) -> list[str]:
        """Materialised paths from the agency root down to the parent (or to the unit
        itself): every unit above is one ``path__in`` away, without a query here."""
        end = len(self.path) + (1 if include_self else 0)
        return [self.path[:i] for i in range(self.steplen, end, self.steplen)]
