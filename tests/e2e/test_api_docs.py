"""The API's Swagger UI works under the strict Content-Security-Policy: its start script
is a file of its own (drf-spectacular's split view), and the page fixture fails on any
policy violation."""

import pytest
from playwright.sync_api import expect

from ..factories import PASSWORD
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_api_documentation_renders_without_policy_violations(page, admin):
    login(page, admin.email, PASSWORD)
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=30_000)
    expect(page.locator(".swagger-ui")).to_contain_text("/api/v1/units/")
