from django.contrib import admin


class TenantOwnedAdmin(admin.ModelAdmin):
    """Django admin is for platform operators only (superusers), who see every agency."""

    list_select_related = ["tenant"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    has_change_permission = has_view_permission
    has_add_permission = has_module_permission
    has_delete_permission = has_view_permission
