from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import CompletenessViewSet, EvidenceItemViewSet, EvidenceRevisionViewSet, QueueView

router = SimpleRouter()
router.register("evidence/items", EvidenceItemViewSet, basename="api-evidence-item")
router.register("evidence/revisions", EvidenceRevisionViewSet, basename="api-evidence-revision")
router.register("evidence/cycles", CompletenessViewSet, basename="api-evidence-cycle")

urlpatterns = [
    path("evidence/queue/", QueueView.as_view(), name="api-evidence-queue"),
    *router.urls,
]
