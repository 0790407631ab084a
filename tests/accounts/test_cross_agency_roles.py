"""A role's unit (and holder) belong to the role's own agency, whichever path writes it:
the database, the model's validation (Django admin), the service, the people page, the API."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django_scopes import scope
from rest_framework.test import APIClient

from apps.accounts import services
from apps.accounts.models import RoleAssignment
from apps.accounts.roles import Role
from apps.audit.models import AuditEvent
from apps.units.models import Unit, UnitType
from tests.factories import UserFactory, grant, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(db):
    return UserFactory(is_staff=True, is_superuser=True, email="op@zi.local")


@pytest.fixture
def admin_of_both(tree, other_tree):
    """An Admin Instansi of both agencies: the only one who could be tempted."""
    user = UserFactory(full_name="Admin Ganda", email="ganda@alfa.go.id")
    grant(user, tree["root"], Role.ADMIN_INSTANSI)
    grant(user, other_tree["root"], Role.ADMIN_INSTANSI)
    return user


def counts() -> tuple[int, int]:
    return RoleAssignment.objects.count(), AuditEvent.objects.count()


def test_the_database_refuses_a_role_on_another_agencys_unit(tenant, other_tree, no_role):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(
            tenant=tenant, user=no_role, unit=other_tree["upt"], role=Role.KETUA_TIM
        )


def test_the_database_refuses_moving_a_role_to_another_agencys_unit(member, other_tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.filter(user=member).update(unit=other_tree["upt"])


def test_the_database_refuses_a_unit_typed_with_another_agencys_unit_type(tree, other_tenant):
    foreign_type = UnitType.objects.get(tenant=other_tenant, code="upt")
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=tree["upt"].pk).update(unit_type=foreign_type)


def test_a_unit_with_another_agencys_type_fails_validation(tree, other_tenant):
    unit = tree["upt"]
    unit.unit_type = UnitType.objects.get(tenant=other_tenant, code="upt")
    with pytest.raises(ValidationError) as exc:
        unit.full_clean()
    assert "Jenis unit harus milik instansi" in exc.value.message_dict["unit_type"][0]


def test_validation_names_the_foreign_unit_and_a_holder_who_is_not_a_member(
    tenant, other_tree, tree
):
    outsider = UserFactory()
    role = RoleAssignment(tenant=tenant, user=outsider, unit=other_tree["upt"], role=Role.KETUA_TIM)
    with pytest.raises(ValidationError) as exc:
        role.full_clean()
    errors = exc.value.message_dict
    assert "UPT Beta bukan milik instansi" in errors["unit"][0]
    assert "bukan anggota aktif instansi ini" in errors["user"][0]


def test_the_service_refuses_a_unit_of_another_agency_than_the_callers(
    admin_of_both, tenant, other_tree, no_role
):
    before = counts()
    with scope(tenant=tenant.pk), pytest.raises(ValidationError) as exc:
        services.role_assign(
            actor=admin_of_both,
            tenant=tenant,
            user=no_role,
            unit=other_tree["upt"],
            role=Role.KETUA_TIM,
        )
    assert "bukan milik instansi Kementerian Alfa" in exc.value.message_dict["unit"][0]
    assert counts() == before


def test_the_people_page_refuses_a_unit_of_another_agency(
    client_for, admin_of_both, other_tree, no_role
):
    before = counts()
    response = client_for(admin_of_both).post(
        reverse("accounts:person", args=[no_role.pk]),
        {"unit": other_tree["upt"].pk, "role": Role.KETUA_TIM, "area": ""},
    )
    assert response.status_code == 400
    assert "is-invalid" in response.content.decode()
    assert counts() == before


def test_the_api_refuses_a_unit_of_another_agency(admin_of_both, other_tree, no_role):
    before = counts()
    api_client = APIClient()
    api_client.force_login(admin_of_both)
    response = api_client.post(
        "/api/v1/role-assignments/",
        {"user": no_role.pk, "unit": other_tree["upt"].pk, "role": Role.KETUA_TIM},
        format="json",
        HTTP_X_TENANT="ALFA",
    )
    assert response.status_code == 400, response.content
    assert "unit" in response.json()["error"]["fields"]
    assert counts() == before


def test_django_admin_refuses_a_role_on_another_agencys_unit(
    client, operator, tenant, other_tree, no_role
):
    client.force_login(operator)
    before = counts()
    response = client.post(
        reverse("admin:accounts_roleassignment_add"),
        {
            "tenant": tenant.pk,
            "user": no_role.pk,
            "unit": other_tree["upt"].pk,
            "role": Role.KETUA_TIM,
            "area": "",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "UPT Beta bukan milik instansi peran ini" in body
    assert counts() == before


def test_django_admin_refuses_a_holder_who_is_not_a_member_of_the_agency(
    client, operator, tenant, tree, other_admin
):
    client.force_login(operator)
    before = counts()
    response = client.post(
        reverse("admin:accounts_roleassignment_add"),
        {
            "tenant": tenant.pk,
            "user": other_admin.pk,
            "unit": tree["upt"].pk,
            "role": Role.KETUA_TIM,
            "area": "",
        },
    )
    assert response.status_code == 200
    assert "bukan anggota aktif instansi ini" in response.content.decode()
    assert counts() == before


def test_django_admin_saves_a_role_inside_one_agency(client, operator, tenant, tree):
    person = make_member(tenant, full_name="Orang Alfa")
    client.force_login(operator)
    response = client.post(
        reverse("admin:accounts_roleassignment_add"),
        {
            "tenant": tenant.pk,
            "user": person.pk,
            "unit": tree["upt"].pk,
            "role": Role.KETUA_TIM,
            "area": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    role = RoleAssignment.objects.get(user=person)
    assert (role.unit, role.created_by) == (tree["upt"], operator)


def test_the_role_admin_offers_search_by_name_not_raw_ids(client, operator, member):
    client.force_login(operator)
    role = RoleAssignment.objects.get(user=member)
    body = client.get(reverse("admin:accounts_roleassignment_change", args=[role.pk])).content
    body = body.decode()
    assert "vForeignKeyRawIdAdminField" not in body
    assert "admin-autocomplete" in body
