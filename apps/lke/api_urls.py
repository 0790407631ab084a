from rest_framework.routers import SimpleRouter

from .api import TemplateVersionViewSet

router = SimpleRouter()
router.register("lke/templates", TemplateVersionViewSet, basename="api-lke-template")

urlpatterns = router.urls
