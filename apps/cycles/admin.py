"""Read-only for operators: cycles and the calendars change only
through the services (guards, log and audit trail)."""

from django.contrib import admin

from apps.core.admin import TenantOwnedAdmin

from .models import CalendarEntry, Cycle


class ReadOnlyTenantOwnedAdmin(TenantOwnedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Cycle)
class CycleAdmin(ReadOnlyTenantOwnedAdmin):
    list_display = ["name", "unit", "year", "target", "stage", "template", "tenant"]
    list_filter = ["tenant", "year", "target", "stage"]
    list_select_related = ["tenant", "unit", "template"]
    search_fields = ["name", "unit__code", "unit__name"]


@admin.register(CalendarEntry)
class CalendarEntryAdmin(ReadOnlyTenantOwnedAdmin):
    list_display = ["year", "key", "label", "starts_on", "due_on", "tenant"]
    list_filter = ["tenant", "year"]
