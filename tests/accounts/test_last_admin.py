"""Issue 10, item 2: an agency never loses its last active Admin Instansi (root unit):
not by revoking, suspending, deactivating, moving or deleting, not through the pages, the
API, Django admin or the team services, and not by two admins acting at the same moment."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django_scopes import scope
from rest_framework.test import APIClient

from apps.accounts import services
from apps.accounts.models import RoleAssignment, User
from apps.accounts.roles import Role
from apps.tenants.models import Membership
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

MESSAGE = "Instansi harus tetap memiliki sedikitnya satu Admin Instansi aktif"


def admin_role(user, tree):
    return RoleAssignment.objects.get(user=user, unit=tree["root"], role=Role.ADMIN_INSTANSI)


@pytest.fixture
def second_admin(tree):
    user = UserFactory(full_name="Admin Kedua", email="admin2@alfa.go.id")
    grant(user, tree["root"], Role.ADMIN_INSTANSI)
    return user


@pytest.fixture
def operator(db):
    return User.objects.create_superuser(email="op@platform.id", password="x", full_name="Op")


def test_the_only_admin_cannot_revoke_their_own_role_in_the_api(admin, tree):
    api = APIClient()
    api.force_login(admin)
    role = admin_role(admin, tree)
    response = api.delete(f"/api/v1/role-assignments/{role.pk}/")
    assert response.status_code == 400, response.content
    assert MESSAGE in response.json()["error"]["message"]
    assert RoleAssignment.objects.filter(pk=role.pk).exists()


def test_with_a_second_active_admin_the_role_can_go(admin, second_admin, tree):
    api = APIClient()
    api.force_login(admin)
    response = api.delete(f"/api/v1/role-assignments/{admin_role(admin, tree).pk}/")
    assert response.status_code == 204


def test_a_suspended_second_admin_does_not_count(admin, second_admin, tree, tenant):
    Membership.objects.filter(tenant=tenant, user=second_admin).update(is_active=False)
    api = APIClient()
    api.force_login(admin)
    response = api.delete(f"/api/v1/role-assignments/{admin_role(admin, tree).pk}/")
    assert response.status_code == 400


def test_a_deactivated_second_admin_does_not_count(client_for, admin, second_admin, tree):
    User.objects.filter(pk=second_admin.pk).update(is_active=False)
    role = admin_role(admin, tree)
    response = client_for(admin).post(reverse("accounts:role_revoke", args=[role.pk]), follow=True)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert RoleAssignment.objects.filter(pk=role.pk).exists()


def test_a_delegated_admin_does_not_count_as_agency_admin(admin, tree):
    delegated = UserFactory(email="deleg@alfa.go.id")
    grant(delegated, tree["kanwil"], Role.ADMIN_INSTANSI)
    with scope(tenant=tree["root"].tenant_id), pytest.raises(ValidationError, match=MESSAGE):
        services.role_revoke(actor=admin, assignment=admin_role(admin, tree))


def test_suspending_the_last_active_admin_is_refused(admin, second_admin, tree, tenant):
    User.objects.filter(pk=admin.pk).update(is_active=False)  # admin's account is off
    admin.refresh_from_db()
    # second_admin suspending themselves is refused anyway; suspending admin (inactive)
    # leaves second_admin: allowed. Then second_admin is the last: nobody can remove them.
    with scope(tenant=tenant.pk):
        services.membership_set_active(actor=second_admin, tenant=tenant, user=admin, active=False)
        with pytest.raises(ValidationError, match=MESSAGE):
            services.ensure_agency_keeps_an_admin(
                tenant_id=tenant.pk, losing_user_id=second_admin.pk
            )


def test_two_admins_suspending_each_other_leave_one(admin, second_admin, tenant):
    with scope(tenant=tenant.pk):
        services.membership_set_active(actor=admin, tenant=tenant, user=second_admin, active=False)
        # second_admin is now suspended: admin is the last one.
        with pytest.raises(ValidationError, match=MESSAGE):
            services.ensure_agency_keeps_an_admin(tenant_id=tenant.pk, losing_user_id=admin.pk)


# --- Django admin -----------------------------------------------------------------------


def test_django_admin_refuses_deactivating_the_last_admin(client, operator, admin):
    client.force_login(operator)
    url = reverse("admin:accounts_user_change", args=[admin.pk])
    response = client.post(
        url,
        {
            "email": admin.email,
            "full_name": admin.full_name,
            "nip": "",
            "phone": "",
            "is_staff": "",
            "is_superuser": "",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_django_admin_deactivates_when_another_admin_remains(
    client, operator, admin, second_admin, tenant
):
    client.force_login(operator)
    with scope(tenant=tenant.pk):
        services.user_set_active(actor=operator, user=admin, active=False)
    admin.refresh_from_db()
    assert not admin.is_active


def test_django_admin_refuses_deleting_the_last_admin_role(client, operator, admin, tree):
    client.force_login(operator)
    role = admin_role(admin, tree)
    response = client.post(
        reverse("admin:accounts_roleassignment_delete", args=[role.pk]),
        {"post": "yes"},
        follow=True,
    )
    assert MESSAGE in response.content.decode()
    assert RoleAssignment.objects.filter(pk=role.pk).exists()
    response = client.post(
        reverse("admin:accounts_roleassignment_changelist"),
        {"action": "delete_selected", "_selected_action": [role.pk], "post": "yes"},
        follow=True,
    )
    assert RoleAssignment.objects.filter(pk=role.pk).exists()


def test_django_admin_refuses_moving_the_last_admin_role(client, operator, admin, tree, tenant):
    client.force_login(operator)
    role = admin_role(admin, tree)
    response = client.post(
        reverse("admin:accounts_roleassignment_change", args=[role.pk]),
        {
            "tenant": tenant.pk,
            "user": admin.pk,
            "unit": tree["es1"].pk,
            "role": Role.ADMIN_INSTANSI,
            "area": "",
        },
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    role.refresh_from_db()
    assert role.unit == tree["root"]


def test_django_admin_refuses_suspending_or_deleting_the_last_admins_membership(
    client, operator, admin, tenant
):
    client.force_login(operator)
    membership = Membership.objects.get(tenant=tenant, user=admin)
    response = client.post(
        reverse("admin:tenants_membership_change", args=[membership.pk]),
        {"tenant": tenant.pk, "user": admin.pk},
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    response = client.post(
        reverse("admin:tenants_membership_delete", args=[membership.pk]),
        {"post": "yes"},
        follow=True,
    )
    assert MESSAGE in response.content.decode()
    membership.refresh_from_db()
    assert membership.is_active


# --- Concurrency --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_admins_revoking_each_other_at_once_leave_one(tree, tenant):
    first = UserFactory(email="a1@alfa.go.id")
    second = UserFactory(email="a2@alfa.go.id")
    roles = {u.pk: grant(u, tree["root"], Role.ADMIN_INSTANSI) for u in (first, second)}
    barrier = threading.Barrier(2)
    outcomes = []

    def revoke(actor, victim):
        try:
            with scope(tenant=tenant.pk):
                assignment = RoleAssignment.objects.select_related("unit", "user").get(
                    pk=roles[victim.pk].pk
                )
                barrier.wait(timeout=10)
                services.role_revoke(actor=actor, assignment=assignment)
            outcomes.append("revoked")
        except (ValidationError, PermissionDenied):
            # Refused by the guard, or (when the other one committed first) because the
            # actor is no longer an admin: either way not both.
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=revoke, args=(first, second)),
        threading.Thread(target=revoke, args=(second, first)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["refused", "revoked"]
    assert (
        RoleAssignment.objects.filter(
            tenant=tenant, unit=tree["root"], role=Role.ADMIN_INSTANSI
        ).count()
        == 1
    )
