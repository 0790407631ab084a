from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "apps.assessment"
    verbose_name = _("Penilaian LKE")

    def ready(self):
        # Stage guards: "usulan ke TPI" only when the unit is eligible (LKE_SCORING.md
        # §6), "usulan ke TPN" only with a released TPI result that meets the target.
        from . import eligibility, guards  # noqa: F401
