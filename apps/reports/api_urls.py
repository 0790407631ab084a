from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import (
    AgentRealisationViewSet,
    AgentReportSettingsView,
    RecommendationViewSet,
    ReportViewSet,
)

router = SimpleRouter()
router.register("reports", ReportViewSet, basename="api-report")
router.register("agent-realisations", AgentRealisationViewSet, basename="api-agent-realisation")
router.register("recommendations", RecommendationViewSet, basename="api-recommendation")

urlpatterns = [
    path(
        "agent-report-settings/",
        AgentReportSettingsView.as_view(),
        name="api-agent-report-settings",
    ),
    *router.urls,
]
