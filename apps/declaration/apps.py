from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeclarationConfig(AppConfig):
    name = "apps.declaration"
    verbose_name = _("Pencanangan dan Pakta Integritas")
