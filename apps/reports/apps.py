from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "apps.reports"
    verbose_name = _("Laporan pembangunan ZI")

    def ready(self):
        # Who is told of a report's workflow steps (apps.notifications.events).
        from . import notices  # noqa: F401
