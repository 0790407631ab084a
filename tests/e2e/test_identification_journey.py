"""Journey: the unit fills every part (the checklist shows them done), confirms and
submits its identification; the TPU assessor cannot complete it
(too few service users, PK of y-3 missing) and returns it; the unit completes it (PK,
an imported service-user file) and submits again; the TPU declares it complete; the
unit is a Calon Unit Kerja and the Laporan Hasil Identifikasi opens as a page and a PDF."""

import io

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect
from pypdf import PdfReader

from apps.accounts.roles import Role
from apps.identification import services
from apps.identification.models import Identification

from ..factories import PASSWORD, UserFactory, grant
from ..identification.conftest import add_users, make_cycle
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/akun/masuk/")


def test_the_tpu_returns_an_incomplete_identification_and_the_unit_completes_it(
    page, live_server, celery_worker_thread, tree, lke, tmp_path
):
    ketua = UserFactory(full_name="Fitri Ketua Tim")
    grant(ketua, tree["upt"], Role.KETUA_TIM)
    tpu = UserFactory(full_name="Ratna Penilai TPU")
    grant(tpu, tree["es1"], Role.PENILAI_TPU, "MP")
    with scopes_disabled():
        cycle = make_cycle(tree["upt"], lke)
        identification = services.identification_open(actor=ketua, cycle=cycle)
        services.identification_update(
            actor=ketua,
            identification=identification,
            lhkan_percent="100",
            tlhp_percent="96,4",
            sakip_grade="BB",
            pk_y1=True,
            pk_y2=True,
            pk_y3=False,
            realisation_y1="98",
            realisation_y2="97,5",
        )
        add_users(identification, ketua, 8)
    detail = f"/identifikasi/siklus/{cycle.pk}/"
    csv = tmp_path / "pengguna-layanan.csv"
    csv.write_text(
        "nama;jenis_layanan;tanggal_selesai;telepon;email\n"
        "Hendra Gunawan;Izin pemanfaatan ruang milik jalan;05/01/2026;0812-2233-4401;\n"
        "Sri Mulyani;Dispensasi angkutan;06/01/2026;;sri.m@contoh.id\n",
        encoding="utf-8",
    )

    # The unit sees what it filled, is asked first, and submits.
    login(page, ketua.email, PASSWORD)
    page.goto(detail)
    checklist = page.get_by_test_id("submit-checklist")
    expect(checklist.locator('li[data-done="1"]')).to_have_count(6)
    page.get_by_role("button", name="Ajukan ke TPU").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_contain_text(
        "Identifikasi dikirim ke TPU dan tidak dapat diubah sampai TPU mengembalikannya."
    )
    dialog.get_by_role("button", name="Ya, ajukan").click()
    expect(page.locator(".alert-success")).to_contain_text("Identifikasi diajukan ke TPU.")
    expect(page.get_by_test_id("identification-status")).to_have_text("Diajukan ke TPU")
    logout(page)

    # The TPU finds it waiting, cannot complete it, and returns it.
    login(page, tpu.email, PASSWORD)
    page.goto("/identifikasi/")
    page.get_by_test_id("awaiting").get_by_role("link", name="UPT Satu").click()
    for field in ("req_level", "req_core_service", "req_integrity_risk", "req_public_impact"):
        page.locator(f"#id_{field}").select_option(label="Terpenuhi")
    page.locator("#id_req_level_note").fill("UPT di bawah Kanwil Satu.")
    page.get_by_role("button", name="Nyatakan lengkap").click()
    errors = page.get_by_test_id("form-errors")
    expect(errors).to_contain_text("Data pengguna layanan baru 8 dari minimal 10 orang.")
    expect(errors).to_contain_text("Perjanjian Kinerja tahun 2023 belum ada.")
    page.get_by_label("Catatan TPU untuk unit").fill("Lampirkan pindaian PK 2023.")
    page.get_by_role("button", name="Kembalikan untuk dilengkapi").click()
    expect(page.locator(".alert-success")).to_contain_text("dikembalikan ke unit")
    logout(page)

    # The unit sees what is missing and completes it.
    login(page, ketua.email, PASSWORD)
    page.goto(detail)
    returned = page.get_by_test_id("returned-items")
    expect(returned).to_contain_text("Perjanjian Kinerja tahun 2023 belum ada.")
    expect(returned).to_contain_text("Lampirkan pindaian PK 2023.")
    page.get_by_label("Perjanjian Kinerja tahun 2023").select_option(label="Ada")
    page.get_by_role("button", name="Simpan informasi unit").click()
    expect(page.locator(".alert-success")).to_contain_text("Informasi unit disimpan.")
    page.get_by_role("link", name="Kelola daftar pengguna layanan").click()
    page.get_by_label("Berkas daftar pengguna layanan (.xlsx atau .csv)").set_input_files(str(csv))
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.get_by_test_id("import-valid")).to_contain_text("2 pengguna layanan")
    expect(page.get_by_test_id("import-rows")).to_contain_text("+6281222334401")
    page.get_by_role("button", name="Impor sekarang").click()
    expect(page.locator(".alert-success")).to_contain_text("2 pengguna layanan berhasil diimpor.")
    expect(page.get_by_test_id("service-users").locator("tbody tr")).to_have_count(10)
    page.goto(detail)
    expect(page.get_by_test_id("missing")).to_have_count(0)  # nothing left to complete
    page.get_by_role("button", name="Ajukan ke TPU").click()
    page.get_by_test_id("confirm-dialog").get_by_role("button", name="Ya, ajukan").click()
    expect(page.get_by_test_id("identification-status")).to_have_text("Diajukan ke TPU")
    logout(page)

    # The TPU declares it complete: the checklist it filled before is still there.
    login(page, tpu.email, PASSWORD)
    page.goto(detail)
    expect(page.locator("#id_req_public_impact")).to_have_value("1")
    page.get_by_role("button", name="Nyatakan lengkap").click()
    expect(page.locator(".alert-success").first).to_contain_text("menjadi Calon Unit Kerja")
    expect(page.get_by_test_id("candidate")).to_be_visible()
    page.get_by_role("link", name="Laporan Hasil Identifikasi").click()
    expect(page.get_by_test_id("outcome")).to_contain_text("LENGKAP")
    response = page.request.get(f"{detail}laporan.pdf")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    text = " ".join(text.split())
    assert "UPT Satu" in text and "Hendra Gunawan" in text
    assert "Lampirkan pindaian" not in text  # the return's note is not the final one
    page.goto(f"/siklus/{cycle.pk}/")
    expect(page.get_by_test_id("identification-card")).to_contain_text("Calon Unit Kerja")
    with scopes_disabled():
        assert Identification.objects.get(pk=identification.pk).status == "complete"
