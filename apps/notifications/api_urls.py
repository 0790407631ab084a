from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import NotificationPreferencesView, NotificationViewSet

router = SimpleRouter()
router.register("notifications", NotificationViewSet, basename="api-notification")

urlpatterns = [
    path(
        "notification-preferences/",
        NotificationPreferencesView.as_view(),
        name="api-notification-preferences",
    ),
    *router.urls,
]
