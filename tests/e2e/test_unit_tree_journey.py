"""Journey: the admin of a large agency walks down the unit tree one level at a time,
finds a unit by searching, and clears the search back to the tree (issue 12)."""

import pytest
from playwright.sync_api import expect

from apps.units import views

from ..factories import PASSWORD
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sub_units(page, name):
    """The "N sub-unit" toggle right under the unit named ``name``."""
    node = page.get_by_test_id("unit-tree").locator(
        "li.unit-node", has=page.get_by_role("link", name=name, exact=True)
    )
    return node.last.locator(":scope > details > summary")


def test_admin_opens_the_tree_level_by_level(page, live_server, admin, tree, monkeypatch, tmp_path):
    monkeypatch.setattr(views, "TREE_OPEN_LIMIT", 2)
    login(page, admin.email, PASSWORD)
    page.get_by_role("link", name="Unit", exact=True).click()
    tree_box = page.get_by_test_id("unit-tree")
    expect(page.get_by_test_id("tree-lazy")).to_contain_text("5 unit dapat Anda lihat")
    expect(tree_box).to_contain_text("Ditjen Satu")
    expect(tree_box.get_by_role("link", name="Kanwil Satu")).to_have_count(0)

    sub_units(page, "Ditjen Satu").click()
    expect(tree_box.get_by_role("link", name="Kanwil Satu")).to_be_visible()
    sub_units(page, "Kanwil Satu").click()
    expect(tree_box.get_by_role("link", name="UPT Dua")).to_be_visible()
    # Closing and opening again does not read the level twice (toggle once).
    sub_units(page, "Kanwil Satu").click()
    expect(tree_box.get_by_role("link", name="UPT Dua")).to_be_hidden()
    sub_units(page, "Kanwil Satu").click()
    expect(tree_box.get_by_role("link", name="UPT Dua")).to_have_count(1)

    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(tmp_path / "unit-tree-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    search = page.get_by_role("searchbox", name="Cari unit")
    search.fill("UPT2")
    expect(tree_box.get_by_role("link", name="UPT Satu")).to_have_count(0)
    expect(page.get_by_test_id("unit-tree")).to_contain_text("UPT Dua")
    search.fill("")
    expect(page.get_by_test_id("tree-lazy")).to_be_visible()
    sub_units(page, "Ditjen Satu").click()
    page.get_by_role("link", name="Kanwil Satu").click()
    expect(page.get_by_role("heading", name="Kanwil Satu")).to_be_visible()
