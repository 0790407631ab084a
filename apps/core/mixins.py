from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


def is_tenant_admin(user) -> bool:
    """Asks the app that owns roles (settings.TENANT_ADMIN_CHECK): core imports no app."""
    return import_string(settings.TENANT_ADMIN_CHECK)(user)


class TenantMemberRequiredMixin(LoginRequiredMixin):
    """Logged in and acting in an agency they belong to (request.tenant is set)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.tenant is None:
            raise PermissionDenied(_("Akun Anda belum terdaftar di instansi mana pun."))
        return super().dispatch(request, *args, **kwargs)


class TenantAdminRequiredMixin(TenantMemberRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and request.tenant is not None
            and not is_tenant_admin(request.user)
        ):
            raise PermissionDenied(_("Halaman ini hanya untuk Admin Instansi."))
        return super().dispatch(request, *args, **kwargs)
