from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantOwned


class Tenant(models.Model):
    """An agency (Instansi): a ministry, a non-ministerial agency or a regional government."""

    class Kind(models.TextChoices):
        KEMENTERIAN = "kementerian", _("Kementerian")
        LEMBAGA = "lembaga", _("Lembaga")
        PEMDA = "pemda", _("Pemerintah Daerah")

    name = models.CharField(_("nama instansi"), max_length=200, unique=True)
    code = models.CharField(
        _("kode singkat"),
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9][A-Z0-9-]{1,19}$",
                _("Kode hanya boleh huruf besar, angka dan tanda minus (2–20 karakter)."),
            )
        ],
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(_("aktif"), default=True)
    two_factor_required = models.BooleanField(
        _("verifikasi dua langkah wajib untuk semua anggota"),
        default=False,
        help_text=_(
            "Jika aktif, setiap anggota instansi wajib memakai verifikasi dua langkah, "
            "bukan hanya Admin Instansi, Verifikator dan Penilai."
        ),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Membership(TenantOwned):
    """A person's membership of an agency; roles are given separately, per unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("keanggotaan instansi")
        verbose_name_plural = _("keanggotaan instansi")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "user"],
                name="membership_unique_per_tenant",
                violation_error_message=_("Pengguna sudah menjadi anggota instansi ini."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.tenant.code}"
