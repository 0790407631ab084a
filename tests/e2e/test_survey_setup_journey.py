"""Journey: the Ketua Pokja Pelayanan Publik of a unit sets up a survey (issue 16, part 1).
From the menu she creates an SKM of semester I (the unit's service list from the
identification filled in), adds a QR code for a service desk on a phone-sized screen,
sees its code and address, gets its A4 poster, and opens the survey after confirming."""

import io

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect
from pypdf import PdfReader

from apps.accounts.roles import Role
from apps.core.choices import Area
from apps.identification.models import ServiceUser
from apps.surveys.models import Link, Status, Survey

from ..a11y import assert_accessible, assert_no_horizontal_scroll
from ..factories import PASSWORD, CycleFactory, UserFactory, grant
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_a_unit_creates_an_skm_adds_a_desk_qr_code_and_opens_it(page, live_server, tree, lke):
    pokja = UserFactory(full_name="Sari Pokja Pelayanan")
    grant(pokja, tree["upt"], Role.KETUA_POKJA, Area.PP)
    with scopes_disabled():
        cycle = CycleFactory(unit=tree["upt"])
        for name, service in (("Ani", "Izin usaha"), ("Budi", "Pengaduan")):
            ServiceUser.objects.create(
                tenant_id=tree["upt"].tenant_id,
                unit=tree["upt"],
                cycle=cycle,
                name=name,
                service=service,
                finished_on="2026-01-05",
                phone="+62812345678",
                created_by=pokja,
            )

    login(page, pokja.email, PASSWORD)
    page.get_by_test_id("nav-surveys").click()
    expect(page.get_by_role("heading", name="Survei pengguna layanan")).to_be_visible()
    page.get_by_test_id("survey-create").click()

    form = page.get_by_test_id("survey-form")
    expect(form.get_by_label("Layanan yang disurvei")).to_have_value("Izin usaha\nPengaduan")
    form.get_by_label("Jenis survei").select_option("skm")
    form.get_by_label("Tahun", exact=True).fill("2027")
    form.get_by_label("Periode", exact=True).select_option("s1")
    form.get_by_label("Populasi pengguna layanan").fill("1000")
    form.get_by_label("Pengantar untuk responden").fill("Terima kasih atas waktu Anda.")
    assert_accessible(page, label="buat survei")
    page.set_viewport_size(PHONE)
    assert_no_horizontal_scroll(page, label="buat survei, ponsel")
    page.get_by_test_id("survey-save").click()

    expect(page.locator(".alert-success")).to_contain_text("dibuat dari kuesioner standar")
    expect(page.get_by_test_id("survey-title")).to_have_text("SKM Semester I 2027 – UPT Satu")
    expect(page.get_by_test_id("survey-status")).to_have_text("Disiapkan")
    expect(page.get_by_test_id("respondents")).to_contain_text("0 dari sampel minimum 278")
    expect(page.get_by_test_id("items")).to_contain_text("U9 Sarana dan prasarana")
    assert_no_horizontal_scroll(page, label="ringkasan survei, ponsel")
    assert_accessible(page, label="ringkasan survei, ponsel")

    # A QR code for the permit desk, added on the phone.
    page.get_by_test_id("survey-tabs").get_by_role("link", name="Kode QR").click()
    link_form = page.get_by_test_id("link-form")
    link_form.get_by_label("Layanan").select_option(label="Izin usaha")
    link_form.get_by_label("Loket/petugas").fill("Loket 2")
    page.get_by_test_id("link-save").click()
    expect(page.locator(".alert-success")).to_contain_text("Kode QR Izin usaha – Loket 2 dibuat.")
    with scopes_disabled():
        link = Link.objects.get(desk="Loket 2")
    card = page.get_by_test_id(f"qr-{link.pk}")
    expect(card.get_by_role("img", name="Kode QR survei: Izin usaha – Loket 2")).to_be_visible()
    expect(card.get_by_test_id(f"qr-url-{link.pk}")).to_have_text(
        f"{live_server.url}/s/{link.token}/"
    )
    assert_no_horizontal_scroll(page, label="kode QR, ponsel")
    assert_accessible(page, label="kode QR, ponsel")

    poster = page.request.get(card.get_by_test_id(f"poster-{link.pk}").get_attribute("href"))
    assert poster.ok and poster.headers["content-type"] == "application/pdf"
    words = " ".join(PdfReader(io.BytesIO(poster.body())).pages[0].extract_text().split())
    assert f"/s/{link.token}/" in words and "Izin usaha – Loket 2" in words

    # Open the survey: the confirmation first; "Batal" keeps it as it was.
    page.get_by_test_id("survey-tabs").get_by_role("link", name="Ringkasan").click()
    page.get_by_test_id("survey-open").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_contain_text("tidak dapat diubah lagi")
    dialog.get_by_role("button", name="Batal").click()
    expect(page.get_by_test_id("survey-status")).to_have_text("Disiapkan")
    page.get_by_test_id("survey-open").click()
    dialog.get_by_role("button", name="Ya, buka survei").click()
    expect(page.locator(".alert-success")).to_contain_text("Survei dibuka")
    expect(page.get_by_test_id("survey-status")).to_have_text("Dibuka untuk responden")
    expect(page.get_by_test_id("survey-close")).to_be_visible()
    assert_no_horizontal_scroll(page, label="survei dibuka, ponsel")
    with scopes_disabled():
        assert Survey.objects.get().status == Status.OPEN

    page.get_by_test_id("survey-tabs").get_by_role("link", name="Kuesioner").click()
    expect(page.get_by_test_id("item-1")).to_contain_text("U1 Persyaratan")
    expect(page.get_by_test_id("items-form")).to_have_count(0)
    assert_no_horizontal_scroll(page, label="kuesioner, ponsel")
