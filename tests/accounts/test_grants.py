"""``grants_of(user).where(capability, …)`` is ``reaches`` in plain columns: for every
capability, every role held in the unit, above it, at the root, beside it and in another
agency, people with several roles, assessors with a conflict of interest and a guardian
grant, both conditions select the same rows, with the area as a value, as the row's own
field, and without one. Rows: role assignments of one bystander at every unit of the tree,
in two areas and in none (a role assignment has a unit and an area, like evidence)."""

from django.db.models import OuterRef
from django_scopes import scope
from guardian.shortcuts import assign_perm

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import AREA_ROLES, Role
from apps.core.access import (
    Capability,
    capabilities_held,
    grants_of,
    reaches,
    request_capabilities,
    request_grants,
)
from tests.factories import UserFactory, grant

AREA = "MP"
OTHER_AREA = "TL"


def _rows_everywhere(units, tenant):
    """A bystander's role at every unit: one without an area, and one in each area."""
    bystander = UserFactory()
    for unit in units:
        grant(bystander, unit, Role.SEKRETARIS)
        grant(bystander, unit, Role.ANGGOTA_POKJA, AREA)
        grant(bystander, unit, Role.ANGGOTA_POKJA, OTHER_AREA)
    with scope(tenant=tenant.pk):
        return RoleAssignment.objects.filter(user=bystander)


def _people(tree, other_tree):
    people = {}
    for role in Role:
        area = AREA if role in AREA_ROLES else ""
        for where in ("upt", "kanwil", "root", "upt2"):
            user = UserFactory()
            grant(user, tree[where], role, area)
            people[f"{role} at {where}"] = user
        elsewhere = UserFactory()
        grant(elsewhere, other_tree["upt"], role, area)
        grant(elsewhere, other_tree["root"], role, area)
        people[f"{role} in another agency"] = elsewhere
    several = UserFactory()
    grant(several, tree["upt"], Role.KETUA_TIM)
    grant(several, tree["upt"], Role.ANGGOTA_POKJA, AREA)
    grant(several, tree["upt"], Role.KETUA_POKJA, OTHER_AREA)
    grant(several, tree["upt2"], Role.ANGGOTA_POKJA, OTHER_AREA)
    grant(several, tree["kanwil"], Role.VERIFIKATOR)
    people["Ketua Tim, Pokja MP and TL, sibling Pokja, Kanwil verifier"] = several
    for role in (Role.PENILAI_TPU, Role.PENILAI_TPI):
        area = AREA if role in AREA_ROLES else ""
        conflicted = UserFactory()
        grant(conflicted, tree["es1"], role, area)
        grant(conflicted, tree["upt"], Role.AGEN_PERUBAHAN)
        people[f"{role} at Eselon I with a role in UPT1"] = conflicted
    guest = UserFactory()
    grant(guest, tree["upt2"], Role.AGEN_PERUBAHAN)
    assign_perm("units.view_unit", guest, tree["upt"])
    people["agent of UPT2 with a guardian grant on UPT1"] = guest
    return people


def test_where_selects_the_rows_reaches_selects(tree, other_tree, tenant):
    rows = _rows_everywhere(tree.values(), tenant)
    people = _people(tree, other_tree)
    path = OuterRef("unit__path")
    wrong = []
    with scope(tenant=tenant.pk):
        assert rows.count() == 3 * len(tree)
        for who, user in people.items():
            grants = grants_of(user)
            for capability in Capability:
                asked = {
                    "no area": (
                        grants.where(capability),
                        reaches(user, capability, path, unit_pk=OuterRef("unit_id")),
                    ),
                    "area MP": (
                        grants.where(capability, area=AREA),
                        reaches(user, capability, path, AREA, unit_pk=OuterRef("unit_id")),
                    ),
                    "the row's area": (
                        grants.where(capability, area_field="area"),
                        reaches(
                            user, capability, path, OuterRef("area"), unit_pk=OuterRef("unit_id")
                        ),
                    ),
                }
                for how, (plain, exists) in asked.items():
                    got = set(rows.filter(plain).values_list("pk", flat=True))
                    want = set(rows.filter(exists).values_list("pk", flat=True))
                    if got != want:
                        wrong.append(f"{who}, {capability} ({how}): {len(got)} ≠ {len(want)}")
                if not grants.anywhere(capability) and rows.filter(grants.where(capability)):
                    wrong.append(f"{who}, {capability}: anywhere() is False but rows match")
    assert not wrong, "\n".join(wrong)


def test_the_grants_are_read_in_one_query_and_answer_what_is_held(
    tree, tenant, member, django_assert_num_queries
):
    with scope(tenant=tenant.pk):
        with django_assert_num_queries(1):
            grants = grants_of(member)
        with django_assert_num_queries(0):
            assert Capability.PLAN_APPROVE_AREA in grants.held
            assert Capability.EVIDENCE_VERIFY not in grants.held
            grants.where(Capability.EVIDENCE_SUBMIT, area_field="area_code")


def test_a_request_reads_them_once_from_the_roles_its_page_has_read(
    rf, tree, tenant, member, django_assert_num_queries
):
    request = rf.get("/")
    request.user = member
    request.tenant = tenant
    with scope(tenant=tenant.pk):
        assignments = list(RoleAssignment.objects.filter(user=member).select_related("unit"))
        with django_assert_num_queries(0):
            grants = request_grants(request, assignments)
            assert request_grants(request) is grants
            held = request_capabilities(request)  # the menu's flags
        assert held == grants.held == capabilities_held(member)
