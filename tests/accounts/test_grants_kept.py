"""A person's roles are read once and kept on the user object (``policy.grants_of``), as
Django keeps permissions: many questions, one query. A change of a role assignment or of
the unit tree in the same process makes the next question read them again."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django_scopes import scope

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import Role
from apps.core.access import Capability, can, grants_of, units_where
from apps.units import services as unit_services
from apps.units.models import Unit
from tests.factories import UserFactory, grant


def test_many_questions_read_the_roles_once(tree, tenant, verifier, django_assert_num_queries):
    with scope(tenant=tenant.pk):
        with django_assert_num_queries(1):
            for unit in (tree["kanwil"], tree["upt"], tree["upt2"]):
                assert can(verifier, Capability.EVIDENCE_VERIFY, unit)
                assert can(verifier, Capability.UNIT_VIEW, unit)
        with django_assert_num_queries(0):
            assert not can(verifier, Capability.EVIDENCE_VERIFY, tree["es1"])
        # No role answers: only the per-object grant (django-guardian) is asked (its
        # content type is cached per process, as in production).
        ContentType.objects.get_for_model(Unit)
        with django_assert_num_queries(1):
            assert not can(verifier, Capability.UNIT_VIEW, tree["es1"])


def test_a_new_role_is_seen_by_the_next_question(tree, tenant):
    user = UserFactory()
    grant(user, tree["root"], Role.PIMPINAN)  # a member somewhere, to ask in the agency
    with scope(tenant=tenant.pk):
        assert not can(user, Capability.EVIDENCE_SUBMIT, tree["upt"], area="MP")
        grant(user, tree["upt"], Role.ANGGOTA_POKJA, "MP")
        assert can(user, Capability.EVIDENCE_SUBMIT, tree["upt"], area="MP")
        assert not can(user, Capability.EVIDENCE_SUBMIT, tree["upt"], area="TL")


def test_a_removed_role_is_gone_for_the_next_question(tree, tenant, verifier):
    with scope(tenant=tenant.pk):
        assert can(verifier, Capability.EVIDENCE_VERIFY, tree["upt"])
        assert tree["upt"] in units_where(verifier, Capability.UNIT_VIEW)
        RoleAssignment.objects.filter(user=verifier).delete()
        assert not can(verifier, Capability.EVIDENCE_VERIFY, tree["upt"])
        assert not units_where(verifier, Capability.UNIT_VIEW).exists()


def test_a_moved_unit_leaves_the_reach_of_the_roles_above_its_old_place(tree, tenant, admin):
    """A move rewrites the paths of the whole subtree in bulk (no model signal per unit):
    the service says the roles read before are stale."""
    with scope(tenant=tenant.pk):
        assert can(admin, Capability.UNIT_VIEW, tree["upt"])
        kanwil_admin = UserFactory()
        grant(kanwil_admin, tree["kanwil"], Role.ADMIN_INSTANSI)
        assert can(kanwil_admin, Capability.UNIT_VIEW, tree["upt"])
        upt = unit_services.unit_move(actor=admin, unit=tree["upt"], new_parent=tree["es1"])
        assert not can(kanwil_admin, Capability.UNIT_VIEW, upt)
        assert upt not in units_where(kanwil_admin, Capability.UNIT_VIEW)


def test_roles_are_kept_per_agency(tree, other_tree, tenant, other_tenant):
    user = UserFactory()
    grant(user, tree["root"], Role.ADMIN_INSTANSI)
    with scope(tenant=tenant.pk):
        assert [g.tenant_id for g in grants_of(user).rows] == [tenant.pk]
        assert can(user, Capability.UNIT_VIEW, tree["upt"])
    with scope(tenant=other_tenant.pk):
        assert grants_of(user).rows == ()
        assert not can(user, Capability.UNIT_VIEW, other_tree["upt"])


@pytest.mark.parametrize("anonymous", [True, False])
def test_nobody_and_somebody_without_roles_hold_nothing(tree, tenant, anonymous):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if anonymous else UserFactory()
    with scope(tenant=tenant.pk):
        assert grants_of(user).rows == ()
        assert not can(user, Capability.UNIT_VIEW, tree["upt"])
        assert not units_where(user, Capability.UNIT_VIEW).exists()
