"""Operators change units and unit types through the unit services (the same checks and
audit record as the agency's admins in the portal)."""

from django.contrib import admin
from guardian.admin import GuardedModelAdminMixin

from apps.core.admin import ServiceAdminMixin, TenantOwnedAdmin

from . import services
from .models import Unit, UnitType


@admin.register(UnitType)
class UnitTypeAdmin(ServiceAdminMixin, TenantOwnedAdmin):
    list_display = ["name", "code", "order", "tenant"]
    list_filter = ["tenant"]

    def get_readonly_fields(self, request, obj=None):
        return ["tenant"] if obj is not None else []

    def service_save(self, request, obj, form, change):
        if change:
            services.unit_type_update(
                actor=request.user,
                unit_type=UnitType.objects.get(pk=obj.pk),
                **{f: form.cleaned_data[f] for f in form.changed_data},
            )
        else:
            obj.pk = services.unit_type_create(
                actor=request.user, tenant=obj.tenant, code=obj.code, name=obj.name, order=obj.order
            ).pk

    def service_delete(self, request, obj):
        services.unit_type_delete(actor=request.user, unit_type=obj)


@admin.register(Unit)
class UnitAdmin(GuardedModelAdminMixin, ServiceAdminMixin, TenantOwnedAdmin):
    """Read-mostly for operators; the tree is edited in the portal by agency admins, and
    a unit is added, moved or removed there only. The object-permissions page grants
    per-unit exceptions (guardian)."""

    list_display = ["code", "name", "unit_type", "depth", "tenant", "is_active"]
    list_filter = ["tenant", "unit_type__code", "is_active"]
    search_fields = ["code", "name"]
    readonly_fields = ["tenant", "path", "depth", "numchild"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "unit_type" in form.base_fields:
            # Every agency has its own "UPT / Satker": offer this unit's agency's types only.
            field = form.base_fields["unit_type"]
            field.queryset = UnitType.objects.filter(tenant_id=obj.tenant_id)
        return form

    def service_save(self, request, obj, form, change):
        services.unit_update(
            actor=request.user,
            unit=Unit.objects.get(pk=obj.pk),
            **{f: form.cleaned_data[f] for f in form.changed_data},
        )
