"""Journeys through the search-as-you-type pickers (apps.core.pickers, static/js/picker.js),
as at a large agency: the lists are longer than PICKER_SELECT_MAX, so the pages render
only an input that searches as one types.

1. An admin invites a person with a role at a unit found by typing (keyboard only), on a
   phone-sized screen as well.
2. An admin opens the TPU assessment with a lead found by typing, then assigns a second
   assessor with the mouse; the conflicted assessor is never offered."""

import pytest
from playwright.sync_api import expect

from apps.accounts.models import Invitation
from apps.assessment.models import Assessment

from ..a11y import assert_accessible, assert_no_horizontal_scroll
from ..factories import PASSWORD
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def long_lists(settings):
    """Every unit and people list is "long": the pages render pickers."""
    settings.PICKER_SELECT_MAX = 1


def test_an_admin_invites_with_a_role_at_a_unit_found_by_typing(
    page, live_server, long_lists, admin, tree, tmp_path
):
    login(page, admin.email, PASSWORD)
    page.goto("/pengguna/baru/")
    page.get_by_label("E-mail").fill("budi.baru@alfa.go.id")
    page.get_by_label("Nama lengkap").fill("Budi Baru")
    unit = page.get_by_role("combobox", name="Unit peran")
    picker = page.get_by_test_id("picker-unit")
    status = picker.locator("[data-picker-status]")
    expect(page.locator('select[name="unit"]')).to_have_count(0)

    unit.press_sequentially("u")
    expect(status).to_have_text("Ketik minimal 2 huruf…")
    unit.press_sequentially("zzz")
    expect(status).to_contain_text("Tidak ditemukan")
    expect(unit).to_have_attribute("aria-expanded", "false")

    # On a phone: the list opens in view, fits the screen, nothing scrolls sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    unit.fill("")
    unit.press_sequentially("upt")
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options).to_have_text(["UPT Satu (UPT1)", "UPT Dua (UPT2)"])
    expect(unit).to_have_attribute("aria-expanded", "true")
    expect(status).to_contain_text("2 hasil")
    expect(options.nth(1)).to_be_in_viewport()
    assert_no_horizontal_scroll(page, label="undang – pemilih unit terbuka")
    assert_accessible(page, label="undang – pemilih unit terbuka")
    page.screenshot(path=str(tmp_path / "picker-phone.png"))
    page.set_viewport_size({"width": 1280, "height": 900})

    unit.press("ArrowDown")
    unit.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(unit).to_have_attribute("aria-activedescendant", "id_unit_option1")
    unit.press("Enter")  # chooses, does not submit
    expect(unit).to_have_value("UPT Dua (UPT2)")
    expect(picker.locator("[data-picker-value]")).to_have_value(str(tree["upt2"].pk))
    expect(status).to_have_text("Dipilih: UPT Dua (UPT2)")
    expect(page.get_by_role("listbox")).to_be_hidden()
    assert not Invitation.objects.exists()

    page.get_by_label("Peran", exact=True).select_option("ketua_pokja")
    page.get_by_label("Area").select_option("MP")
    page.get_by_role("button", name="Kirim undangan").click()
    expect(page.locator(".alert-success")).to_contain_text(
        "Undangan dikirim ke budi.baru@alfa.go.id"
    )
    invitation = Invitation.objects.get(email="budi.baru@alfa.go.id")
    assert (invitation.unit_id, invitation.role, invitation.area) == (
        tree["upt2"].pk,
        "ketua_pokja",
        "MP",
    )


def test_typing_after_a_choice_empties_it_until_another_is_chosen(
    page, live_server, long_lists, admin, tree
):
    login(page, admin.email, PASSWORD)
    page.goto("/pengguna/baru/")
    page.get_by_label("E-mail").fill("sinta@alfa.go.id")
    page.get_by_label("Nama lengkap").fill("Sinta")
    unit = page.get_by_role("combobox", name="Unit peran")
    unit.press_sequentially("kanwil")
    page.get_by_role("listbox").get_by_role("option", name="Kanwil Satu (KW1)").click()
    value = page.get_by_test_id("picker-unit").locator("[data-picker-value]")
    expect(value).to_have_value(str(tree["kanwil"].pk))
    unit.press_sequentially(" x")
    expect(value).to_have_value("")
    page.get_by_label("Peran", exact=True).select_option("ketua_pokja")
    page.get_by_label("Area").select_option("MP")
    page.get_by_role("button", name="Kirim undangan").click()
    # A role without its unit is refused by the service, at the field; nothing is sent.
    expect(page.get_by_text("Pilih unit tempat peran itu diberikan.")).to_be_visible()
    expect(unit).to_have_attribute("aria-invalid", "true")
    expect(unit).to_have_value("")
    assert not Invitation.objects.exists()


def test_an_admin_opens_the_tpu_assessment_and_assigns_an_assessor_found_by_typing(
    page,
    live_server,
    long_lists,
    admin,
    tree,
    cycle,
    tpu_user,
    tpu_user_tl,
    conflicted_tpu,
    tmp_path,
):
    cycle.stage = "penilaian_pendahuluan"
    cycle.save(update_fields=["stage"])
    login(page, admin.email, PASSWORD)
    page.goto(f"/penilaian/siklus/{cycle.pk}/")
    page.get_by_label("Tingkat penilaian").select_option("tpu")
    lead = page.get_by_role("combobox", name="Ketua penilai")
    lead.press_sequentially("penilai")
    # Only who may lead the TPU level: never the assessor with a role in the unit.
    expect(page.get_by_role("listbox").get_by_role("option")).to_have_count(2)
    expect(page.get_by_role("listbox")).not_to_contain_text("Penilai Merangkap")
    page.get_by_role("listbox").get_by_role("option", name="Penilai TPU Satu").click()
    expect(lead).to_have_value("Penilai TPU Satu (tpu@alfa.go.id)")
    page.get_by_role("button", name="Buka penilaian").click()
    expect(page.locator(".alert-success")).to_contain_text("ketua penilai: Penilai TPU Satu")
    assessment = Assessment.objects.get(cycle=cycle, level="tpu")
    assert assessment.lead == tpu_user

    # The assessment page: its team box is open while nobody is assigned.
    assessor = page.get_by_role("combobox", name="Penilai", exact=True)
    assessor.scroll_into_view_if_needed()
    assessor.press_sequentially("rangkap")
    expect(page.get_by_test_id("picker-user")).to_contain_text("Tidak ditemukan")
    assessor.fill("")
    assessor.press_sequentially("dua")
    expect(page.get_by_role("listbox").get_by_role("option")).to_have_count(1)
    page.set_viewport_size({"width": 390, "height": 844})
    assert_no_horizontal_scroll(page, label="penilaian – pemilih penilai terbuka")
    page.screenshot(path=str(tmp_path / "assign-phone.png"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("listbox").get_by_role("option", name="Penilai TPU Dua").click()
    page.locator("#id_area").select_option("TL")
    page.get_by_role("button", name="Tugaskan").click()
    expect(page.locator(".alert-success")).to_contain_text("Penilai TPU Dua ditugaskan menilai TL")
    assert list(assessment.assignments.values_list("user__full_name", "area")) == [
        ("Penilai TPU Dua", "TL")
    ]
