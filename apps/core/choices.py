from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    """The six change areas (area perubahan) of the Pengungkit component."""

    MP = "MP", _("Manajemen Perubahan")
    TL = "TL", _("Penataan Tata Laksana")
    SDM = "SDM", _("Penataan Sistem Manajemen SDM")
    AK = "AK", _("Penguatan Akuntabilitas Kinerja")
    PW = "PW", _("Penguatan Pengawasan")
    PP = "PP", _("Peningkatan Kualitas Pelayanan Publik")
