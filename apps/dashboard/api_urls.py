from django.urls import path

from .api import DashboardApiView

urlpatterns = [
    path("dashboard/", DashboardApiView.as_view(), name="api-dashboard"),
]
