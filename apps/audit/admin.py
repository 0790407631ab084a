from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.admin import TenantOwnedAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(TenantOwnedAdmin):
    list_display = ["created_at", "tenant", "actor", "action_display", "object_repr"]

    @admin.display(description=_("tindakan"), ordering="action")
    def action_display(self, obj):
        return obj.action_label

    list_filter = ["tenant", "action"]
    search_fields = ["object_repr", "actor__email"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
