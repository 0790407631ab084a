from django.contrib import admin

from apps.core.admin import TenantOwnedAdmin

from .models import Membership, Tenant
from .services import tenant_create, tenant_update


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    """Platform operators create and edit agencies here; through the services, so the
    root unit, default unit types and the audit record come with them."""

    list_display = ["name", "code", "kind", "is_active", "created_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]

    def save_model(self, request, obj, form, change):
        if change:
            tenant_update(
                actor=request.user,
                tenant=Tenant.objects.get(pk=obj.pk),
                **{f: form.cleaned_data[f] for f in form.changed_data},
            )
        else:
            created = tenant_create(actor=request.user, name=obj.name, code=obj.code, kind=obj.kind)
            obj.pk = created.pk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(TenantOwnedAdmin):
    list_display = ["user", "tenant", "is_active", "created_at"]
    list_filter = ["tenant", "is_active"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]
