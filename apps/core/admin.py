from django.contrib import admin

from .models import OutboxMessage, StateChange


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


class GuardedDeleteMixin:
    """Refuse deleting rows when ``delete_problem(obj)`` names a reason (a message in the
    admin, never a 500): the delete page and the bulk action both ask it first."""

    def delete_problem(self, obj) -> str | None:  # pragma: no cover - overridden
        return None

    def delete_view(self, request, object_id, extra_context=None):
        from django.contrib import messages
        from django.db import transaction
        from django.shortcuts import redirect

        if request.method == "POST":
            obj = self.get_object(request, object_id)
            if obj is not None:
                with transaction.atomic():
                    problem = self.delete_problem(obj)
                if problem:
                    messages.error(request, problem)
                    opts = self.model._meta
                    return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)
        return super().delete_view(request, object_id, extra_context)

    def delete_queryset(self, request, queryset):
        from django.contrib import messages

        problems = [p for p in (self.delete_problem(obj) for obj in queryset) if p]
        if problems:
            messages.error(request, problems[0])
            return
        super().delete_queryset(request, queryset)


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


@admin.register(StateChange)
class StateChangeAdmin(TenantOwnedAdmin):
    """The one workflow history, read-only: rows are written by ``workflow.transition``."""

    list_display = [
        "created_at",
        "content_type",
        "object_id",
        "transition",
        "from_state",
        "to_state",
        "actor",
        "tenant",
    ]
    list_filter = ["tenant", "content_type", "transition"]
    list_select_related = ["tenant", "content_type", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
