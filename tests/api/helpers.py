"""Assertions on the one error body every endpoint answers with."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

NOT_FOUND = {"status": 404, "code": "not_found", "message": "Data tidak ditemukan.", "fields": {}}
MISSING_ID = 987654321


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"status", "code", "message", "fields"}, body
    assert body["error"]["status"] == response.status_code
    return body["error"]


def assert_anonymous_refused(response) -> None:
    assert response.status_code in (401, 403), response.content
    error = error_of(response)
    assert error["code"] == "not_authenticated"
    assert error["message"] == "Data autentikasi tidak diberikan."


def assert_forbidden(response) -> None:
    assert response.status_code == 403, response.content
    assert error_of(response)["code"] == "permission_denied"


def assert_not_found(response) -> None:
    assert response.status_code == 404, response.content
    assert error_of(response) == NOT_FOUND


def assert_bad_request(response, field: str | None = None, message: str | None = None) -> dict:
    """400 with the error body; ``message`` is checked on ``field`` (or the top message)."""
    assert response.status_code == 400, response.content
    error = error_of(response)
    assert error["code"] in ("invalid", "parse_error", "authorization"), error
    if field is not None:
        assert field in error["fields"], error
        if message is not None:
            assert message in error["fields"][field], error
    elif message is not None:
        assert error["message"] == message, error
    return error


def count_queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)
