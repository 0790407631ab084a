from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentificationConfig(AppConfig):
    name = "apps.identification"
    verbose_name = _("Identifikasi unit kerja")

    def ready(self):
        # Registers the stage guard: no pembangunan before a complete identification.
        from . import guards  # noqa: F401
