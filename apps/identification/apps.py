from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentificationConfig(AppConfig):
    name = "apps.identification"
    verbose_name = _("Identifikasi unit kerja")
