"""The OpenAPI schema and the vendored Swagger UI page (no CDN)."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/auth/token/",
    "/api/v1/me/",
    "/api/v1/units/",
    "/api/v1/units/tree/",
    "/api/v1/units/{id}/",
    "/api/v1/units/{id}/move/",
    "/api/v1/unit-types/",
    "/api/v1/users/",
    "/api/v1/users/{id}/",
    "/api/v1/users/{id}/suspend/",
    "/api/v1/users/{id}/activate/",
    "/api/v1/role-assignments/",
    "/api/v1/role-assignments/{id}/",
]


def test_schema_is_served_and_lists_every_endpoint(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "ZI Portal API"
    assert set(ENDPOINTS) <= set(schema["paths"])
    assert "delete" not in schema["paths"]["/api/v1/units/{id}/"]
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_docs_page_loads_its_assets_from_static_only(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"https?://", html)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(assets) >= 3
    for url in assets:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), f"{url} is not vendored"
