from rest_framework.routers import SimpleRouter

from .api import UnitTypeViewSet, UnitViewSet

router = SimpleRouter()
router.register("units", UnitViewSet, basename="api-unit")
router.register("unit-types", UnitTypeViewSet, basename="api-unit-type")

urlpatterns = router.urls
