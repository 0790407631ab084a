from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentificationConfig(AppConfig):
    name = "apps.identification"
    verbose_name = _("Identifikasi unit kerja")

    def ready(self):
        # Who is told of this app's workflow steps (apps.notifications.events).
        from . import notices  # noqa: F401
