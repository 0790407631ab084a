from django.contrib import admin

from .models import OutboxMessage


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


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Operators see what waits, what failed and why; the sender alone changes rows."""

    list_display = ["pk", "handler", "tenant", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "handler"]
    list_select_related = ["tenant"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
