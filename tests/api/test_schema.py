"""The OpenAPI schema and the vendored Swagger UI page (no CDN)."""

import re

import pytest
from django.contrib.staticfiles import finders

from .helpers import NOT_FOUND, error_of

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
        if url == "/api/docs/?script=":
            continue  # the page's start script, served by the view itself (CSP: no inline)
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), f"{url} is not vendored"


@pytest.fixture
def schema(client):
    return client.get("/api/schema/", {"format": "json"}).json()


def test_every_operation_declares_its_error_answers_with_the_error_body(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            errors = {code for code in responses if code.startswith("4")}
            for code in errors:
                ref = responses[code]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/Error", (method, path, code)
            if operation.get("security") and {} not in operation["security"]:
                assert {"401", "403"} <= errors, (method, path)
            if "{" in path:
                assert "404" in errors, (method, path)
            # Bad input, or a control character in any query string (ControlCharacterMiddleware).
            assert "400" in errors, (method, path)
    token = schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert "400" in token and "401" not in token
    # The rate-limited operations (login lockout, invitations per hour), and only those.
    limited = {
        (method, path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "429" in operation["responses"]
    }
    assert limited == {("post", "/api/v1/auth/token/"), ("post", "/api/v1/users/")}
    assert set(schema["paths"]["/api/v1/me/"]["get"]["responses"]) == {"200", "400", "401", "403"}
    error = schema["components"]["schemas"]["ErrorDetail"]
    assert set(error["required"]) == {"status", "code", "message", "fields"}


def test_values_that_can_be_blank_are_declared_blank(schema):
    components = schema["components"]["schemas"]
    blank = {"$ref": "#/components/schemas/BlankEnum"}
    # Read-only model choices with blank=True: an Admin Instansi's role has no area.
    assert blank in components["RoleAssignment"]["properties"]["area"]["oneOf"]
    assert blank in components["RoleSummary"]["properties"]["area"]["oneOf"]
    # The opening of a cycle has no from_stage; every stage field is the one Stage enum.
    from_stage = components["StageChange"]["properties"]["from_stage"]["oneOf"]
    assert from_stage == [{"$ref": "#/components/schemas/Stage"}, blank]
    assert components["CycleDetail"]["properties"]["stage"]["allOf"] == [
        {"$ref": "#/components/schemas/Stage"}
    ]
    # A file revision has no link: "" is declared next to the URI format.
    url = components["EvidenceRevision"]["properties"]["url"]
    assert {"type": "string", "enum": [""]} in url["anyOf"]


def test_an_api_address_that_matches_no_route_answers_the_json_error_body(client):
    response = client.get("/api/v1/units/0.5/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert error_of(response) == NOT_FOUND
    page = client.get("/tidak-ada/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")
