from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "apps.assessment"
    verbose_name = _("Penilaian LKE")

    def ready(self):
        # Who is told of the assessment's workflow steps (apps.notifications.events).
        from . import notices  # noqa: F401
