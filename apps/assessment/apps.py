from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "apps.assessment"
    verbose_name = _("Penilaian LKE")

    def ready(self):
        # Who is told of the assessment's workflow steps (apps.notifications.events), and
        # HBA/HPA from the closed IPAK/IPKP surveys (events; apps/assessment/survey_values.py).
        from . import events, notices  # noqa: F401
