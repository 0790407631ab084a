from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplanConfig(AppConfig):
    name = "apps.workplan"
    verbose_name = _("Rencana Kerja dan tugas Pokja")

    def ready(self):
        from apps.cycles.services import register_stage_guard

        from .guards import plan_ratified

        register_stage_guard("penilaian_pendahuluan")(plan_ratified)
