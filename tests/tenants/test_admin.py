"""Django admin is the platform operators' tool; agency staff never get in."""

import pytest
from django.urls import reverse

from apps.tenants.models import Tenant
from apps.units.models import Unit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(db):
    return UserFactory(is_staff=True, is_superuser=True, email="op@zi.local")


def test_operator_creates_an_agency_with_its_root_unit(client, operator):
    client.force_login(operator)
    response = client.post(
        reverse("admin:tenants_tenant_add"),
        {"name": "Badan Contoh", "code": "BC", "kind": "lembaga", "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    tenant = Tenant.objects.get(code="BC")
    assert Unit.objects.get(tenant=tenant, depth=1).name == "Badan Contoh"


def test_operator_sees_every_agency_in_admin(client, operator, tree, other_tree):
    client.force_login(operator)
    body = client.get(reverse("admin:units_unit_changelist")).content.decode()
    assert "UPT Satu" in body and "UPT Beta" in body


@pytest.mark.parametrize("who", ["admin", "member"])
def test_agency_staff_cannot_enter_django_admin(request, client, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(reverse("admin:units_unit_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_staff_account_that_is_not_an_operator_sees_no_agency_data(client, tree):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:units_unit_changelist")).status_code == 403
    assert client.get(reverse("admin:tenants_membership_changelist")).status_code == 403


def test_anonymous_is_sent_to_the_admin_login(client, tree):
    response = client.get(reverse("admin:units_unit_changelist"))
    assert response.status_code == 302
