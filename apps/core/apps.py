from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = "Inti"

    def ready(self):
        # Each app's menu entries (apps/<app>/nav.py, apps.core.navigation).
        autodiscover_modules("nav")
