"""Journey: an admin imports units from a file, invites a person with the role Ketua Pokja
in a UPT; that person sets a password, logs in, accepts the invitation and sees exactly
that unit."""

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import expect

from apps.accounts.models import User
from apps.units.models import Unit

from ..factories import PASSWORD
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

UNITS_CSV = """kode;nama;jenis;kode_induk;alamat;nama_pimpinan;nip_pimpinan;jabatan_pimpinan
DJX;Direktorat Jenderal Impor;eselon-1;;Jakarta;;;
KWX;Kanwil Impor Barat;unit-kerja;DJX;Bandung;;;
UPTX1;UPT Impor Satu;upt;KWX;Bogor;Sari Dewi;198507222010012015;Kepala UPT
UPTX2;UPT Impor Dua;upt;KWX;Depok;;;
"""


def wait_for_mail(count, timeout=20.0):
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.1)


def test_admin_imports_units_and_onboards_a_ketua_pokja(
    page, live_server, celery_worker_thread, admin, tree, tmp_path
):
    mail.outbox.clear()
    csv_file = tmp_path / "unit.csv"
    csv_file.write_text(UNITS_CSV, encoding="utf-8")

    login(page, admin.email, PASSWORD)
    page.get_by_role("link", name="Impor Unit").click()
    page.get_by_label("Berkas unit (.xlsx atau .csv)").set_input_files(str(csv_file))
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.get_by_test_id("import-valid")).to_contain_text("4 unit akan dibuat")
    expect(page.get_by_test_id("import-rows")).to_contain_text("UPT Impor Satu")
    page.get_by_role("button", name="Impor sekarang").click()
    expect(page.get_by_test_id("unit-tree")).to_contain_text("UPT Impor Dua")
    upt = Unit.objects.get(tenant=tree["root"].tenant, code="UPTX1")
    assert Unit.objects.get_parent(upt).code == "KWX"

    page.get_by_role("link", name="Pengguna & Peran").click()
    page.get_by_role("link", name="Undang pengguna").click()
    page.get_by_label("E-mail").fill("ketua.pokja@impor.go.id")
    page.get_by_label("Nama lengkap").fill("Wulan Ketua Pokja")
    page.get_by_label("NIP").fill("199001012015032004")
    page.get_by_label("Unit peran").select_option(str(upt.pk))
    page.get_by_label("Peran", exact=True).select_option("ketua_pokja")
    page.get_by_label("Area").select_option("MP")
    page.get_by_role("button", name="Kirim undangan").click()
    expect(page.locator(".alert-success")).to_contain_text("Undangan dikirim")
    expect(page.get_by_test_id("invitations")).to_contain_text("Ketua Pokja")
    page.get_by_role("button", name="Keluar").click()

    wait_for_mail(1)
    invitation = next(m for m in mail.outbox if m.to == ["ketua.pokja@impor.go.id"])
    link = re.search(r"https?://\S+/akun/atur-sandi/\S+", invitation.body).group(0)
    path = "/" + link.split("/", 3)[3]
    page.goto(path)
    page.get_by_label("Kata sandi baru", exact=True).fill("Pokja-Integritas-2026")
    page.get_by_label("Konfirmasi kata sandi baru").fill("Pokja-Integritas-2026")
    page.get_by_role("button", name="Simpan kata sandi").click()
    expect(page.get_by_role("heading", name="Kata sandi tersimpan")).to_be_visible()

    login(page, "ketua.pokja@impor.go.id", "Pokja-Integritas-2026")
    expect(page.get_by_test_id("my-invitations")).to_contain_text("mengundang Anda")
    page.get_by_role("button", name="Terima").click()
    page.get_by_test_id("confirm-dialog").get_by_role("button", name="Ya, bergabung").click()
    my_units = page.get_by_test_id("my-units")
    expect(my_units).to_contain_text("UPT Impor Satu")
    expect(my_units).to_contain_text("Ketua Pokja")
    page.get_by_role("link", name="Unit", exact=True).click()
    rows = page.get_by_test_id("unit-tree").locator("li")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("UPT Impor Satu")
    expect(page.get_by_role("link", name="Pengguna & Peran")).to_have_count(0)
    page.screenshot(path=str(tmp_path / "ketua-pokja-units.png"), full_page=True)
    assert User.objects.get(email="ketua.pokja@impor.go.id").role_assignments.count() == 1
