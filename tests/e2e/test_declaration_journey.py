"""Journey: the Sekretaris imports the unit's roster; an employee signs the Pakta
Integritas online, downloads it as a PDF, and the share rises; the Sekretaris records the charter and uploads its
signed scan; only then can the admin move the cycle to identifikasi."""

import io
from pathlib import Path

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect
from pypdf import PdfReader

from apps.accounts.roles import Role
from apps.cycles.services import cycle_create
from apps.declaration.models import Pact

from ..declaration.conftest import MINIMAL_PDF, csv_bytes, nip
from ..factories import PASSWORD, TemplateVersionFactory, UserFactory, grant, make_member
from .conftest import fill_charter, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def logout(page):
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/akun/masuk/")


def test_roster_pact_charter_then_identifikasi(page, tree, admin, tenant, tmp_path):
    sekretaris = UserFactory(full_name="Sekretaris Satu", email="sekretaris@alfa.go.id")
    grant(sekretaris, tree["upt"], Role.SEKRETARIS)
    staff_user = make_member(
        tenant, full_name="Pegawai Berakun", email="pegawai@alfa.go.id", nip=nip(900)
    )
    with scopes_disabled():
        pcycle = cycle_create(
            actor=admin,
            unit=tree["upt"],
            year=2026,
            target="wbk",
            template=TemplateVersionFactory(code="u"),
        )
    roster_file = tmp_path / "pegawai.csv"
    roster_file.write_bytes(
        csv_bytes(
            [
                (nip(1), "Budi Santoso", "Kepala Seksi", "ya", ""),
                (nip(900), "Pegawai Berakun", "Analis", "tidak", ""),
                (nip(3), "Citra Lestari", "Bendahara", "ya", ""),
            ]
        )
    )
    scan_file = tmp_path / "piagam-ttd.pdf"
    scan_file.write_bytes(MINIMAL_PDF + b"%piagam\n")
    unit = tree["upt"]

    # The admin cannot move the cycle yet: the guard names what is missing.
    login(page, admin.email, PASSWORD)
    page.goto(f"/siklus/{pcycle.pk}/")
    page.get_by_label("Tahap baru").select_option("identifikasi")
    page.get_by_label("Alasan").fill("Pencanangan selesai.")
    page.get_by_role("button", name="Ubah tahap").last.click()
    expect(page.get_by_test_id("form-errors")).to_contain_text("Piagam pencanangan belum dicatat")
    logout(page)

    # The Sekretaris imports the roster (dry run, then all at once).
    login(page, sekretaris.email, PASSWORD)
    page.goto(f"/unit/{unit.pk}/")
    page.get_by_role("link", name="Pegawai & Pakta Integritas").click()
    page.get_by_role("link", name="Impor daftar pegawai").click()
    page.get_by_label("Berkas daftar pegawai (.xlsx atau .csv)").set_input_files(str(roster_file))
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.get_by_test_id("import-summary")).to_contain_text("3 pegawai baru")
    page.get_by_role("button", name="Impor sekarang").click()
    expect(page.locator(".alert-success")).to_contain_text("Impor selesai: 3 pegawai baru")
    expect(page.get_by_test_id("roster-row")).to_have_count(3)
    expect(page.get_by_test_id("pact-share-value")).to_have_text("0/3")
    logout(page)

    # The employee reads the seven statements and signs.
    login(page, staff_user.email, PASSWORD)
    page.get_by_role("link", name="Pakta Integritas saya").click()
    page.get_by_role("link", name="Baca dan tandatangani").click()
    expect(page.get_by_test_id("pact-text").locator("ol > li")).to_have_count(7)
    page.get_by_label("Saya telah membaca dan menyetujui").check()
    page.get_by_role("button", name="Tandatangani Pakta Integritas").click()
    expect(page.get_by_test_id("pact-signed")).to_contain_text("Ditandatangani secara daring")
    # The signed pact as a PDF in the FRM-02 layout, with the unit's kop.
    with page.expect_download() as download:
        page.get_by_test_id("pact-pdf").click()
    assert download.value.suggested_filename == f"pakta-integritas-{nip(900)}-UPT1.pdf"
    response = page.request.get(page.get_by_test_id("pact-pdf").get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert Path(download.value.path()).read_bytes() == response.body()
    text = pdf_text(response.body())
    assert "KEMENTERIAN ALFA" in text and "UPT SATU" in text and "PAKTA INTEGRITAS" in text
    assert "Saya, Pegawai Berakun, Analis, menyatakan sebagai berikut:" in text
    assert "penyimpangan integritas di UPT Satu" in text
    assert "Pembuat Pernyataan," in text and f"Pegawai Berakun NIP {nip(900)}" in text
    assert "Ditandatangani secara elektronik di ZI Portal" in text
    logout(page)
    assert Pact.objects.get().signer == staff_user

    # The share has risen; the Sekretaris records the charter and its signed scan.
    login(page, sekretaris.email, PASSWORD)
    page.goto(f"/pencanangan/unit/{unit.pk}/pegawai/")
    expect(page.get_by_test_id("pact-share-value")).to_have_text("1/3")
    page.goto(f"/siklus/{pcycle.pk}/")
    expect(page.get_by_test_id("declaration-card")).to_contain_text("1/3")
    page.get_by_role("link", name="Piagam pencanangan").click()
    # The NIP pasted as printed on the decree: the field takes it whole.
    fill_charter(
        page,
        head_name="Ir. Kepala UPT",
        head_title="Kepala UPT Satu",
        head_nip="19830606 200801 1 011",
    )
    expect(page.locator(".alert-success")).to_contain_text("Piagam pencanangan disimpan")
    expect(page.get_by_test_id("charter-sentence")).to_contain_text(
        "Pada hari ini, Kamis, tanggal 15 Januari 2026"
    )
    expect(page.get_by_text("NIP 198306062008011011").first).to_be_visible()
    expect(page.get_by_test_id("charter-missing")).to_contain_text("unggah pindaian")
    page.locator(".zi-uploader input[type=file]").set_input_files(str(scan_file))
    expect(page.get_by_test_id("charter-complete")).to_be_visible()
    expect(page.get_by_test_id("charter-scan")).to_contain_text("piagam-ttd.pdf")
    logout(page)

    # Now the cycle moves to identifikasi.
    login(page, admin.email, PASSWORD)
    page.goto(f"/siklus/{pcycle.pk}/")
    expect(page.get_by_test_id("declaration-done")).to_be_visible()
    page.get_by_label("Tahap baru").select_option("identifikasi")
    page.get_by_label("Alasan").fill("Pencanangan selesai.")
    page.get_by_role("button", name="Ubah tahap").last.click()
    expect(page.locator(".alert-success")).to_contain_text(
        "Tahap siklus diubah menjadi Identifikasi"
    )
