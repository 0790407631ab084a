"""Django admin is the platform operators' tool; agency staff never get in."""

import pytest
from django.urls import reverse

from apps.accounts.models import RoleAssignment, User
from apps.accounts.roles import Role
from apps.audit.models import AuditEvent
from apps.tenants.models import Membership, Tenant
from apps.units.models import Unit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(db):
    return UserFactory(is_staff=True, is_superuser=True, email="op@zi.local")


NEW_AGENCY = {
    "name": "Badan Contoh",
    "code": "BC",
    "kind": "lembaga",
    "admin_name": "Rina Admin",
    "admin_email": "Rina@Contoh.go.id",
    "admin_nip": "19830606 200801 1 011",
}


@pytest.fixture
def queued(queued_emails):
    return queued_emails


def test_operator_creates_an_agency_with_its_first_admin_who_is_invited(
    client, operator, queued, django_capture_on_commit_callbacks
):
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:tenants_tenant_add"), NEW_AGENCY)
    assert response.status_code == 302, response.content.decode()[:3000]
    tenant = Tenant.objects.get(code="BC")
    root = Unit.objects.get(tenant=tenant, depth=1)
    assert root.name == "Badan Contoh"
    user = User.objects.get(email="rina@contoh.go.id")
    assert (user.full_name, user.nip, user.has_usable_password()) == (
        "Rina Admin",
        "198306062008011011",
        False,
    )
    role = RoleAssignment.objects.get(user=user)
    assert (role.tenant, role.unit, role.role, role.created_by) == (
        tenant,
        root,
        Role.ADMIN_INSTANSI,
        operator,
    )
    assert Membership.objects.filter(tenant=tenant, user=user, is_active=True).exists()
    assert queued == [(user.pk, "invitation", tenant.pk)]
    actions = set(AuditEvent.objects.filter(tenant=tenant).values_list("action", flat=True))
    assert actions == {"tenant.create", "user.create", "role.assign"}


def test_the_add_form_asks_for_the_first_admin(client, operator):
    client.force_login(operator)
    body = client.get(reverse("admin:tenants_tenant_add")).content.decode()
    assert "Admin instansi pertama" in body
    for name in ("admin_name", "admin_email", "admin_nip"):
        assert f'name="{name}"' in body


def test_an_existing_account_becomes_admin_without_a_new_invitation(
    client, operator, admin, queued, django_capture_on_commit_callbacks
):
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:tenants_tenant_add"),
            {**NEW_AGENCY, "admin_email": admin.email, "admin_name": "Nama Lain", "admin_nip": ""},
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    admin.refresh_from_db()
    assert admin.full_name == "Admin Alfa"
    tenant = Tenant.objects.get(code="BC")
    assert RoleAssignment.objects.filter(tenant=tenant, user=admin).exists()
    assert queued == []


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"admin_nip": "12345"}, "admin_nip", "18 angka"),
        ({"admin_email": "bukan-email"}, "admin_email", None),
        ({"admin_name": ""}, "admin_name", None),
        ({"code": "ALFA"}, "code", None),
    ],
)
def test_a_bad_agency_or_admin_is_refused_and_nothing_is_saved(
    client, operator, tenant, change, field, message
):
    client.force_login(operator)
    tenants, users = Tenant.objects.count(), User.objects.count()
    response = client.post(reverse("admin:tenants_tenant_add"), {**NEW_AGENCY, **change})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors, errors
    if message:
        assert message in errors[field][0]
    assert (Tenant.objects.count(), User.objects.count()) == (tenants, users)


def test_a_nip_already_registered_is_refused_at_the_admin_field(client, operator, admin):
    admin.nip = "198306062008011011"
    admin.save(update_fields=["nip"])
    client.force_login(operator)
    response = client.post(reverse("admin:tenants_tenant_add"), NEW_AGENCY)
    assert response.status_code == 200
    assert "admin_nip" in response.context["adminform"].form.errors
    assert not Tenant.objects.filter(code="BC").exists()


def test_the_operators_lists_show_names_not_ids(client, operator, member):
    client.force_login(operator)
    roles = client.get(reverse("admin:accounts_roleassignment_changelist")).content.decode()
    assert "UPT Satu" in roles
    members = client.get(reverse("admin:tenants_membership_changelist")).content.decode()
    assert "@ ALFA" in members


def test_a_units_type_is_chosen_among_its_own_agencys_types(client, operator, tree, other_tree):
    client.force_login(operator)
    response = client.get(reverse("admin:units_unit_change", args=[tree["upt"].pk]))
    choices = response.context["adminform"].form.fields["unit_type"].queryset
    assert {t.tenant_id for t in choices} == {tree["upt"].tenant_id}


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
