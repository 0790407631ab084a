from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import (
    ApiTokenViewSet,
    InvitationViewSet,
    MeView,
    RoleAssignmentViewSet,
    TokenObtainView,
    UserViewSet,
)

router = SimpleRouter()
router.register("users", UserViewSet, basename="api-user")
router.register("invitations", InvitationViewSet, basename="api-invitation")
router.register("role-assignments", RoleAssignmentViewSet, basename="api-role-assignment")
router.register("auth/tokens", ApiTokenViewSet, basename="api-token-list")

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("auth/token/", TokenObtainView.as_view(), name="api-token"),
    *router.urls,
]
