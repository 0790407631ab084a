"""Tenancy: every tenant-owned query is scoped; people switch between their agencies."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from django_scopes.exceptions import ScopeError

from apps.accounts.roles import Role
from apps.accounts.services import tenant_create
from apps.audit.models import AuditEvent
from apps.tenants.models import Tenant
from apps.tenants.services import tenant_update
from apps.units.models import Unit, UnitType
from tests.factories import grant, root_of

pytestmark = pytest.mark.django_db


def test_a_query_outside_any_scope_fails_instead_of_leaking(tree):
    with scope(), pytest.raises(ScopeError):  # an empty scope: no tenant active
        list(Unit.objects.all())


def test_a_scope_sees_only_its_own_agency(tree, other_tree, tenant, other_tenant):
    with scope(tenant=tenant.pk):
        assert set(Unit.objects.values_list("tenant_id", flat=True)) == {tenant.pk}
    with scope(tenant=other_tenant.pk):
        assert set(Unit.objects.values_list("code", flat=True)) == {"BETA", "B-UPT"}


def test_creating_an_agency_gives_it_a_root_unit_and_default_types(db):
    a = tenant_create(actor=None, name="Badan Satu", code="bs-1", kind="lembaga")
    b = tenant_create(actor=None, name="Badan Dua", code="BS-2", kind="lembaga")
    assert a.code == "BS-1"
    with scopes_disabled():
        roots = Unit.objects.filter(depth=1, tenant__in=[a, b])
        assert sorted(r.code for r in roots) == ["BS-1", "BS-2"]
        assert len({r.path for r in roots}) == 2
        assert UnitType.objects.filter(tenant=a).count() == 4
        assert AuditEvent.objects.filter(tenant=a, action="tenant.create").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "X", "code": "a b", "kind": "lembaga"}, "code"),
        ({"name": "X", "code": "OK1", "kind": "kerajaan"}, "kind"),
        ({"name": "", "code": "OK2", "kind": "lembaga"}, "name"),
    ],
)
def test_bad_agency_data_is_refused_and_nothing_is_created(db, data, field):
    from django.core.exceptions import ValidationError

    before = (Tenant.objects.count(), Unit.objects.count())
    with pytest.raises(ValidationError) as exc:
        tenant_create(actor=None, **data)
    assert field in exc.value.message_dict
    assert (Tenant.objects.count(), Unit.objects.count()) == before


def test_tenant_update_is_audited(tenant, admin):
    tenant_update(actor=admin, tenant=tenant, name="Kementerian Alfa Baru")
    event = AuditEvent.objects.get(action="tenant.update")
    assert (
        event.before["name"] == "Kementerian Alfa"
        and event.after["name"] == "Kementerian Alfa Baru"
    )


def test_a_person_in_two_agencies_switches_between_them(
    client_for, admin, other_tenant, other_tree
):
    grant(admin, other_tree["upt"], Role.PIMPINAN_UNIT)
    c = client_for(admin)
    home = c.get(reverse("home")).content.decode()
    assert 'id="tenant-switch"' in home
    response = c.post(reverse("tenants:switch"), {"tenant": other_tenant.pk})
    assert response.status_code == 302
    home = c.get(reverse("home")).content.decode()
    assert "UPT Beta" in home and "UPT Satu" not in home
    tree_page = c.get(reverse("units:tree")).content.decode()
    assert "UPT Beta" in tree_page and "Kementerian Alfa" not in tree_page


def test_switching_to_an_agency_you_do_not_belong_to_is_refused(
    client_for, member, other_tenant, tenant
):
    c = client_for(member)
    response = c.post(reverse("tenants:switch"), {"tenant": other_tenant.pk})
    assert response.status_code == 400
    assert c.session.get("active_tenant_id") is None
    assert c.post(reverse("tenants:switch"), {"tenant": "abc"}).status_code == 400


def test_switching_needs_post_and_login(client, client_for, member, tenant):
    assert client.post(reverse("tenants:switch"), {"tenant": tenant.pk}).status_code == 302
    assert client_for(member).get(reverse("tenants:switch")).status_code == 405


def test_the_middleware_ignores_a_tenant_header_the_user_has_no_membership_of(member, other_tenant):
    from apps.tenants.middleware import TenantMiddleware

    seen = {}

    def view(request):
        seen["tenant"] = request.tenant
        from django.http import HttpResponse

        return HttpResponse()

    request = RequestFactory().get("/", HTTP_X_TENANT=other_tenant.code)
    request.user = member
    request.session = {}
    TenantMiddleware(view)(request)
    assert seen["tenant"] is None


def test_a_deactivated_agency_is_no_longer_entered(client_for, member, tenant):
    Tenant.objects.filter(pk=tenant.pk).update(is_active=False)
    response = client_for(member).get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("my_invitations")
    assert client_for(member).get(reverse("units:tree")).status_code == 403


def test_root_unit_cannot_be_moved_or_deactivated(admin, tree, tenant):
    from django.core.exceptions import ValidationError

    from apps.units.services import unit_move, unit_update

    root = root_of(tenant)
    with scope(tenant=tenant.pk):
        with pytest.raises(ValidationError):
            unit_move(actor=admin, unit=root, new_parent=tree["es1"])
        with pytest.raises(ValidationError):
            unit_update(actor=admin, unit=root, is_active=False)
