from rest_framework.routers import SimpleRouter

from .api import CalendarViewSet, CycleViewSet

router = SimpleRouter()
router.register("cycles", CycleViewSet, basename="api-cycle")
router.register("calendar", CalendarViewSet, basename="api-calendar")

urlpatterns = router.urls
