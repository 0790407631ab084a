from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "apps.assessment"
    verbose_name = _("Penilaian LKE")

    def ready(self):
        # "Usulan ke TPI" only when the unit is eligible (LKE_SCORING.md §6).
        from . import eligibility  # noqa: F401
