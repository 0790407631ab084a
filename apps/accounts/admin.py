from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.admin import TenantOwnedAdmin

from .models import RoleAssignment, User


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
        (_("Verifikasi dua langkah"), {"fields": ["two_factor"]}),
    ]
    readonly_fields = ["two_factor"]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    filter_horizontal = []

    @admin.display(description=_("status"))
    def two_factor(self, obj):
        """Status and the audited reset (apps/accounts/twofactor), never the secret."""
        if not obj.pk:
            return "–"
        from .twofactor.policy import two_factor_state

        state = two_factor_state(obj)
        back = reverse("admin:accounts_user_change", args=[obj.pk])
        reset = f"{reverse('twofactor:reset', args=[obj.pk])}?{urlencode({'next': back})}"
        return format_html(
            '{} · {} · <a href="{}">{}</a>',
            _("aktif") if state.enrolled else _("belum aktif"),
            _("wajib") if state.required else _("tidak wajib"),
            reset,
            _("Reset dengan alasan"),
        )


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
