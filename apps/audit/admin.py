from django.contrib import admin

from apps.core.admin import TenantOwnedAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(TenantOwnedAdmin):
    list_display = ["created_at", "tenant", "actor", "action", "object_repr"]
    list_filter = ["tenant", "action"]
    search_fields = ["object_repr", "actor__email"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
