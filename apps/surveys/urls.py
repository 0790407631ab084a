"""Staff pages of a unit's surveys (``/survei/``, login required)."""

from django.urls import path

from .views import invitations

app_name = "surveys"
urlpatterns: list = [
    path("<int:pk>/undangan/", invitations.InvitationsView.as_view(), name="invitations"),
]
