from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .access import Capability, can


class TenantMemberRequiredMixin(LoginRequiredMixin):
    """Logged in and acting in an agency they belong to (request.tenant is set)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.tenant is None:
            raise PermissionDenied(_("Akun Anda belum terdaftar di instansi mana pun."))
        return super().dispatch(request, *args, **kwargs)


class TenantAdminRequiredMixin(TenantMemberRequiredMixin):
    """An agency-wide capability of the Admin Instansi (``people.manage`` unless the view
    names another); the objects are then scoped by the view's selectors."""

    capability = Capability.PEOPLE_MANAGE

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and request.tenant is not None
            and not can(request.user, self.capability)
        ):
            raise PermissionDenied(_("Halaman ini hanya untuk Admin Instansi."))
        return super().dispatch(request, *args, **kwargs)
