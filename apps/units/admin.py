from django.contrib import admin
from guardian.admin import GuardedModelAdminMixin

from apps.core.admin import TenantOwnedAdmin

from .models import Unit, UnitType


@admin.register(UnitType)
class UnitTypeAdmin(TenantOwnedAdmin):
    list_display = ["name", "code", "order", "tenant"]
    list_filter = ["tenant"]


@admin.register(Unit)
class UnitAdmin(GuardedModelAdminMixin, TenantOwnedAdmin):
    """Read-mostly for operators; the tree is edited in the portal by agency admins.
    The object-permissions page grants per-unit exceptions (guardian)."""

    list_display = ["code", "name", "unit_type", "depth", "tenant", "is_active"]
    list_filter = ["tenant", "unit_type__code", "is_active"]
    search_fields = ["code", "name"]
    readonly_fields = ["tenant", "path", "depth", "numchild"]

    def has_add_permission(self, request):
        return False

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "unit_type" in form.base_fields:
            # Every agency has its own "UPT / Satker": offer this unit's agency's types only.
            field = form.base_fields["unit_type"]
            field.queryset = UnitType.objects.filter(tenant_id=obj.tenant_id)
        return form
