"""/api/v1/notifications/ and /api/v1/notification-preferences/: the logged-in person's
own notices in the active agency (and those of no agency, such as invitations), newest
first; marking read; the unread count of the bell; the e-mail preferences per kind.

Thin views: notices through the selectors (another person's notice is a 404 like a
missing one), writes through the services (a choice below a kind's floor is a 400 with
an Indonesian message, nothing saved)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import TENANT_HEADER_PARAMETER, KeysetPagination, parse

from . import selectors, services
from .models import Notification
from .serializers import (
    MarkedSerializer,
    NotificationListQuery,
    NotificationSerializer,
    PreferenceSerializer,
    PreferencesInput,
    UnreadCountSerializer,
)


def _tenant_id(request) -> int | None:
    tenant = getattr(request, "tenant", None)
    return tenant.pk if tenant is not None else None


class InboxPagination(KeysetPagination):
    """Newest first, each page one range of the ``notification_inbox`` index."""

    descending = True
    page_size = 25


def _serialized(request, notifications: list[Notification], *, many: bool):
    openable = selectors.openable_ids(request.user, _tenant_id(request), notifications)
    context = {"request": request, "openable": openable}
    if many:
        return NotificationSerializer(notifications, many=True, context=context).data
    return NotificationSerializer(notifications[0], context=context).data


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class NotificationViewSet(viewsets.GenericViewSet):
    """Your notices: those of the active agency (``X-Tenant`` or the session's) and those
    of no agency. Nobody else's are ever listed; another person's id is a 404."""

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()  # for the schema only; every action builds its own
    pagination_class = InboxPagination

    @extend_schema(parameters=[NotificationListQuery], responses=NotificationSerializer(many=True))
    def list(self, request):
        query = parse(NotificationListQuery, request, data=request.query_params)
        notifications = selectors.inbox(request.user, _tenant_id(request)).select_related("tenant")
        if query.get("status") == "unread":
            notifications = notifications.filter(read_at__isnull=True)
        page = self.paginate_queryset(notifications)
        return self.get_paginated_response(_serialized(request, page, many=True))

    @extend_schema(responses=NotificationSerializer)
    def retrieve(self, request, pk=None):
        notification = selectors.get_notification_for_user(request.user, pk)
        return Response(_serialized(request, [notification], many=False))

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark one notice read (again: no change)."""
        notification = selectors.get_notification_for_user(request.user, pk)
        services.mark_read(user=request.user, notification=notification)
        notification.refresh_from_db(fields=["read_at"])
        return Response(_serialized(request, [notification], many=False))

    @extend_schema(request=None, responses=MarkedSerializer)
    @action(detail=False, methods=["post"], url_path="read-all", url_name="read-all")
    def read_all(self, request):
        """Mark every unread notice of the active agency (and of no agency) read."""
        marked = services.mark_all_read(user=request.user, tenant_id=_tenant_id(request))
        return Response({"marked": marked})

    @extend_schema(responses=UnreadCountSerializer)
    @action(detail=False, methods=["get"], url_path="unread-count", url_name="unread-count")
    def unread_count(self, request):
        """The bell's number: one indexed count."""
        return Response({"unread": selectors.unread_count(request.user, _tenant_id(request))})


class NotificationPreferencesView(APIView):
    """Your e-mail choice per kind of notice: immediately, in the daily digest, or not at
    all. Every notice shows in the bell regardless. Some kinds (a returned item, a task
    overdue …) cannot be turned below the digest: ``allowed`` lists what each kind takes."""

    @extend_schema(responses=PreferenceSerializer(many=True))
    def get(self, request):
        return self._answer(request)

    @extend_schema(
        request=PreferencesInput,
        responses=PreferenceSerializer(many=True),
        description=_("Ganti pilihan setiap jenis (semua jenis wajib ada)."),
    )
    def put(self, request):
        return self._change(request, partial=False)

    @extend_schema(
        request=PreferencesInput,
        responses=PreferenceSerializer(many=True),
        description=_("Ganti pilihan jenis yang dikirim saja."),
    )
    def patch(self, request):
        return self._change(request, partial=True)

    def _change(self, request, *, partial: bool):
        choices = parse(PreferencesInput, request, partial=partial)
        services.preferences_set(user=request.user, choices=dict(choices))
        return self._answer(request)

    def _answer(self, request, status_code=status.HTTP_200_OK):
        rows = selectors.preferences_of(request.user)
        return Response(PreferenceSerializer(rows, many=True).data, status=status_code)
