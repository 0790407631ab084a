"""Whoever sees every unit of the agency reads its items without a unit filter (issue 12,
the 1/10 slice: among many agencies the planner misjudged that semi-join); everyone else
keeps it. Same rows either way."""

import pytest
from django_scopes import scope

from apps.core.access import Capability, units_where
from apps.evidence.models import EvidenceItem
from apps.evidence.selectors import items_visible_to
from tests.factories import EvidenceItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(member, sibling_member, cycle, question, lke, tree):
    from apps.lke.models import Question
    from tests.factories import CycleFactory

    other = CycleFactory(unit=tree["upt2"])
    tl = Question.objects.get(version=lke, code="PPB1A")
    return [
        EvidenceItemFactory(actor=member, cycle=cycle, question=question, name="satu.pdf"),
        EvidenceItemFactory(actor=sibling_member, cycle=other, question=tl, name="dua.pdf"),
    ]


def filtered(user):
    return EvidenceItem.objects.filter(unit__in=units_where(user, Capability.UNIT_VIEW))


@pytest.mark.parametrize("who", ["admin", "tpi_user", "verifier", "member", "es1_leader"])
def test_the_same_items_with_or_without_the_unit_filter(request, who, items, tenant):
    user = request.getfixturevalue(who)
    with scope(tenant=tenant.pk):
        visible = items_visible_to(user)
        assert set(visible) == set(filtered(user))
        agency_wide = who in ("admin", "tpi_user")
        assert ('"units_unit"' in str(visible.query)) is not agency_wide


def test_a_root_role_in_another_agency_does_not_open_this_one(other_admin, items, tenant, tree):
    """Admin Instansi at agency B's root who is also Ketua Pokja of UPT1 in agency A: in
    agency A they see UPT1's items only."""
    from apps.accounts.roles import Role
    from apps.tenants.models import Membership
    from tests.factories import grant

    Membership.objects.get_or_create(user=other_admin, tenant=tenant)
    grant(other_admin, tree["upt"], Role.KETUA_POKJA, "MP")
    with scope(tenant=tenant.pk):
        visible = items_visible_to(other_admin)
        assert [item.title for item in visible] == ["satu.pdf"]
        assert '"units_unit"' in str(visible.query)
