"""Journey: a Pimpinan over the agency opens the leadership dashboard from the menu,
drills down the heat map from the agency to a UPT, switches to the completeness layer,
opens a funnel number to see the units behind it, reads the failed rule of the unit below
the minimum and opens that unit's area from a heat-map cell. At 390 px the heat map
scrolls inside its box with the unit column still in view. axe passes on the way."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from apps.accounts.roles import Role
from tests.a11y import assert_accessible
from tests.conftest import person
from tests.dashboard.conftest import build_agency, refreshed

from ..factories import PASSWORD
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def agency(tree, lke, admin, verifier, es1_verifier, tpi_user, tpu_user, ketua_tim):
    """tests/dashboard/conftest.py's agency, its summaries refreshed."""
    with scopes_disabled():
        return refreshed(
            build_agency(tree, admin, verifier, es1_verifier, tpi_user, tpu_user, ketua_tim)
        )


def test_a_leader_drills_from_the_agency_to_a_failing_unit(page, live_server, agency):
    with scopes_disabled():
        leader = person(
            agency.units["root"],
            Role.PIMPINAN,
            full_name="Pimpinan Alfa",
            email="pimpinan.alfa@alfa.go.id",
        )
    login(page, leader.email, PASSWORD)
    page.get_by_test_id("nav-dashboard").first.click()
    page.wait_for_url("**/dasbor/")
    heat = page.get_by_test_id("dashboard-heatmap")
    rows = heat.get_by_test_id("heat-row")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Ditjen Dua")).to_have_count(1)
    es1 = rows.filter(has_text="Ditjen Satu")
    expect(es1.locator('[data-area="PW"]')).to_have_attribute("data-band", "wbbm")  # 75 %
    assert_accessible(page)

    # Agency -> Eselon I -> Kanwil (by a cell) -> UPT.
    es1.get_by_test_id("drill").click()
    expect(page.get_by_test_id("dashboard-breadcrumb")).to_contain_text("Kementerian Alfa")
    rows.filter(has_text="Kanwil Satu").locator('[data-area="MP"] a').click()
    expect(page.get_by_test_id("dashboard-breadcrumb")).to_contain_text("Ditjen Satu")
    upt = rows.filter(has_text="UPT Satu")
    expect(upt.locator('[data-area="PW"]')).to_have_attribute("data-band", "below")  # 50 %
    expect(rows.filter(has_text="UPT Dua").locator('[data-area="PW"]')).to_have_attribute(
        "data-band", "wbbm"
    )
    upt.get_by_test_id("drill").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("UPT Satu")
    expect(rows).to_have_count(1)
    assert_accessible(page)

    # The completeness layer: one verified MP item, nothing in PW.
    page.get_by_test_id("layer-kelengkapan").click()
    expect(heat).to_contain_text("Kelengkapan bukti per area")
    expect(page.get_by_test_id("layer-kelengkapan")).to_have_attribute("aria-current", "true")
    expect(rows.first.locator('[data-area="PW"]')).to_have_attribute("data-band", "below")
    page.get_by_test_id("layer-skor").click()

    # The funnel number and the units behind it.
    page.get_by_test_id("funnel-penilaian_pendahuluan").click()
    units = page.get_by_test_id("dashboard-stage-units")
    expect(units).to_contain_text("1 siklus pada tahap Penilaian pendahuluan")
    expect(units).to_contain_text("UPT Satu")

    # The failed minimum, with its figure and bound.
    failing = page.get_by_test_id("failing-unit")
    expect(failing).to_have_count(1)
    expect(failing.get_by_test_id("failed-rule")).to_have_text(
        "Nilai setiap area pengungkit minimal 60% dari bobotnya – PW: 50.00 % < 60.00 %"
    )

    # At 390 px the heat map scrolls in its box; the unit column stays in view.
    page.set_viewport_size({"width": 390, "height": 844})
    box = page.locator(".zi-heatmap")
    sizes = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
    assert sizes[0] > sizes[1], sizes
    doc = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert doc[0] <= doc[1], doc  # the page itself does not scroll sideways
    unit_cell = rows.first.locator("th.zi-sticky")
    before = unit_cell.bounding_box()
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    page.wait_for_function("() => document.querySelector('.zi-heatmap').scrollLeft > 0")
    after, frame = unit_cell.bounding_box(), box.bounding_box()
    assert after["x"] == pytest.approx(before["x"], abs=1), (before, after)
    assert frame["x"] - 1 <= after["x"] <= frame["x"] + frame["width"], (after, frame)
    pp = rows.first.locator('[data-area="PP"]').bounding_box()
    assert pp["x"] < frame["x"] + frame["width"], (pp, frame)  # scrolled into view
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # A heat-map cell opens that unit's area.
    rows.first.locator('[data-area="PW"] a').click()
    page.wait_for_url(f"**/bukti/siklus/{agency.cycles['c1'].pk}/?area=PW")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
