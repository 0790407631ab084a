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


class RenderState(models.TextChoices):
    """Where a document made by the worker (a PDF) stands; blank: none is due yet."""

    PENDING = "pending", _("menunggu dibuat")
    RUNNING = "running", _("sedang dibuat")
    READY = "ready", _("siap")
