from rest_framework.routers import SimpleRouter

from .api import RecommendationViewSet, ReportViewSet

router = SimpleRouter()
router.register("reports", ReportViewSet, basename="api-report")
router.register("recommendations", RecommendationViewSet, basename="api-recommendation")

urlpatterns = router.urls
