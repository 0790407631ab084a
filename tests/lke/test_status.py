"""Platform operators publish and retire LKE versions; nobody else can."""

import pytest
from django.urls import reverse

from apps.lke.models import TemplateStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def version(lke):
    """lke-2021, as `load_lke` loaded it (once per test database)."""
    return lke


def test_operator_retires_and_republishes_a_version(client, operator, version):
    client.force_login(operator)
    page = client.get(reverse("lke:template", args=["lke-2021"])).content.decode()
    assert "Tarik (tidak berlaku)" in page
    response = client.post(reverse("lke:template_status", args=["lke-2021"]), {"status": "retired"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == TemplateStatus.RETIRED
    assert version.status_changed_by == operator and version.status_changed_at
    client.post(reverse("lke:template_status", args=["lke-2021"]), {"status": "published"})
    version.refresh_from_db()
    assert version.status == TemplateStatus.PUBLISHED


@pytest.mark.parametrize("status", ["draft", "bogus", ""])
def test_a_refused_status_change_says_why_and_changes_nothing(client, operator, version, status):
    client.force_login(operator)
    response = client.post(
        reverse("lke:template_status", args=["lke-2021"]), {"status": status}, follow=True
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "tidak dapat diubah menjadi" in body or "tidak dikenal" in body
    version.refresh_from_db()
    assert version.status == TemplateStatus.PUBLISHED


def test_agency_admins_cannot_change_a_national_template(client_for, admin, version):
    c = client_for(admin)
    assert (
        "Tarik (tidak berlaku)"
        not in c.get(reverse("lke:template", args=["lke-2021"])).content.decode()
    )
    response = c.post(reverse("lke:template_status", args=["lke-2021"]), {"status": "retired"})
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.status == TemplateStatus.PUBLISHED


def test_anonymous_is_sent_to_login(client, version):
    response = client.post(reverse("lke:template_status", args=["lke-2021"]), {"status": "retired"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == TemplateStatus.PUBLISHED


def test_seed_demo_keeps_an_operators_decision(operator, version):
    from io import StringIO

    from django.core.management import call_command

    from apps.lke.services import template_set_status

    template_set_status(actor=operator, version=version, status="retired")
    call_command("seed_demo", stdout=StringIO())
    version.refresh_from_db()
    assert version.status == TemplateStatus.RETIRED
