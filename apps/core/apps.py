from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = "Inti"

    def ready(self):
        # Workflow guards are declared one way: each app's ``guards.py`` registers its
        # conditions (``apps.cycles.stages.register_stage_guard``); found here, like
        # admin.py modules, so no app needs a ready() hook of its own.
        autodiscover_modules("guards")
        # Each app's menu entries (apps/<app>/nav.py, apps.core.navigation).
        autodiscover_modules("nav")
