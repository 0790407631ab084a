"""schemathesis against /api/schema/: every operation answers as the schema says.

The schema is loaded from the app itself (WSGI, in process) and each operation is fuzzed
as the Admin Instansi of the demo agency (``seed_demo``): API token plus ``X-Tenant``.
Checks: no 5xx, every status declared, every body and content type as declared (the
error body of apps.core.api included). Bounded and derandomized, so a CI run is repeatable
and takes a few minutes; run it alone with ``make test ARGS="-m schemathesis"``.

The demo agency is seeded once for the module; every call runs in a savepoint that is
rolled back, so each case sees the same data (a fuzzed DELETE cannot take the admin's own
role away from the cases after it).
"""

import json
from io import StringIO

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection, transaction
from django_scopes import scopes_disabled
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from apps.demo.people import DEMO_PASSWORD

# django_db also makes pytest-django create the test database for this module.
pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]

ADMIN_EMAIL = "admin@pu-demo.go.id"
TENANT_CODE = "PU-DEMO"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _app_schema() -> dict:
    """The document /api/schema/ serves (same generator, no request): built at import, so
    that schemathesis can make one test per operation at collection time, before the
    test database exists. test_the_served_schema_is_the_one_fuzzed keeps the two equal."""
    generator = SchemaGenerator()
    return json.loads(OpenApiJsonRenderer().render(generator.get_schema(request=None, public=True)))


APP_SCHEMA = _app_schema()
schema = schemathesis.openapi.from_dict(APP_SCHEMA)
schema.app = get_wsgi_application()


@pytest.fixture(scope="module")
def seeded_admin_headers(django_db_setup, django_db_blocker):
    """The demo agency, seeded once for the module in a transaction rolled back at its end,
    and the request headers of its Admin Instansi (API token, X-Tenant)."""
    with django_db_blocker.unblock(), scopes_disabled(), transaction.atomic():
        assert connection.settings_dict["NAME"].startswith("test_"), "not the test database"
        call_command("seed_demo", stdout=StringIO())
        # An Admin Instansi must use 2FA: enrolled here, the token asked with its code.
        from apps.accounts.models import User
        from tests.otp import confirmed_device, next_code

        code, _wait = next_code(confirmed_device(User.objects.get(email=ADMIN_EMAIL)))
        response = APIClient().post(
            "/api/v1/auth/token/",
            {"email": ADMIN_EMAIL, "password": DEMO_PASSWORD, "otp": code},
            format="json",
        )
        assert response.status_code == 200, response.content
        yield {"Authorization": f"Token {response.json()['token']}", "X-Tenant": TENANT_CODE}
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _in_seeded_transaction(seeded_admin_headers):
    """The WSGI handler kept from closing the test's connection after each request (as
    the Django test client does): the fuzzed requests run inside the module's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_served_schema_is_the_one_fuzzed():
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert response.json() == APP_SCHEMA


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_declared(case, seeded_admin_headers):
    # The admin's token and agency replace what the case generated for them (the tenant
    # header's own refusals are tested in tests/tenants).
    headers = {**(case.headers or {}), **seeded_admin_headers}
    # Each call in a savepoint rolled back: every case sees the same seeded agency.
    with transaction.atomic():
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        finally:
            transaction.set_rollback(True)
