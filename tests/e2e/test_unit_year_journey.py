"""Journey: a unit's whole ZI year, through the pages only.

After each login nobody types a URL: every step starts from the menu, the home page or a
link on the page before. The people exist beforehand (accounts with their roles above the
unit, the unit's staff without roles); everything the unit, the verifiers and the
assessors do happens in Chromium:

pencanangan (cycle opened, roster, Pakta Integritas, charter and its scan) → identifikasi
(submitted, returned once by the TPU, completed) → pembangunan (Tim Kerja from the roster,
Rencana Kerja drafted, approved, ratified; a task done with its evidence; the evidence
verified by every level of the default chain up to the TPI) → penilaian mandiri (Excel
round trip) → TPU assessment finalised and released → eligibility → usulan ke TPI → TPI
evaluation → usulan ke TPN refused while the TPI result fails, accepted once it passes.
"""

import io
import re
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled
from openpyxl import load_workbook
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.cycles.models import Cycle
from apps.evidence.models import EvidenceItem
from apps.lke.engine import model as m
from apps.lke.selectors import engine_template

from ..a11y import assert_accessible
from ..declaration.conftest import MINIMAL_PDF, csv_bytes, nip
from ..factories import PASSWORD, UserFactory, grant, make_member
from .conftest import fill_charter, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.get_by_role("button", name="Keluar", exact=True).click()
    page.wait_for_url("**/akun/masuk/")


def confirm(page, button: str | None = None):
    """Accept the confirmation dialog of an irreversible step."""
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("[data-confirm-ok]").click()


def success(page, text: str):
    expect(page.locator(".alert-success").first).to_contain_text(text)


def open_cycle(page, unit_name="UPT Satu"):
    """From anywhere: the menu's Siklus ZI, then the unit's cycle."""
    page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="Siklus ZI"
    ).click()
    row = page.locator("tr", has_text=unit_name)
    row.get_by_role("link", name=re.compile("Pembangunan ZI")).click()
    expect(page.locator("h1")).to_contain_text("Pembangunan ZI 2026")


def open_section(page, link: str):
    """From anywhere: the unit's cycle, then one of its sections (Tim Kerja, Rencana
    Kerja, Penilaian LKE) from the buttons on the cycle page."""
    open_cycle(page)
    page.locator("main").get_by_role("link", name=link).first.click()


def choose(select, text: str):
    """Pick the option of a <select> whose label contains ``text``."""
    value = select.locator("option", has_text=text).first.get_attribute("value")
    select.select_option(value)


def change_stage(page, to_label: str, reason: str):
    page.get_by_label("Tahap baru").select_option(label=to_label)
    page.get_by_label("Alasan").fill(reason)
    page.get_by_role("button", name="Ubah tahap").last.click()


def import_service_users(page, path, count: int):
    """From the identification page: import a service-user file, then come back."""
    page.get_by_role("link", name="Kelola daftar pengguna layanan").click()
    page.get_by_label("Berkas daftar pengguna layanan (.xlsx atau .csv)").set_input_files(str(path))
    page.get_by_role("button", name="Periksa berkas").click()
    page.get_by_role("button", name="Impor sekarang").click()
    success(page, f"{count} pengguna layanan berhasil diimpor.")
    page.get_by_role("link", name="Identifikasi").last.click()


def submit_identification(page):
    page.get_by_role("button", name="Ajukan ke TPU").click()
    confirm(page)
    expect(page.get_by_test_id("identification-status")).to_have_text("Diajukan ke TPU")


def propose_to_tpn(page, reason: str):
    """From anywhere, as the admin: the cycle's own proposal form, which asks first."""
    open_cycle(page)
    proposal = page.get_by_test_id("propose-usulan_tpn")
    proposal.get_by_label("Alasan").fill(reason)
    proposal.get_by_role("button").click()
    confirm(page)


def tpu_opens_waiting_identification(page):
    page.get_by_role("link", name="Identifikasi").first.click()
    page.get_by_test_id("awaiting").get_by_role("link", name="UPT Satu").click()


def best_answer(question: m.Question):
    """The best answer of a question in the workbook's own notation."""
    if question.kind == m.CHOICE:
        return max(question.options, key=lambda o: o.value).code
    if question.kind == m.COMPUTED:
        return "; ".join(
            f"{c.name}={0 if c.name == 'this_year' else 5}" for c in question.count_inputs
        )
    return float(question.answer_type.maximum * Decimal("0.95"))


@pytest.fixture
def people(tree, tenant):
    """Accounts that exist before the year starts: the agency's admin, the unit's head
    (Pimpinan Unit), the unit's staff (no roles yet), verifiers and assessors above it."""
    make = {}
    make["admin"] = UserFactory(full_name="Admin Alfa", email="admin@alfa.go.id")
    grant(make["admin"], tree["root"], Role.ADMIN_INSTANSI)
    make["kepala"] = UserFactory(full_name="Kepala UPT", email="kepala@alfa.go.id", nip=nip(1))
    grant(make["kepala"], tree["upt"], Role.PIMPINAN_UNIT)
    for key, name, serial in (
        ("ketua", "Ketua Tim Satu", 2),
        ("pokja", "Ketua Pokja MP", 3),
        ("anggota", "Anggota Pokja MP", 4),
        ("pegawai", "Pegawai Biasa", 5),
    ):
        make[key] = make_member(tenant, full_name=name, email=f"{key}@alfa.go.id", nip=nip(serial))
    make["verif_kanwil"] = UserFactory(full_name="Verifikator Kanwil", email="vk@alfa.go.id")
    grant(make["verif_kanwil"], tree["kanwil"], Role.VERIFIKATOR)
    make["verif_es1"] = UserFactory(full_name="Verifikator Eselon I", email="ve@alfa.go.id")
    grant(make["verif_es1"], tree["es1"], Role.VERIFIKATOR)
    make["tpu"] = UserFactory(full_name="Ketua TPU", email="tpu@alfa.go.id")
    for area in ("MP", "TL", "SDM", "AK", "PW", "PP"):
        grant(make["tpu"], tree["es1"], Role.PENILAI_TPU, area)
    make["tpi"] = UserFactory(full_name="Inspektur TPI", email="tpi@alfa.go.id")
    grant(make["tpi"], tree["root"], Role.PENILAI_TPI)
    return make


def test_a_unit_walks_its_whole_year_through_the_pages(
    page, live_server, celery_worker_thread, tree, lke, people, tmp_path
):
    p = people
    roster_csv = tmp_path / "pegawai.csv"
    roster_csv.write_bytes(
        csv_bytes(
            [
                (nip(1), "Kepala UPT", "Kepala UPT Satu", "ya", "kepala@alfa.go.id"),
                (nip(2), "Ketua Tim Satu", "Kepala Seksi", "ya", "ketua@alfa.go.id"),
                (nip(3), "Ketua Pokja MP", "Analis", "tidak", "pokja@alfa.go.id"),
                (nip(4), "Anggota Pokja MP", "Pengadministrasi", "tidak", "anggota@alfa.go.id"),
                (nip(5), "Pegawai Biasa", "Pramu", "tidak", "pegawai@alfa.go.id"),
            ]
        )
    )
    scan_pdf = tmp_path / "piagam-ttd.pdf"
    scan_pdf.write_bytes(MINIMAL_PDF + b"%piagam\n")
    notulen_pdf = tmp_path / "notulen-rapat.pdf"
    notulen_pdf.write_bytes(MINIMAL_PDF + b"%notulen\n")
    users_rows = "\n".join(
        f"Pengguna {i};Izin jalan;0{i % 9 + 1}/01/2026;0812-2233-44{i:02d};" for i in range(1, 10)
    )
    users_csv = tmp_path / "pengguna-layanan.csv"
    users_csv.write_text(
        "nama;jenis_layanan;tanggal_selesai;telepon;email\n" + users_rows + "\n", encoding="utf-8"
    )
    one_more_csv = tmp_path / "pengguna-tambahan.csv"
    one_more_csv.write_text(
        "nama;jenis_layanan;tanggal_selesai;telepon;email\n"
        "Pengguna Sepuluh;Dispensasi angkutan;10/01/2026;;sepuluh@contoh.id\n",
        encoding="utf-8",
    )

    # --- Pencanangan ---------------------------------------------------------------
    # The admin opens the unit's cycle from the menu.
    login(page, p["admin"].email, PASSWORD)
    page.get_by_role("link", name="Siklus ZI").click()
    page.get_by_role("link", name="Buka siklus").click()
    choose(page.get_by_label("Unit"), "UPT Satu")
    page.get_by_label("Tahun").fill("2026")
    page.get_by_label("Target").select_option("wbk")
    page.get_by_role("button", name="Buka siklus").click()
    success(page, "Pembangunan ZI 2026")
    with scopes_disabled():
        cycle = Cycle.objects.get(unit=tree["upt"], year=2026)
    logout(page)

    # The head imports the roster, records the charter and uploads its signed scan.
    login(page, p["kepala"].email, PASSWORD)
    open_cycle(page)
    page.get_by_test_id("declaration-card").get_by_role(
        "link", name="Daftar pegawai dan Pakta Integritas"
    ).click()
    page.get_by_role("link", name="Impor daftar pegawai").click()
    page.get_by_label("Berkas daftar pegawai (.xlsx atau .csv)").set_input_files(str(roster_csv))
    page.get_by_role("button", name="Periksa berkas").click()
    page.get_by_role("button", name="Impor sekarang").click()
    success(page, "Impor selesai")
    expect(page.get_by_test_id("roster-row")).to_have_count(5)
    open_cycle(page)
    page.get_by_role("link", name="Piagam pencanangan").click()
    fill_charter(page, head_name="Kepala UPT", head_title="Kepala UPT Satu")
    success(page, "Piagam pencanangan disimpan")
    page.locator(".zi-uploader input[type=file]").set_input_files(str(scan_pdf))
    # The upload, its checks and the panel's refresh: slower than one page under CI's load.
    expect(page.get_by_test_id("charter-scan")).to_be_visible(timeout=45_000)
    expect(page.get_by_test_id("charter-complete")).to_be_visible()
    logout(page)

    # An employee without any role signs the Pakta Integritas from the menu.
    login(page, p["pegawai"].email, PASSWORD)
    page.get_by_role("link", name="Pakta Integritas saya").click()
    page.get_by_role("link", name="Baca dan tandatangani").click()
    page.get_by_label("Saya telah membaca dan menyetujui").check()
    page.get_by_role("button", name="Tandatangani Pakta Integritas").click()
    expect(page.get_by_test_id("pact-signed")).to_contain_text("Ditandatangani secara daring")
    logout(page)

    # --- Identifikasi ----------------------------------------------------------------
    login(page, p["admin"].email, PASSWORD)
    open_cycle(page)
    expect(page.get_by_test_id("declaration-card")).to_contain_text("1/5")
    change_stage(page, "Identifikasi", "Pencanangan 15 Januari 2026 selesai.")
    success(page, "Tahap siklus diubah menjadi Identifikasi")
    logout(page)

    login(page, p["kepala"].email, PASSWORD)
    open_cycle(page)
    page.get_by_test_id("identification-card").get_by_role("link").first.click()
    page.get_by_role("button", name="Buka identifikasi").click()
    # Nothing filled yet: submitting is refused and the page lists what is missing.
    expect(page.get_by_test_id("missing")).to_contain_text("pengguna layanan")
    expect(page.get_by_role("button", name="Ajukan ke TPU")).to_be_disabled()
    assert_accessible(page, label="identification checklist")
    info = page.locator("form", has=page.get_by_role("button", name="Simpan informasi unit"))
    info.locator("#id_lhkan_percent").fill("100")
    info.locator("#id_tlhp_percent").fill("100")
    info.locator("#id_sakip_grade").select_option("BB")
    for field in ("pk_y1", "pk_y2", "pk_y3"):
        info.locator(f"#id_{field}").select_option(label="Ada")
    info.locator("#id_realisation_y1").fill("104,25")
    info.locator("#id_realisation_y2").fill("98,5")
    info.get_by_role("button", name="Simpan informasi unit").click()
    success(page, "Informasi unit disimpan.")
    import_service_users(page, users_csv, 9)
    submit_identification(page)
    logout(page)

    # The TPU finds it in its list, cannot complete it (9 of 10 users) and returns it.
    login(page, p["tpu"].email, PASSWORD)
    tpu_opens_waiting_identification(page)
    for field in ("req_level", "req_core_service", "req_integrity_risk", "req_public_impact"):
        page.locator(f"#id_{field}").select_option(label="Terpenuhi")
    page.get_by_role("button", name="Nyatakan lengkap").click()
    expect(page.get_by_test_id("form-errors")).to_contain_text("9 dari minimal 10")
    page.get_by_label("Catatan TPU untuk unit").fill("Lengkapi menjadi 10 pengguna layanan.")
    page.get_by_role("button", name="Kembalikan untuk dilengkapi").click()
    success(page, "dikembalikan ke unit")
    logout(page)

    login(page, p["kepala"].email, PASSWORD)
    open_cycle(page)
    page.get_by_test_id("identification-card").get_by_role("link").first.click()
    expect(page.get_by_test_id("returned-items")).to_contain_text("Lengkapi menjadi 10")
    import_service_users(page, one_more_csv, 1)
    submit_identification(page)
    logout(page)

    login(page, p["tpu"].email, PASSWORD)
    tpu_opens_waiting_identification(page)
    page.get_by_role("button", name="Nyatakan lengkap").click()
    expect(page.get_by_test_id("candidate")).to_be_visible()
    logout(page)

    # --- Pembangunan: Tim Kerja, Rencana Kerja, a task done with its evidence ----------
    login(page, p["admin"].email, PASSWORD)
    open_cycle(page)
    change_stage(page, "Pembangunan", "Identifikasi lengkap, unit menjadi Calon Unit Kerja.")
    success(page, "Tahap siklus diubah menjadi Pembangunan")
    page.locator("main").get_by_role("link", name="Tim Kerja").first.click()
    for person, function, area in (
        ("Ketua Tim Satu", "Ketua Tim", ""),
        ("Ketua Pokja MP", "Ketua Pokja", "MP"),
        ("Anggota Pokja MP", "Anggota Pokja", "MP"),
    ):
        add = page.locator("form", has=page.get_by_role("button", name="Tambahkan"))
        choose(add.get_by_label("Pegawai"), person)
        add.get_by_label("Fungsi").select_option(label=function)
        if area:
            add.get_by_label("Area (untuk Ketua/Anggota Pokja)").select_option(area)
        add.get_by_role("button", name="Tambahkan").click()
        expect(page.get_by_test_id("members")).to_contain_text(person)
    logout(page)

    login(page, p["ketua"].email, PASSWORD)
    open_section(page, "Rencana Kerja")
    page.get_by_role("button", name="Mulai menyusun Rencana Kerja").click()
    add = page.locator("form", has=page.get_by_role("button", name="Tambahkan butir"))
    add.get_by_label("Area").select_option("MP")
    add.get_by_label("Kegiatan (rencana aksi)").fill("Rapat pembentukan agen perubahan")
    add.get_by_label("Output").fill("Notulen rapat")
    add.get_by_label("PIC").fill("Ketua Pokja MP")
    add.get_by_label("Januari", exact=True).check()
    add.get_by_label(re.compile("PPA1A")).check()
    add.get_by_role("button", name="Tambahkan butir").click()
    success(page, "Rapat pembentukan agen perubahan")
    logout(page)

    login(page, p["pokja"].email, PASSWORD)
    open_section(page, "Rencana Kerja")
    page.get_by_role("button", name="Setujui area MP").click()
    success(page, "disetujui")
    logout(page)

    login(page, p["kepala"].email, PASSWORD)
    open_section(page, "Rencana Kerja")
    page.get_by_role("button", name="Sahkan Rencana Kerja").click()
    confirm(page)
    success(page, "disahkan dan berlaku")
    logout(page)

    login(page, p["pokja"].email, PASSWORD)
    open_section(page, "Rencana Kerja")
    page.get_by_test_id("area-MP").get_by_role("link", name="Buat tugas").click()
    page.get_by_label("Tugas").fill("Susun notulen rapat pembentukan")
    page.get_by_label("Batas waktu").fill("2026-01-31")
    page.get_by_label(re.compile("Anggota Pokja MP")).check()
    page.get_by_role("button", name="Buat tugas").click()
    success(page, "dibuat")
    logout(page)

    login(page, p["anggota"].email, PASSWORD)
    page.get_by_role("link", name="Tugas saya").click()
    page.get_by_role("link", name="Susun notulen rapat pembentukan").click()
    page.get_by_label("Berkas").set_input_files(str(notulen_pdf))
    page.get_by_role("button", name="Lampirkan bukti").click()
    success(page, "notulen-rapat.pdf")
    page.get_by_role("button", name="Telah dilaksanakan").click()
    expect(page.get_by_test_id("task-status")).to_have_text("Telah dilaksanakan")
    # The attached evidence goes to verification from the cycle's evidence page.
    page.get_by_test_id("attachments").get_by_role("link").first.click()
    page.get_by_role("button", name="Ajukan", exact=True).first.click()
    confirm(page)
    success(page, "diajukan")
    logout(page)

    with scopes_disabled():
        item = EvidenceItem.objects.get(cycle=cycle)
        assert item.status == "in_verification"

    # --- Verification by every level of the default chain --------------------------
    for who in ("verif_kanwil", "verif_es1", "tpi"):
        login(page, p[who].email, PASSWORD)
        page.get_by_role("button", name="Bukti dukung").click()
        page.get_by_role("link", name="Antrian verifikasi").click()
        assert_accessible(page, label=f"queue of {who}")
        page.get_by_role("link", name=re.compile("notulen")).first.click()
        page.get_by_role("button", name="Verifikasi", exact=True).first.click()
        confirm(page)
        expect(page.locator("main")).to_contain_text("Antrian Anda kosong")
        logout(page)
    with scopes_disabled():
        item.refresh_from_db()
        assert item.status == "verified"

    # --- Penilaian pendahuluan: mandiri via Excel, TPU finalised and released -------
    login(page, p["admin"].email, PASSWORD)
    open_cycle(page)
    change_stage(page, "Penilaian pendahuluan", "Rencana Kerja disahkan, bukti terverifikasi.")
    success(page, "Tahap siklus diubah menjadi Penilaian pendahuluan")
    page.locator("main").get_by_role("link", name="Penilaian LKE").first.click()
    opener = page.locator("form", has=page.get_by_role("button", name="Buka penilaian"))
    choose(opener.get_by_label("Tingkat penilaian"), "mandiri")
    choose(opener.get_by_label(re.compile("Ketua penilai")), "Ketua Tim")
    opener.get_by_role("button", name="Buka penilaian").click()
    success(page, "dibuka")
    logout(page)

    template = engine_template(lke)
    login(page, p["ketua"].email, PASSWORD)
    open_section(page, "Penilaian LKE")
    page.get_by_role("link", name="Lembar penilaian").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Unduh Excel")).click()
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = book["LKE"]
    header = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "Kode")
    for row in range(header + 1, sheet.max_row + 1):
        code = sheet.cell(row, 1).value
        if code:
            sheet.cell(row, 7).value = best_answer(template.questions[code])
    filled = tmp_path / "lke-mandiri.xlsx"
    buffer = io.BytesIO()
    book.save(buffer)
    filled.write_bytes(buffer.getvalue())
    page.get_by_role("link", name=re.compile("Impor Excel")).click()
    page.get_by_label(re.compile("Berkas")).set_input_files(str(filled))
    page.get_by_role("button", name="Pratinjau").click()
    page.get_by_test_id("import-confirm").click()
    success(page, "113 jawaban diimpor.")
    page.get_by_test_id("finalise").click()
    confirm(page)
    expect(page.get_by_test_id("status").first).to_have_text("Final")
    logout(page)

    # The admin opens the TPU's preliminary assessment from the self-assessment's answers.
    login(page, p["admin"].email, PASSWORD)
    open_section(page, "Penilaian LKE")
    opener = page.locator("form", has=page.get_by_role("button", name="Buka penilaian"))
    choose(opener.get_by_label("Tingkat penilaian"), "TPU")
    choose(opener.get_by_label(re.compile("Ketua penilai")), "Ketua TPU")
    opener.get_by_label("Mulai dari jawaban tingkat di bawahnya").check()
    opener.get_by_role("button", name="Buka penilaian").click()
    success(page, "dibuka")
    logout(page)

    # The TPU lead scores one question lower than the unit did, finalises and releases.
    login(page, p["tpu"].email, PASSWORD)
    page.get_by_role("link", name="Penilaian LKE").first.click()
    page.get_by_test_id("assessments").get_by_role(
        "link", name="Penilaian pendahuluan (TPU)"
    ).click()
    question = page.get_by_test_id("question-PPA1B")
    expect(question).to_contain_text("disalin dari Penilaian mandiri")
    question.get_by_label("B", exact=True).check()
    expect(page.get_by_test_id("saved-PPA1B")).to_contain_text("Tersimpan")
    question.get_by_label("Catatan penilai").fill("Susun SOP pemilihan anggota Tim Kerja.")
    question.get_by_label("Jadikan rekomendasi").check()
    expect(page.get_by_test_id("saved-PPA1B")).to_contain_text("Tersimpan")
    page.get_by_test_id("finalise").click()
    confirm(page)
    expect(page.get_by_test_id("status").first).to_have_text("Final")
    expect(page.get_by_test_id("projection-note")).to_be_visible()
    page.get_by_test_id("release").click()
    confirm(page)
    success(page, "dirilis")
    logout(page)

    # The unit reads the released result; the admin proposes it to the TPI.
    login(page, p["admin"].email, PASSWORD)
    open_section(page, "Penilaian LKE")
    eligibility = page.get_by_test_id("eligibility")
    # The one fact no page of the portal knows: the unit has been building its ZI since
    # the start of the year before (the 2026 declaration renewed it).
    expect(eligibility).to_contain_text("Tanggal mulai pembangunan ZI belum dicatat.")
    expect(page.get_by_test_id("propose")).to_be_disabled()
    eligibility.get_by_role("link", name="Catat data syarat").click()
    page.get_by_label("Mulai pembangunan ZI").fill("2025-01-06")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("checks")).not_to_contain_text("Gagal")
    page.get_by_test_id("back-to-assessments").click()
    expect(eligibility).to_contain_text("Memenuhi syarat")
    assert_accessible(page, label="assessments of the cycle")
    page.get_by_test_id("propose").click()
    confirm(page)
    success(page, "Usulan ke TPI")
    open_cycle(page)
    change_stage(page, "Evaluasi TPI", "Jadwal evaluasi TPI minggu ketiga Maret.")
    success(page, "Tahap siklus diubah menjadi Evaluasi TPI")
    page.locator("main").get_by_role("link", name="Penilaian LKE").first.click()
    opener = page.locator("form", has=page.get_by_role("button", name="Buka penilaian"))
    choose(opener.get_by_label("Tingkat penilaian"), "TPI")
    choose(opener.get_by_label(re.compile("Ketua penilai")), "Inspektur TPI")
    opener.get_by_label("Mulai dari jawaban tingkat di bawahnya").check()
    opener.get_by_role("button", name="Buka penilaian").click()
    success(page, "dibuka")
    logout(page)

    # The TPI scores IPAK below the WBK minimum, finalises and releases.
    def tpi_scores_ipak(value: str):
        login(page, p["tpi"].email, PASSWORD)
        page.get_by_role("link", name="Penilaian LKE").first.click()
        page.get_by_test_id("assessments").get_by_role("link", name="Evaluasi TPI").click()
        ipak = page.get_by_test_id("question-HBA")
        ipak.locator("#q-HBA-value").fill(value)
        ipak.locator("#q-HBA-value").press("Tab")
        expect(page.get_by_test_id("saved-HBA")).to_contain_text("Tersimpan")
        page.get_by_test_id("finalise").click()
        confirm(page)
        expect(page.get_by_test_id("status").first).to_have_text("Final")
        page.get_by_test_id("release").click()
        confirm(page)
        success(page, "dirilis")
        logout(page)

    tpi_scores_ipak("3")

    # Usulan ke TPN is refused while the released TPI result fails the WBK minimum.
    login(page, p["admin"].email, PASSWORD)
    propose_to_tpn(page, "Hasil evaluasi TPI dirilis.")
    expect(page.locator("main")).to_contain_text("belum memenuhi syarat WBK")
    with scopes_disabled():
        assert Cycle.objects.get(pk=cycle.pk).stage == "evaluasi_tpi"
    # The admin reopens the TPI evaluation with a reason.
    page.locator("main").get_by_role("link", name="Penilaian LKE").first.click()
    page.get_by_test_id("levels").locator("tr", has_text="TPI").get_by_role(
        "link", name="Hasil"
    ).click()
    page.get_by_label("Alasan").fill("Nilai IPAK salah ketik: hasil survei 3,70.")
    page.get_by_role("button", name="Buka kembali").click()
    success(page, "dibuka kembali")
    logout(page)

    tpi_scores_ipak("3.7")

    login(page, p["admin"].email, PASSWORD)
    propose_to_tpn(page, "Hasil evaluasi TPI memenuhi syarat WBK.")
    success(page, "Usulan ke TPN")
    with scopes_disabled():
        cycle.refresh_from_db()
        assert cycle.stage == "usulan_tpn"
