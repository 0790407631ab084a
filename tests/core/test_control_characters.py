"""NUL bytes and other control characters in query or form fields are a clear 400 (an
Indonesian page, or the API's JSON error body), never a 500, on every page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.models import User

pytestmark = pytest.mark.django_db

MESSAGE = "Permintaan berisi karakter kontrol"


@pytest.mark.parametrize(
    "url",
    [
        "/unit/?q=%00",
        "/pengguna/?q=%00",
        "/audit/?action=%00",
        "/audit/?action=user%01create",
        "/unit/?q=a%7Fb",
        "/pengguna/?q%00=x",  # in a key
        "/?x=%1B",
    ],
)
def test_a_control_character_in_the_query_is_a_400_page(client_for, admin, url):
    response = client_for(admin).get(url)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Permintaan tidak valid" in body and MESSAGE in body


def test_an_anonymous_login_post_with_a_nul_is_a_400_page(client):
    response = client.post(reverse("login"), {"username": "a\x00@b.go.id", "password": "x"})
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


def test_a_form_post_with_a_nul_is_refused_before_anything_is_saved(client_for, admin):
    response = client_for(admin).post(
        reverse("accounts:person_create"),
        {"email": "nul@alfa.go.id", "full_name": "Orang\x00Nul", "nip": ""},
    )
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert not User.objects.filter(email="nul@alfa.go.id").exists()


def test_tab_and_line_breaks_are_ordinary_text(client_for, admin):
    assert client_for(admin).get("/pengguna/?q=a%09b%0D%0A").status_code == 200


def test_the_api_answers_its_json_error_body(admin):
    api = APIClient()
    api.force_login(admin)
    response = api.get("/api/v1/units/?q=%00")
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "status": 400,
            "code": "invalid",
            "message": response.json()["error"]["message"],
            "fields": {},
        }
    }
    assert MESSAGE in response.json()["error"]["message"]


def test_a_json_body_with_a_nul_is_refused_by_the_api_not_a_500(admin):
    api = APIClient()
    api.force_login(admin)
    response = api.post(
        "/api/v1/users/", {"email": "j@alfa.go.id", "full_name": "A\x00B"}, format="json"
    )
    assert response.status_code == 400
    assert "full_name" in response.json()["error"]["fields"]


def test_a_page_answering_a_script_gets_json(client_for, admin):
    response = client_for(admin).get("/unit/?q=%00", HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_uploaded_file_contents_are_not_inspected(client_for, admin, tree):
    upload = SimpleUploadedFile("unit.csv", b"kode;nama\x00\x01", content_type="text/csv")
    response = client_for(admin).post(reverse("units:import"), {"file": upload})
    assert MESSAGE not in response.content.decode()
    assert response.status_code in (200, 400)


def test_a_post_to_a_view_that_installs_its_own_upload_handlers_is_left_unread(rf):
    from django.views.decorators.csrf import csrf_exempt

    from apps.core.middleware import ControlCharacterMiddleware

    request = rf.post("/x/", {"name": "a\x00b"})
    middleware = ControlCharacterMiddleware(lambda r: None)
    assert middleware.process_view(request, csrf_exempt(lambda r: None), (), {}) is None
    assert not hasattr(request, "_post")  # the body is still unread
    refused = middleware.process_view(request, lambda r: None, (), {})
    assert refused.status_code == 400


def test_the_form_fields_around_an_uploaded_file_are_checked_too(
    client_for, member, cycle, question
):
    """Upload views read their own body (apps/files/upload.py); the fields sent with the
    file – an evidence title, a revision note – get the same refusal, never a 500."""
    from apps.evidence.models import EvidenceItem
    from tests.factories import pdf

    url = reverse("evidence:upload", args=[cycle.pk, question.code])
    response = client_for(member).post(url, {"file": pdf(), "title": "SK\x00Tim"})
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert not EvidenceItem.objects.exists()
    # The same upload without the NUL is stored.
    assert client_for(member).post(url, {"file": pdf(), "title": "SK Tim"}).status_code == 302
    assert EvidenceItem.objects.get().title == "SK Tim"
