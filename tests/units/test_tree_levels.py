"""The unit tree page of a large agency: shown whole up to TREE_OPEN_LIMIT units, beyond
that its top and one level, deeper levels read when opened (issue 12, cause 5)."""

import pytest
from django.urls import reverse

from apps.accounts.roles import Role
from apps.units import views
from tests.factories import UserFactory, grant, make_unit

pytestmark = pytest.mark.django_db

TREE = reverse("units:tree")


@pytest.fixture
def large(monkeypatch, tree):
    """The test tree counts as large: more than two visible units open level by level."""
    monkeypatch.setattr(views, "TREE_OPEN_LIMIT", 2)
    return tree


def level(client, parent):
    return client.get(TREE, {"parent": parent.pk}, HTTP_HX_REQUEST="true")


def test_a_small_tree_is_shown_whole(client_for, admin, tree):
    body = client_for(admin).get(TREE).content.decode()
    assert all(name in body for name in ["Kementerian Alfa", "Ditjen Satu", "UPT Dua"])
    assert 'data-testid="tree-lazy"' not in body
    assert 'hx-trigger="toggle once"' not in body


def test_a_large_tree_shows_its_top_and_one_level(client_for, admin, large):
    body = client_for(admin).get(TREE).content.decode()
    assert "Kementerian Alfa" in body and "Ditjen Satu" in body
    assert "Kanwil Satu" not in body and "UPT Dua" not in body
    assert "5 unit dapat Anda lihat" in body
    # The Eselon I is opened on demand: its row asks for its children.
    assert f"?parent={large['es1'].pk}" in body


def test_opening_a_level_reads_its_visible_children(client_for, admin, large):
    c = client_for(admin)
    response = level(c, large["kanwil"])
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "UPT Satu" in body and "UPT Dua" in body and "Kanwil Satu" not in body
    assert "Tidak ada sub-unit" in level(c, large["upt"]).content.decode()


def test_a_level_shows_only_what_roles_reach(client_for, verifier, member, large):
    # The Kanwil verifier sees the Kanwil subtree: the Kanwil is their root.
    c = client_for(verifier)
    body = c.get(TREE).content.decode()
    assert "Kanwil Satu" in body and "UPT Satu" in body and "Ditjen Satu" not in body
    # A unit above what they see, or beside it, is not found at all.
    assert level(c, large["es1"]).status_code == 404
    assert level(c, large["root"]).status_code == 404
    # The Ketua Pokja of UPT1 reaches UPT1 alone: nothing below the Kanwil for them.
    m = client_for(member)
    assert level(m, large["kanwil"]).status_code == 404
    assert "UPT Satu" in m.get(TREE).content.decode()


def test_a_level_of_another_agency_or_a_bad_id_is_not_found(
    client_for, admin, other_admin, large, other_tree
):
    assert level(client_for(other_admin), large["kanwil"]).status_code == 404
    assert level(client_for(admin), other_tree["root"]).status_code == 404
    for bad in ["abc", "", "-1", "9" * 30]:
        response = client_for(admin).get(TREE, {"parent": bad})
        assert response.status_code == 404, bad


def test_anonymous_and_role_less_people_cannot_open_a_level(client, client_for, no_role, large):
    response = level(client, large["kanwil"])
    assert response.status_code in (302, 401)
    assert level(client_for(no_role), large["kanwil"]).status_code in (403, 404)


def test_units_whose_parent_is_hidden_are_roots(client_for, large):
    # Pimpinan Unit of both UPTs (not of the Kanwil): two roots, no level above them.
    person = UserFactory()
    grant(person, large["upt"], Role.PIMPINAN_UNIT)
    grant(person, large["upt2"], Role.PIMPINAN_UNIT)
    make_unit(large["upt"], code="UPT1-A", name="Pos Satu A")
    body = client_for(person).get(TREE).content.decode()
    assert "UPT Satu" in body and "UPT Dua" in body and "Kanwil Satu" not in body


def test_search_shows_a_limited_flat_list_and_says_so(client_for, admin, monkeypatch, tree):
    monkeypatch.setattr(views, "TREE_SEARCH_LIMIT", 1)
    body = client_for(admin).get(TREE, {"q": "UPT"}).content.decode()
    assert ("UPT Satu" in body) != ("UPT Dua" in body)
    assert 'data-testid="tree-more"' in body
    body = client_for(admin).get(TREE, {"q": "tidak-ada"}).content.decode()
    assert "Tidak ada unit yang cocok" in body


def test_clearing_the_search_by_htmx_returns_the_tree_not_a_page(client_for, admin, large):
    response = client_for(admin).get(TREE, {"q": ""}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and 'data-testid="unit-tree"' in body


@pytest.mark.parametrize("url", ["page", "level"])
def test_tree_levels_keep_their_budget_as_the_tree_grows(
    client_for, admin, large, url, django_assert_max_num_queries
):
    c = client_for(admin)

    def get():
        if url == "page":
            return c.get(TREE)
        return level(c, large["kanwil"])

    get()
    with django_assert_max_num_queries(12) as small:
        assert get().status_code == 200
    for i in range(30):
        unit = make_unit(large["kanwil"], code=f"EXTRA{i}")
        make_unit(unit, code=f"EXTRA{i}-A")
        grant(UserFactory(), unit, Role.ANGGOTA_POKJA, "PP")
    with django_assert_max_num_queries(12) as grown:
        assert get().status_code == 200
    assert len(grown.captured_queries) == len(small.captured_queries)
