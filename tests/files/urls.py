"""A minimal upload endpoint and download endpoint, as the evidence app will build them."""

import tracemalloc

from django.http import JsonResponse
from django.urls import path
from django_scopes import scopes_disabled

from apps.files.checks import FileRefused
from apps.files.models import StoredFile
from apps.files.services import file_store
from apps.files.serving import serve_stored_file
from apps.files.upload import hashing_upload_view, uploaded_file
from apps.units.models import Unit


@hashing_upload_view
def upload(request, unit_id):
    measure = "measure" in request.GET
    if measure:
        tracemalloc.start()
    try:
        incoming = uploaded_file(request, "file")
        stored = file_store(
            actor=request.user, unit=Unit.objects.get(pk=unit_id), uploaded=incoming
        )
    except FileRefused as exc:
        return JsonResponse({"error": {"message": exc.message}}, status=400)
    finally:
        peak = tracemalloc.get_traced_memory()[1] if measure else None
        if measure:
            tracemalloc.stop()
    return JsonResponse(
        {
            "id": stored.pk,
            "sha256": stored.sha256,
            "handler_sha256": incoming.sha256,
            "on_disk": hasattr(incoming, "temporary_file_path"),
            "peak_bytes": peak,
        }
    )


def download(request, pk):
    with scopes_disabled():  # access is the caller's job; this test view has none
        stored = StoredFile.objects.get(pk=pk)
    return serve_stored_file(request, stored, as_attachment="attachment" in request.GET)


urlpatterns = [
    path("upload/<int:unit_id>/", upload, name="test-upload"),
    path("download/<int:pk>/", download, name="test-download"),
]
