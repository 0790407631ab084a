from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplanConfig(AppConfig):
    name = "apps.workplan"
    verbose_name = _("Rencana Kerja dan tugas Pokja")

    def ready(self):
        # Who is told of this app's workflow steps (apps.notifications.events).
        from . import notices  # noqa: F401
