from django.utils.translation import gettext_lazy as _

from apps.core.navigation import NavItem, register

register(NavItem(_("Tugas saya"), "workplan:my_tasks", order=70))
