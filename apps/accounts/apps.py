import contextlib

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = _("Akun")

    def ready(self):
        # django-otp registers admin pages for its devices; deleting a device there would
        # switch a person's 2FA off without the audited reset (apps/accounts/twofactor).
        # The admin's autodiscovery ran before this (django.contrib.admin comes first).
        from django.contrib import admin
        from django.contrib.admin.exceptions import NotRegistered
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        for model in (TOTPDevice, StaticDevice):
            with contextlib.suppress(NotRegistered):
                admin.site.unregister(model)

        # A person's roles are read once and kept on the user object (policy.grants_of):
        # any change of a role assignment or of a unit's place in the tree makes them stale.
        from django.db.models.signals import post_delete, post_save

        from apps.units.models import Unit

        from .models import RoleAssignment
        from .policy import forget_grants

        for model in (RoleAssignment, Unit):
            post_save.connect(forget_grants, sender=model, dispatch_uid=f"forget-grants-{model}")
            post_delete.connect(forget_grants, sender=model, dispatch_uid=f"forget-grants-{model}")
