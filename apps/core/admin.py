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


class ServiceAdminMixin:
    """Saving and deleting go through the app's services (the same checks and audit record
    as in the portal): ``service_save`` / ``service_delete``. A refusal by the service
    (``ValidationError``, ``AccessDenied``) becomes an admin message and nothing is saved,
    logged or reported as done."""

    refused_attr = "_service_admin_refused"

    def service_save(self, request, obj, form, change) -> None:  # pragma: no cover
        raise NotImplementedError

    def service_delete(self, request, obj) -> None:  # pragma: no cover
        raise NotImplementedError

    def _refuse(self, request, exc) -> None:
        from django.contrib import messages

        setattr(request, self.refused_attr, True)
        messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))

    def _refused(self, request) -> bool:
        return getattr(request, self.refused_attr, False)

    def _call(self, request, service, *args) -> bool:
        """Run ``service`` in a savepoint; False (and a message) when it refuses."""
        from django.core.exceptions import PermissionDenied, ValidationError
        from django.db import transaction

        try:
            with transaction.atomic():
                service(request, *args)
        except (ValidationError, PermissionDenied) as exc:
            self._refuse(request, exc)
            return False
        return True

    def save_model(self, request, obj, form, change):
        self._call(request, self.service_save, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if not self._refused(request):
            super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        self.delete_queryset(request, [obj])

    def delete_queryset(self, request, queryset):
        """All of them or none; the admin's log entries only for what was deleted."""
        from django.core.exceptions import PermissionDenied, ValidationError
        from django.db import transaction

        objs = list(queryset)
        try:
            with transaction.atomic():
                super().log_deletions(request, objs)
                for obj in objs:
                    self.service_delete(request, obj)
        except (ValidationError, PermissionDenied) as exc:
            self._refuse(request, exc)

    def log_addition(self, request, obj, message):
        if not self._refused(request):
            return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if not self._refused(request):
            return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        """Written by ``delete_queryset`` itself, with the deletion (Django calls this
        before deleting, when the service might still refuse)."""

    def message_user(self, request, message, level=None, *args, **kwargs):
        from django.contrib import messages

        level = messages.INFO if level is None else level
        if self._refused(request) and level == messages.SUCCESS:
            return  # e.g. "deleted successfully" after the service refused
        return super().message_user(request, message, level, *args, **kwargs)

    def _back(self, request):
        from django.shortcuts import redirect

        return redirect(request.get_full_path())

    def response_add(self, request, obj, post_url_continue=None):
        if self._refused(request):
            return self._back(request)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if self._refused(request):
            return self._back(request)
        return super().response_change(request, obj)

    def response_delete(self, request, obj_display, obj_id):
        if self._refused(request):
            from django.shortcuts import redirect

            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj_id)
        return super().response_delete(request, obj_display, obj_id)


class ReadOnlyAdminMixin:
    """Seen, never changed here: the rows change only through the portal's services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
