"""Access derives from role + unit subtree, decided in SQL (apps.accounts.access)."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django_scopes import scope
from guardian.shortcuts import assign_perm

from apps.accounts.access import (
    administered_units,
    can_admin_unit,
    can_view_unit,
    get_unit_for_user,
    visible_units,
)
from apps.accounts.roles import Role
from apps.units.models import Unit
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def codes(qs):
    return sorted(u.code for u in qs)


def test_unit_role_reaches_only_its_own_unit(tree, member, tenant):
    with scope(tenant=tenant.pk):
        assert codes(visible_units(member)) == ["UPT1"]
        assert can_view_unit(member, tree["upt"])
        assert not can_view_unit(member, tree["upt2"])
        assert not can_view_unit(member, tree["kanwil"])


def test_subtree_role_reaches_every_unit_below(tree, verifier, tenant):
    with scope(tenant=tenant.pk):
        assert codes(visible_units(verifier)) == ["KW1", "UPT1", "UPT2"]
        assert not can_view_unit(verifier, tree["es1"])


def test_admin_at_root_administers_whole_agency(tree, admin, tenant):
    with scope(tenant=tenant.pk):
        assert codes(administered_units(admin)) == ["ALFA", "ES1", "KW1", "UPT1", "UPT2"]
        assert can_admin_unit(admin, tree["upt2"])


def test_non_admin_roles_administer_nothing(tree, member, verifier, tenant):
    with scope(tenant=tenant.pk):
        assert codes(administered_units(member)) == []
        assert codes(administered_units(verifier)) == []
        assert not can_admin_unit(verifier, tree["upt"])


def test_delegated_admin_reaches_only_its_subtree(tree, tenant):
    delegated = UserFactory()
    grant(delegated, tree["kanwil"], Role.ADMIN_INSTANSI)
    with scope(tenant=tenant.pk):
        assert can_admin_unit(delegated, tree["upt"])
        assert not can_admin_unit(delegated, tree["es1"])


def test_a_path_prefix_of_another_branch_is_not_a_subtree(tree, tenant):
    """Paths are compared by whole segments: 0001000100010001 is not below 000100010002."""
    user = UserFactory()
    grant(user, tree["upt"], Role.VERIFIKATOR)
    with scope(tenant=tenant.pk):
        assert codes(visible_units(user)) == ["UPT1"]


def test_visibility_never_crosses_tenants(tree, other_tree, admin, other_tenant):
    with scope(tenant=other_tenant.pk):
        assert codes(visible_units(admin)) == []
        with pytest.raises(Exception) as exc:
            get_unit_for_user(admin, other_tree["upt"].pk)
        assert exc.typename == "Http404"


def test_guardian_object_permission_is_a_per_unit_exception(tree, member, tenant):
    assert Permission.objects.filter(codename="view_unit").exists()
    assign_perm("units.view_unit", member, tree["upt2"])
    with scope(tenant=tenant.pk):
        assert codes(visible_units(member)) == ["UPT1", "UPT2"]
        assert can_view_unit(member, tree["upt2"])
        assert not can_admin_unit(member, tree["upt2"])


def test_visible_units_reads_the_roles_once(tree, verifier, tenant, django_assert_num_queries):
    ContentType.objects.get_for_model(Unit)  # cached per process, as in production
    with scope(tenant=tenant.pk):
        with django_assert_num_queries(2):  # the person's roles, then the units
            list(visible_units(verifier))
        with django_assert_num_queries(1):  # the roles are kept on the user object
            list(visible_units(verifier))
