from django.contrib import admin

from .models import Delivery, Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "tenant", "created_at", "read_at", "email"]
    list_filter = ["kind", "email"]
    search_fields = ["title", "recipient__email", "key"]
    raw_id_fields = ["recipient", "unit"]
    readonly_fields = [f.name for f in Notification._meta.fields]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The delivery log: every attempt, sent, skipped or failed, with its reason."""

    list_display = ["created_at", "recipient", "channel", "status", "digest_size", "detail"]
    list_filter = ["channel", "status"]
    search_fields = ["recipient__email", "detail"]
    readonly_fields = [f.name for f in Delivery._meta.fields]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "email", "updated_at"]
    list_filter = ["kind", "email"]
    raw_id_fields = ["user"]
