"""The access matrix, derived from the capability table (apps/accounts/policy/table.py).

For every capability and every role, a holder of the role in the unit itself, above it,
in a sibling unit and in another agency, and an anonymous visitor, are asked through
``can`` and ``units_where``; the expected answer is read from the capability's row
(roles, reach, area roles, conflict of interest), so a new capability is tested the day
it is added to the table.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef
from django_scopes import scope

from apps.accounts.policy import POLICY, Reach
from apps.accounts.roles import AREA_ROLES, SUBTREE_ROLES, Role
from apps.core.access import Capability, can, reaches, require, units_where
from apps.core.exceptions import AccessDenied
from apps.units.models import Unit
from tests.factories import UserFactory, grant

AREA = "MP"
OTHER_AREA = "TL"
UNIT_REACHES = (Reach.UNIT, Reach.ROLE)


def _holder(unit, role, *extra):
    user = UserFactory()
    grant(user, unit, role, AREA if role in AREA_ROLES else "")
    for extra_unit, extra_role in extra:
        grant(user, extra_unit, extra_role, AREA if extra_role in AREA_ROLES else "")
    return user


def _expected(rule, role, where: str) -> bool:
    """What the table says a holder of ``role`` held ``where`` has over UPT1."""
    if role not in rule.roles:
        return False
    if rule.reach == Reach.TENANT:
        return where != "other_tenant"
    if rule.reach == Reach.AGENCY:
        return where == "root"
    if where == "unit":
        return not rule.conflict  # a role in the unit itself is a conflict of interest
    if where in ("above", "root"):
        return rule.reach == Reach.ROLE and role in SUBTREE_ROLES
    return False


def _ask(user, capability, unit, area=None):
    """``can`` over ``unit``; the agency-wide capabilities are asked without a unit."""
    reaches_units = POLICY[Capability(capability)].reach in UNIT_REACHES
    return can(user, capability, unit if reaches_units else None, area)


def test_every_capability_has_a_row_with_roles_and_a_message():
    assert set(POLICY) == set(Capability)
    for capability, rule in POLICY.items():
        assert rule.roles, capability
        assert rule.area_roles <= rule.roles, capability
        assert str(rule.denied).startswith(("Hanya", "Anda", "Ketua", "Penilaian")), capability


@pytest.mark.parametrize("capability", list(Capability), ids=lambda c: c.value)
def test_the_matrix_follows_the_table(capability, tree, other_tree, tenant):
    rule = POLICY[capability]
    upt = tree["upt"]
    wrong = []
    for role in Role:
        people = {
            "unit": _holder(upt, role),
            "above": _holder(tree["kanwil"], role),
            "root": _holder(tree["root"], role),
            "sibling": _holder(tree["upt2"], role),
            "other_tenant": _holder(other_tree["upt"], role, (other_tree["root"], role)),
        }
        with scope(tenant=tenant.pk):
            for where, user in people.items():
                expected = _expected(rule, role, where)
                answer = _ask(user, capability, upt)
                if answer != expected:
                    wrong.append(f"{role} {where}: can={answer}, table says {expected}")
                if rule.reach in UNIT_REACHES:
                    listed = units_where(user, capability).filter(pk=upt.pk).exists()
                    if listed != expected:
                        wrong.append(f"{role} {where}: units_where={listed}, table {expected}")
                    # The same answer as one SQL EXISTS per row (``reaches``, annotations).
                    in_sql = Unit.objects.filter(
                        reaches(user, capability, OuterRef("path"), unit_pk=OuterRef("pk")),
                        pk=upt.pk,
                    ).exists()
                    if in_sql != expected:
                        wrong.append(f"{role} {where}: reaches={in_sql}, table {expected}")
            # Area-bound roles grant only in their own area; the others in every area.
            if rule.area_roles and rule.reach in UNIT_REACHES and not rule.conflict:
                user = people["unit"]
                in_area = _ask(user, capability, upt, AREA)
                elsewhere = _ask(user, capability, upt, OTHER_AREA)
                if in_area != (role in rule.roles):
                    wrong.append(f"{role} unit, own area: can={in_area}")
                if elsewhere != (role in rule.roles and role not in rule.area_roles):
                    wrong.append(f"{role} unit, other area: can={elsewhere}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "capability",
    [c for c, rule in POLICY.items() if rule.conflict],
    ids=lambda c: c.value,
)
def test_a_role_in_the_unit_or_below_excludes_an_assessor(capability, tree, tenant):
    """Conflict of interest: the assessor role above the unit grants the capability until
    its holder also holds any role in the unit or in a unit below it."""
    rule = POLICY[capability]
    role = next(r for r in Role if r in rule.roles and r in SUBTREE_ROLES)
    clean = _holder(tree["es1"], role)
    in_unit = _holder(tree["es1"], role, (tree["kanwil"], Role.AGEN_PERUBAHAN))
    below = _holder(tree["es1"], role, (tree["upt"], Role.AGEN_PERUBAHAN))
    beside = _holder(tree["es1"], role, (tree["upt2"], Role.AGEN_PERUBAHAN))
    with scope(tenant=tenant.pk):
        upt = tree["upt"]
        kanwil = tree["kanwil"]
        assert can(clean, capability, kanwil)
        assert not can(in_unit, capability, kanwil)
        assert not can(below, capability, kanwil)
        assert can(beside, capability, upt) and not can(beside, capability, kanwil)
        assert kanwil not in units_where(below, capability)
        assert set(units_where(clean, capability)) >= {kanwil, upt}
        with pytest.raises(AccessDenied, match="benturan kepentingan"):
            require(below, capability, kanwil)


@pytest.mark.parametrize("capability", list(Capability), ids=lambda c: c.value)
def test_an_anonymous_visitor_has_no_capability(capability, tree, tenant):
    anonymous = AnonymousUser()
    with scope(tenant=tenant.pk):
        assert not _ask(anonymous, capability, tree["upt"])
        assert not units_where(anonymous, capability).exists()


def test_require_names_the_unit_in_the_tables_message(tree, tenant, member):
    with scope(tenant=tenant.pk), pytest.raises(AccessDenied) as refused:
        require(member, Capability.DECLARATION_MANAGE, tree["upt"])
    assert "UPT Satu" in str(refused.value)


def test_units_where_reads_the_roles_once(tree, tenant, verifier, django_assert_num_queries):
    # The guardian grant names the unit's content type: Django caches it per process (a
    # query the first time only), so the count is taken warm, as every later request is.
    ContentType.objects.get_for_model(Unit)
    with scope(tenant=tenant.pk), django_assert_num_queries(2):  # the roles, the units
        units = list(units_where(verifier, Capability.UNIT_VIEW))
    with scope(tenant=tenant.pk), django_assert_num_queries(1):  # the roles are kept
        assert len(list(units_where(verifier, Capability.UNIT_VIEW))) == len(units)
    assert {u.pk for u in units} == {
        u.pk for u in Unit.objects.filter(path__startswith=tree["kanwil"].path)
    }


def test_the_verification_chain_uses_only_roles_of_evidence_verify():
    """The chain's default levels (apps/evidence/chain.py, agency data) name which role
    verifies at each level; each must be a role the table gives ``evidence.verify``."""
    from apps.evidence.chain import DEFAULT_LEVELS

    assert {role for _n, _name, role, _anchor in DEFAULT_LEVELS} <= POLICY[
        Capability.EVIDENCE_VERIFY
    ].roles
