"""/api/v1/evidence/: upload, list, read, download and move evidence through its
verification chain – the same services and selectors as the pages.

Thin views: items are found through the visible-items selector (404 for missing, other
agency and not visible alike), every write goes through ``apps.evidence.services``, which
checks the actor's role (403) and logs the event. Files stream to a temporary file through
``HashingTemporaryFileUploadHandler`` (installed before DRF parses the body), so an
upload is never held in memory.

- ``serializers``: what the endpoints answer.
- ``inputs``: what they read (query strings and bodies).
- ``views``: the endpoints.
"""

from .views import CompletenessViewSet, EvidenceItemViewSet, EvidenceRevisionViewSet, QueueView

__all__ = ["CompletenessViewSet", "EvidenceItemViewSet", "EvidenceRevisionViewSet", "QueueView"]
