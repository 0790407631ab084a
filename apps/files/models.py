"""The portal's one record of a stored file (evidence, decrees, signed scans, reports)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.db import tenant_id_key
from apps.core.models import TenantOwned

from .checks import FileKind

__all__ = ["FileKind", "StoredFile", "stored_file_path"]

STORAGE_PREFIX = "files"


def stored_file_path(instance: "StoredFile", filename: str) -> str:
    """``files/<tenant>/<unit>/<ab>/<sha256>.<ext>``: derived from the content only, never
    from the name the user gave (that one is kept in ``original_name``)."""
    sha = instance.sha256
    return f"{STORAGE_PREFIX}/{instance.tenant_id}/{instance.unit_id}/{sha[:2]}/{sha}.{instance.extension}"


class StoredFile(TenantOwned):
    """One stored object and what was checked about it.

    The same content is stored once per unit (``tenant, unit, sha256`` is unique);
    rows are written only by ``apps.files.services``. Nothing here says who may read the
    file: that belongs to the object referring to it (an evidence item, a report).
    """

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="stored_files"
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"))
    content_type = models.CharField(_("jenis isi"), max_length=100)
    kind = models.CharField(_("golongan"), max_length=10, choices=FileKind.choices)
    extension = models.CharField(_("ekstensi"), max_length=10)
    original_name = models.CharField(_("nama asli"), max_length=255)
    file = models.FileField(_("berkas"), upload_to=stored_file_path, max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("berkas tersimpan")
        verbose_name_plural = _("berkas tersimpan")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "unit", "sha256"],
                name="stored_file_content_once_per_unit",
                violation_error_message=_("Berkas dengan isi yang sama sudah ada di unit ini."),
            ),
            models.CheckConstraint(condition=models.Q(size__gt=0), name="stored_file_not_empty"),
            # Referenced by (tenant, <file>) of declarations, pacts, decrees and
            # identifications: a row never holds another agency's file.
            tenant_id_key("stored_file"),
        ]

    def __str__(self) -> str:
        return self.original_name
