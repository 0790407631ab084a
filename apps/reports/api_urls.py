from rest_framework.routers import SimpleRouter

from .api import AgentRealisationViewSet, RecommendationViewSet, ReportViewSet

router = SimpleRouter()
router.register("reports", ReportViewSet, basename="api-report")
router.register("agent-realisations", AgentRealisationViewSet, basename="api-agent-realisation")
router.register("recommendations", RecommendationViewSet, basename="api-recommendation")

urlpatterns = router.urls
