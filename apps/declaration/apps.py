from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeclarationConfig(AppConfig):
    name = "apps.declaration"
    verbose_name = _("Pencanangan dan Pakta Integritas")

    def ready(self):
        # Registers "no identifikasi before the charter is recorded" with apps.cycles.
        from . import guards  # noqa: F401
