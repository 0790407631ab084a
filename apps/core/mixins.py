from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from apps.accounts.access import is_tenant_admin


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
