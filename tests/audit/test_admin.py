"""Django admin for tenant-owned rows goes through the services (and so into the agency's
audit log) or is read-only."""

import pytest
from django.contrib import admin as django_admin
from django.test import RequestFactory
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from apps.accounts.invitations import invitation_create
from apps.accounts.models import Invitation, RoleAssignment
from apps.accounts.roles import Role
from apps.audit.actions import AuditAction
from apps.audit.models import AuditEvent
from apps.core.admin import ServiceAdminMixin
from apps.core.models import TenantOwned
from apps.tenants.models import Membership
from apps.units.models import Unit, UnitType
from tests.factories import UserFactory, make_member

pytestmark = pytest.mark.django_db

LAST_ADMIN = "Instansi harus tetap memiliki sedikitnya satu Admin Instansi aktif"


@pytest.fixture
def operator(db):
    return UserFactory(is_staff=True, is_superuser=True, email="op@zi.local")


@pytest.fixture
def op(client, operator):
    client.force_login(operator)
    return client


def events(action):
    with scopes_disabled():
        return list(AuditEvent.objects.filter(action=action))


def url(name, *args):
    return reverse(f"admin:{name}", args=args)


def test_every_tenant_owned_admin_calls_the_services_or_is_read_only(operator):
    request = RequestFactory().get("/admin/")
    request.user = operator
    checked = []
    for model, model_admin in django_admin.site._registry.items():
        if not issubclass(model, TenantOwned) and model is not Membership:
            continue
        checked.append(model)
        if isinstance(model_admin, ServiceAdminMixin):
            continue
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
    assert {RoleAssignment, Unit, UnitType, Membership, Invitation} <= set(checked)


def test_a_role_given_changed_and_revoked_in_django_admin_is_audited(op, operator, tenant, tree):
    person = make_member(tenant, full_name="Orang Alfa")
    fields = {"tenant": tenant.pk, "user": person.pk, "unit": tree["upt"].pk, "area": ""}
    response = op.post(url("accounts_roleassignment_add"), {**fields, "role": Role.KETUA_TIM})
    assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():
        role = RoleAssignment.objects.get(user=person)
    (given,) = events(AuditAction.ROLE_ASSIGN)
    assert (given.actor, given.tenant, given.object_id) == (operator, tenant, str(role.pk))

    response = op.post(
        url("accounts_roleassignment_change", role.pk), {**fields, "role": Role.SEKRETARIS}
    )
    assert response.status_code == 302
    (changed,) = events(AuditAction.ROLE_UPDATE)
    assert changed.changes() == [("role", Role.KETUA_TIM, Role.SEKRETARIS)]

    response = op.post(url("accounts_roleassignment_delete", role.pk), {"post": "yes"})
    assert response.status_code == 302
    (revoked,) = events(AuditAction.ROLE_REVOKE)
    assert revoked.before["role"] == Role.SEKRETARIS and revoked.actor == operator
    with scopes_disabled():
        assert not RoleAssignment.objects.filter(pk=role.pk).exists()


def test_deleting_the_last_admin_role_in_django_admin_is_refused_without_a_record(op, admin, tree):
    with scopes_disabled():
        role = RoleAssignment.objects.get(user=admin, role=Role.ADMIN_INSTANSI)
    for data in (
        {"post": "yes"},
        {"action": "delete_selected", "_selected_action": [role.pk], "post": "yes"},
    ):
        target = (
            url("accounts_roleassignment_changelist")
            if "action" in data
            else url("accounts_roleassignment_delete", role.pk)
        )
        body = op.post(target, data, follow=True).content.decode()
        assert LAST_ADMIN in body
        assert "berhasil dihapus" not in body and "Sukses menghapus" not in body
    with scopes_disabled():
        assert RoleAssignment.objects.filter(pk=role.pk).exists()
    assert events(AuditAction.ROLE_REVOKE) == []


def unit_form(unit, **changes):
    data = {
        "code": unit.code,
        "name": unit.name,
        "unit_type": unit.unit_type_id,
        "address": unit.address,
        "head_name": unit.head_name,
        "head_nip": unit.head_nip or "",
        "head_title": unit.head_title,
        "time_zone": unit.time_zone,
        "is_active": "on",
    }
    return {**data, **changes}


def test_a_unit_changed_in_django_admin_is_audited_and_never_deleted_there(
    op, operator, tenant, tree
):
    upt = tree["upt"]
    response = op.post(url("units_unit_change", upt.pk), unit_form(upt, name="UPT Satu Baru"))
    assert response.status_code == 302, response.content.decode()[:2000]
    (event,) = events(AuditAction.UNIT_UPDATE)
    assert (event.actor, event.tenant) == (operator, tenant)
    assert event.changes() == [("name", "UPT Satu", "UPT Satu Baru")]
    assert op.get(url("units_unit_delete", upt.pk)).status_code == 403
    assert op.get(url("units_unit_add")).status_code == 403


def test_a_unit_change_the_service_refuses_is_a_message_and_saves_nothing(op, tree):
    root = tree["root"]
    response = op.post(
        url("units_unit_change", root.pk), unit_form(root, is_active=""), follow=True
    )
    assert "Unit induk instansi tidak dapat dinonaktifkan" in response.content.decode()
    with scopes_disabled():
        root.refresh_from_db()
    assert root.is_active
    assert events(AuditAction.UNIT_UPDATE) == []


def test_unit_types_added_changed_and_deleted_in_django_admin_are_audited(op, tenant, tree):
    response = op.post(
        url("units_unittype_add"),
        {"tenant": tenant.pk, "code": "balai", "name": "Balai", "order": 7},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():
        balai = UnitType.objects.get(tenant=tenant, code="balai")
    assert [e.object_id for e in events(AuditAction.UNIT_TYPE_CREATE)] == [str(balai.pk)]
    response = op.post(
        url("units_unittype_change", balai.pk), {"code": "balai", "name": "Balai Besar", "order": 7}
    )
    assert response.status_code == 302
    (renamed,) = events(AuditAction.UNIT_TYPE_UPDATE)
    assert renamed.changes() == [("name", "Balai", "Balai Besar")]
    op.post(url("units_unittype_delete", balai.pk), {"post": "yes"})
    assert len(events(AuditAction.UNIT_TYPE_DELETE)) == 1
    with scopes_disabled():
        assert not UnitType.objects.filter(pk=balai.pk).exists()


def test_a_unit_type_in_use_is_not_deleted(op, tree):
    used = tree["upt"].unit_type
    response = op.post(
        url("units_unittype_changelist"),
        {"action": "delete_selected", "_selected_action": [used.pk], "post": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    with scopes_disabled():
        assert UnitType.objects.filter(pk=used.pk).exists()
    assert events(AuditAction.UNIT_TYPE_DELETE) == []


def test_memberships_suspended_and_removed_in_django_admin_are_audited(
    op, operator, tenant, member
):
    with scopes_disabled():
        membership = Membership.objects.get(tenant=tenant, user=member)
    response = op.post(url("tenants_membership_change", membership.pk), {})
    assert response.status_code == 302, response.content.decode()[:2000]
    (suspended,) = events(AuditAction.MEMBERSHIP_SUSPEND)
    assert (suspended.actor, suspended.object_id) == (operator, str(member.pk))
    op.post(url("tenants_membership_delete", membership.pk), {"post": "yes"})
    (removed,) = events(AuditAction.MEMBERSHIP_REMOVE)
    assert removed.before == {"email": member.email, "active": False}
    with scopes_disabled():
        assert not Membership.objects.filter(pk=membership.pk).exists()


def test_invitations_are_read_only_in_django_admin(op, tenant, admin):
    outsider = UserFactory(email="luar@beta.go.id")
    with scope(tenant=tenant.pk):
        invitation = invitation_create(
            actor=admin, tenant=tenant, email=outsider.email, full_name="Orang Luar"
        )
    assert op.get(url("accounts_invitation_change", invitation.pk)).status_code == 200
    assert op.get(url("accounts_invitation_add")).status_code == 403
    assert (
        op.post(url("accounts_invitation_delete", invitation.pk), {"post": "yes"}).status_code
        == 403
    )
    with scopes_disabled():
        assert Invitation.objects.filter(pk=invitation.pk).exists()
