"""Read-only for operators: template versions change only through `manage.py load_lke`,
which checks the document and refuses to change a version in use."""

from django.contrib import admin

from .models import TemplateVersion


@admin.register(TemplateVersion)
class TemplateVersionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "status", "source", "updated_at"]
    list_filter = ["status"]
    search_fields = ["code", "name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
