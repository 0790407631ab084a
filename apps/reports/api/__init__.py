"""/api/v1/reports/ and /api/v1/recommendations/: the reports a person may read (list, read,
the PDF), the team's draft and edits, the head's decision, and recommendations as records.

Thin views: rows through the selectors (404 for anything not readable: missing, other unit,
other agency alike), writes through the services, which check the capability (403) and
refuse bad input with Indonesian messages (400, nothing saved)."""

from .views import (
    AgentRealisationViewSet,
    AgentReportSettingsView,
    RecommendationViewSet,
    ReportViewSet,
)

__all__ = [
    "AgentRealisationViewSet",
    "AgentReportSettingsView",
    "RecommendationViewSet",
    "ReportViewSet",
]
