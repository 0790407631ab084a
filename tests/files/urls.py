"""A minimal upload endpoint and download endpoint, as the evidence app will build them."""

import tracemalloc

from django.http import HttpResponse, JsonResponse
from django.template import engines
from django.urls import path
from django_scopes import scopes_disabled

from apps.files.checks import FileRefused
from apps.files.models import StoredFile
from apps.files.services import file_store
from apps.files.serving import serve_stored_file
from apps.files.upload import hashing_upload_view, uploaded_file
from apps.units.models import Unit
from zi_portal.urls import urlpatterns as portal_urlpatterns


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


UPLOADER_PAGE = """{% load static %}<!doctype html>
<html lang="id"><head>
<meta name="csrf-token" content="{{ csrf_token }}">
<meta name="htmx-config" content='{"includeIndicatorStyles": false, "allowEval": false}'>
<link rel="stylesheet" href="{% static 'vendor/bootstrap/bootstrap.min.css' %}">
<link rel="stylesheet" href="{% static 'css/portal.css' %}">
</head><body>
<main class="container py-3">
  {% include "files/_uploader.html" with url=upload_url refresh="stored-list" %}
  <div id="stored-list" hx-get="{{ list_url }}">belum dimuat</div>
</main>
<script src="{% static 'vendor/htmx/htmx.min.js' %}"></script>
</body></html>"""


def uploader_page(request, unit_id):
    template = engines["django"].from_string(UPLOADER_PAGE)
    context = {"upload_url": f"/upload/{unit_id}/", "list_url": f"/list/{unit_id}/"}
    return HttpResponse(template.render(context, request))


def stored_list(request, unit_id):
    with scopes_disabled():
        names = list(
            StoredFile.objects.filter(unit_id=unit_id).values_list("original_name", flat=True)
        )
    return HttpResponse(f"{len(names)} berkas: " + ", ".join(sorted(names)))


urlpatterns = [
    path("favicon.ico", lambda request: HttpResponse(status=204)),
    path("page/<int:unit_id>/", uploader_page, name="test-uploader-page"),
    path("list/<int:unit_id>/", stored_list, name="test-stored-list"),
    path("upload/<int:unit_id>/", upload, name="test-upload"),
    path("download/<int:pk>/", download, name="test-download"),
    # The portal's own pages too: the middleware and the layout name them (2FA, menus).
    *portal_urlpatterns,
]
