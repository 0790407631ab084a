"""Everything under /api/v1/. Each app contributes its routes from its own api module."""

from django.urls import include, path

urlpatterns = [
    path("", include("apps.accounts.api_urls")),
    path("", include("apps.units.api_urls")),
    path("", include("apps.lke.api_urls")),
    path("", include("apps.cycles.api_urls")),
    path("", include("apps.evidence.api_urls")),
    path("", include("apps.assessment.api_urls")),
    path("", include("apps.reports.api_urls")),
    path("", include("apps.notifications.api_urls")),
    path("", include("apps.dashboard.api_urls")),
]
