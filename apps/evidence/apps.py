from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "apps.evidence"
    verbose_name = _("Bukti dukung")

    def ready(self):
        # Who is told of this app's workflow steps (apps.notifications.events).
        from . import notices  # noqa: F401
