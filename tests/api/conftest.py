"""API fixtures: a DRF test client logged in through the session, so the tenant
middleware resolves the agency exactly as it does for a browser."""

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_as(api):
    def _login(user):
        api.force_login(user)
        return api

    return _login
