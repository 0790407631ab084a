"""The completeness page: the SQL roll-up one tree level at a time gives the figures a
plain Python computation gives, shows only units the user may see, and keeps a query
budget that does not grow with the tree."""

import pytest
from django.urls import reverse
from django_scopes import scope

from apps.accounts.roles import Role
from apps.core.access import Capability, units_where
from apps.evidence.models import EvidenceItem, ItemStatus
from apps.evidence.selectors import Progress, completeness_level, cycles_progress
from apps.lke.models import EvidenceRequirement, Question
from tests.factories import (
    CycleFactory,
    EvidenceItemFactory,
    TemplateVersionFactory,
    grant,
    make_member,
    make_unit,
)

pytestmark = pytest.mark.django_db


def expected_figures(user, year):
    """unit pk -> (own Progress or None, subtree Progress), computed the plain way: each
    visible unit's first cycle of the year by target, summed over every visible unit
    whose path starts with the unit's."""
    units = list(units_where(user, Capability.UNIT_VIEW))
    from apps.cycles.models import Cycle

    first = {}
    for cycle in Cycle.objects.filter(unit__in=units, year=year).order_by("target"):
        first.setdefault(cycle.unit_id, cycle)
    progress = cycles_progress(first.values())
    own = {u.pk: progress[first[u.pk].pk].total if u.pk in first else None for u in units}
    result = {}
    for unit in units:
        subtree = Progress()
        for other in units:
            if other.path.startswith(unit.path) and own[other.pk]:
                subtree.add(own[other.pk])
        result[unit.pk] = (own[unit.pk], subtree)
    return result


def figures(row):
    own = (row.own.entries, row.own.satisfied, row.own.percent) if row.own else None
    return own, (row.subtree.entries, row.subtree.satisfied, row.subtree.percent)


def as_figures(pair):
    own, subtree = pair
    own = (own.entries, own.satisfied, own.percent) if own else None
    return own, (subtree.entries, subtree.satisfied, subtree.percent)


@pytest.fixture
def mixed(tree, lke, admin):
    """Cycles with mixed items over the tree: verified items named and unnamed, twice for
    one entry, submitted and draft ones, a question without a checklist, two cycles of one
    unit, a cycle of another year, and a cycle on a template without questions."""
    tenant = tree["root"].tenant
    contributor = make_member(tenant, full_name="Pengunggah", email="unggah@alfa.go.id")
    units = {**tree, "kanwil2": make_unit(tree["es1"], code="KW2", name="Kanwil Dua")}
    units["upt3"] = make_unit(units["kanwil2"], code="UPT3", name="UPT Tiga")
    for unit in units.values():
        grant(contributor, unit, Role.KETUA_POKJA, "MP")
    mp = Question.objects.filter(version=lke, indicator__aspect__area__code="MP")
    with_list = next(q for q in mp.order_by("code") if q.evidence.count() >= 3)
    no_list = mp.exclude(pk=with_list.pk).order_by("code").first()
    EvidenceRequirement.objects.filter(question=no_list).delete()
    r1, r2, r3 = list(with_list.evidence.order_by("pk"))[:3]

    def item(cycle, question, requirement=None, status=ItemStatus.VERIFIED):
        made = EvidenceItemFactory(
            actor=contributor, cycle=cycle, question=question, requirement=requirement
        )
        EvidenceItem.objects.filter(pk=made.pk).update(status=status)

    with scope(tenant=tenant.pk):
        upt = CycleFactory(unit=units["upt"], target="wbbm")
        item(upt, with_list, r1)
        item(upt, with_list, r1)
        item(upt, with_list, r2)
        item(upt, with_list, r3, ItemStatus.IN_VERIFICATION)
        item(upt, with_list, None)  # unnamed: no checklist entry of a listed question
        item(upt, no_list)
        item(upt, no_list)
        wbk = CycleFactory(unit=units["upt"], target="wbk")  # not counted: "wbbm" sorts first
        item(wbk, with_list, r3)
        upt2 = CycleFactory(unit=units["upt2"], target="wbk")  # its only cycle: counted
        item(upt2, no_list, status=ItemStatus.DRAFT)
        item(upt2, with_list, r2)
        kanwil = CycleFactory(unit=units["kanwil"])
        item(kanwil, no_list)
        old = CycleFactory(unit=units["kanwil2"], year=2025)  # another year
        item(old, with_list, r1)
        CycleFactory(unit=units["upt3"], template=TemplateVersionFactory())  # no questions
        CycleFactory(unit=units["root"])
    return units


def all_levels(user, year):
    """unit pk -> figures as the page shows them, walking every level down from the top."""
    seen = {}
    pending = [None]
    while pending:
        level = completeness_level(user, year=year, unit=pending.pop())
        rows = ([level.current] if level.current else []) + level.rows
        for row in rows:
            seen.setdefault(row.unit.pk, figures(row))
        pending += [r.unit for r in level.rows if r.has_below]
    return seen


@pytest.mark.parametrize("who", ["admin", "kanwil_admin", "verifier", "es1_leader"])
def test_the_sql_roll_up_gives_the_figures_of_a_plain_computation(request, mixed, who):
    user = request.getfixturevalue(who)
    with scope(tenant=mixed["root"].tenant_id):
        expected = expected_figures(user, 2026)
        shown = all_levels(user, 2026)
    assert shown, who
    for pk, got in shown.items():
        assert got == as_figures(expected[pk]), (who, pk)
    hidden = {pk for pk, (_, subtree) in expected.items() if not subtree.entries}
    assert set(shown) == set(expected) - hidden, who  # every unit with a checklist, once
    assert any(s[1][1] for s in shown.values()), "some verified evidence is counted"


def test_the_figures_are_what_the_items_say(mixed, admin):
    with scope(tenant=mixed["root"].tenant_id):
        level = completeness_level(admin, year=2026, unit=mixed["kanwil"])
    by_code = {row.unit.code: row for row in level.rows}
    assert set(by_code) == {"UPT1", "UPT2"}
    # UPT1: r1 and r2 of the listed question, the question without a checklist once.
    assert by_code["UPT1"].own.satisfied == 3
    assert by_code["UPT2"].own.satisfied == 1  # its WBK cycle: r2; the draft not
    assert level.current.own.satisfied == 1
    assert level.current.subtree.satisfied == 5
    assert level.current.subtree.entries == 3 * by_code["UPT1"].own.entries


def test_each_level_shows_the_units_one_level_below_with_a_breadcrumb(client_for, mixed, admin):
    c = client_for(admin)
    url = reverse("evidence:completeness")
    body = c.get(url, {"tahun": 2026}).content.decode()
    assert "Kementerian Alfa" in body and "Ditjen Satu" in body
    assert "Kanwil Satu" not in body and "UPT Satu" not in body
    body = c.get(url, {"tahun": 2026, "unit": mixed["es1"].pk}).content.decode()
    assert "Kanwil Satu" in body and "UPT Satu" not in body
    assert "Kanwil Dua" not in body  # its only cycle is of 2025: nothing to show
    assert f'href="?tahun=2026&amp;unit={mixed["root"].pk}"' in body  # back up
    assert f'href="?tahun=2026&amp;unit={mixed["kanwil"].pk}"' in body  # down
    body = c.get(url, {"tahun": 2026, "unit": mixed["kanwil"].pk}).content.decode()
    assert "UPT Satu" in body and "UPT Dua" in body and "Ditjen Satu" in body
    assert "Semua unit" not in body  # one top unit: the breadcrumb starts there


def test_a_user_sees_only_units_they_may_see(client_for, mixed, kanwil_admin, other_admin):
    c = client_for(kanwil_admin)
    url = reverse("evidence:completeness")
    body = c.get(url, {"tahun": 2026}).content.decode()
    assert "Kanwil Satu" in body and "UPT Satu" in body
    assert "Ditjen Satu" not in body and "Kementerian Alfa" not in body
    for unit in (mixed["es1"], mixed["root"], mixed["kanwil2"]):
        assert c.get(url, {"tahun": 2026, "unit": unit.pk}).status_code == 404
    assert c.get(url, {"tahun": 2026, "unit": "abc"}).status_code == 404
    other = client_for(other_admin)
    assert other.get(url, {"tahun": 2026, "unit": mixed["upt"].pk}).status_code == 404
    assert "UPT Satu" not in other.get(url, {"tahun": 2026}).content.decode()


def test_several_top_units_are_listed_and_each_leads_back_to_all(client_for, mixed):
    user = make_member(mixed["root"].tenant, full_name="Dua Unit", email="dua@alfa.go.id")
    grant(user, mixed["upt"], Role.KETUA_POKJA, "MP")
    grant(user, mixed["upt2"], Role.KETUA_POKJA, "MP")
    c = client_for(user)
    url = reverse("evidence:completeness")
    body = c.get(url, {"tahun": 2026}).content.decode()
    assert "UPT Satu" in body and "UPT Dua" in body and "Kanwil Satu" not in body
    body = c.get(url, {"tahun": 2026, "unit": mixed["upt"].pk}).content.decode()
    assert "Semua unit" in body and "UPT Dua" not in body


def test_the_query_budget_does_not_grow_with_the_tree(
    client_for, mixed, admin, django_assert_max_num_queries
):
    c = client_for(admin)
    url = reverse("evidence:completeness")
    levels = [
        ({"tahun": 2026}, "Ditjen Satu"),
        ({"tahun": 2026, "unit": mixed["es1"].pk}, "Kanwil X1"),
        ({"tahun": 2026, "unit": mixed["kanwil"].pk}, "UPT K1"),
    ]
    counts = []
    for params, _ in levels:
        c.get(url, params)
        with django_assert_max_num_queries(20) as ctx:
            assert c.get(url, params).status_code == 200
        counts.append(len(ctx.captured_queries))
    for i in range(12):  # a whole Kanwil more, each UPT with its cycle
        kanwil = make_unit(mixed["es1"], code=f"KWX{i}", name=f"Kanwil X{i}")
        for j in range(3):
            CycleFactory(unit=make_unit(kanwil, code=f"UX{i}-{j}", name=f"UPT X{i}-{j}"))
        CycleFactory(unit=make_unit(mixed["kanwil"], code=f"UK{i}", name=f"UPT K{i}"))
    for (params, shown), count in zip(levels, counts, strict=True):
        with django_assert_max_num_queries(count):
            body = c.get(url, params).content.decode()
        assert shown in body
