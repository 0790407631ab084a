from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from apps.core.admin import TenantOwnedAdmin

from .models import ApiToken, RoleAssignment, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "nip", "is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "full_name", "nip"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Data diri"), {"fields": ["full_name", "nip", "phone"]}),
        (_("Hak akses platform"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Waktu"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    filter_horizontal = []


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(TenantOwnedAdmin):
    list_display = ["user", "role", "area", "unit", "tenant", "created_at"]
    list_filter = ["tenant", "role", "area"]
    search_fields = ["user__email", "user__full_name", "unit__code", "unit__name"]
    # Names to search, not raw ids; the model's clean() refuses a unit or a holder of
    # another agency than the one chosen (the database refuses the unit as well).
    autocomplete_fields = ["user", "unit"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Operators see and revoke (delete) tokens; keys are never stored, so none to show."""

    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at"]
    search_fields = ["user__email", "name", "prefix"]
    readonly_fields = ["user", "name", "prefix", "created_at", "expires_at", "last_used_at"]
    exclude = ["key_hash"]

    def has_add_permission(self, request):
        return False
