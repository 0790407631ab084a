"""Roles of DOMAIN.md §3, how far each one reaches and which name an area.

What each role may do is the capability table (``policy.POLICY``, docs/permissions.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN_INSTANSI = "admin_instansi", _("Admin Instansi")
    PIMPINAN_UNIT = "pimpinan_unit", _("Pimpinan Unit")
    KETUA_TIM = "ketua_tim", _("Ketua Tim Kerja")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    KETUA_POKJA = "ketua_pokja", _("Ketua Pokja")
    ANGGOTA_POKJA = "anggota_pokja", _("Anggota Pokja")
    AGEN_PERUBAHAN = "agen_perubahan", _("Agen Perubahan")
    VERIFIKATOR = "verifikator", _("Verifikator")
    PENILAI_TPU = "penilai_tpu", _("Penilai TPU")
    PENILAI_TPI = "penilai_tpi", _("Penilai TPI")
    PIMPINAN = "pimpinan", _("Pimpinan (baca saja)")


# Roles that reach the unit they are given in and every unit below it.
# All other roles reach only their own unit.
SUBTREE_ROLES = frozenset(
    {Role.ADMIN_INSTANSI, Role.VERIFIKATOR, Role.PENILAI_TPU, Role.PENILAI_TPI, Role.PIMPINAN}
)
# Roles that are given for one change area and must name it.
AREA_ROLES = frozenset({Role.KETUA_POKJA, Role.ANGGOTA_POKJA, Role.PENILAI_TPU})
