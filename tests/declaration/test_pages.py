"""Pages of the declaration app: the access matrix (anonymous, wrong role, other unit,
other tenant), the charter form and scan upload, the printable charter and its PDF, the
roster import through the browser, the pact signed online, and query budgets."""

import io

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_scopes import scope
from pypdf import PdfReader

from apps.declaration import services
from apps.declaration.models import Declaration, Employee, Pact, Placement

from .conftest import csv_bytes, import_rows, nip, record, record_with_scan, scan, xlsx_bytes

pytestmark = pytest.mark.django_db


def _docx() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload_roster(client, unit, content: bytes, name="pegawai.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("declaration:import", args=[unit.pk]), {"file": SimpleUploadedFile(name, content)}
    )


@pytest.fixture
def roster(sekretaris, tree, staff_user):
    import_rows(
        sekretaris,
        tree["upt"],
        (nip(1), "Budi", "Kepala Seksi", "ya"),
        (nip(900), "Pegawai Berakun", "Analis", ""),
    )
    return {p.employee.nip: p for p in Placement.objects.select_related("employee")}


# --- Access matrix ---------------------------------------------------------------------


def test_read_pages_access_matrix(
    client_for, sekretaris, member, verifier, sibling_member, other_admin, pcycle, roster, tree
):
    record_with_scan(sekretaris, pcycle)
    placement = roster[nip(1)]
    urls = [
        reverse("declaration:cycle", args=[pcycle.pk]),
        reverse("declaration:charter", args=[pcycle.pk]),
        reverse("declaration:scan", args=[pcycle.pk]),
        reverse("declaration:roster", args=[tree["upt"].pk]),
        reverse("declaration:employee", args=[placement.employee_id]),
        reverse("declaration:pact", args=[placement.pk]),
    ]
    for url in urls:
        assert Client().get(url).status_code == 302, url  # to the login page
        assert client_for(sekretaris).get(url).status_code == 200, url
        assert client_for(member).get(url).status_code == 200, url  # a Pokja of the unit reads
        assert client_for(verifier).get(url).status_code == 200, url  # a role over the unit
        assert client_for(sibling_member).get(url).status_code == 404, url
        assert client_for(other_admin).get(url).status_code == 404, url
    # Another agency's missing and existing objects answer the same.
    missing = client_for(other_admin).get(reverse("declaration:cycle", args=[999999]))
    assert missing.status_code == 404


def test_write_pages_refuse_a_wrong_role_with_403_and_others_with_404(
    client_for, member, verifier, sibling_sekretaris, other_admin, pcycle, roster, tree
):
    placement = roster[nip(1)]
    gets = [
        reverse("declaration:employee_add", args=[tree["upt"].pk]),
        reverse("declaration:import", args=[tree["upt"].pk]),
        reverse("declaration:placement_end", args=[placement.pk]),
    ]
    for url in gets:
        assert client_for(member).get(url).status_code == 403, url
        assert client_for(verifier).get(url).status_code == 403, url
        assert client_for(sibling_sekretaris).get(url).status_code == 404, url
        assert client_for(other_admin).get(url).status_code == 404, url
    posts = [
        (reverse("declaration:cycle", args=[pcycle.pk]), {"place": "X"}),
        (reverse("declaration:scan", args=[pcycle.pk]), {"file": scan()}),
        (reverse("declaration:import_confirm", args=[tree["upt"].pk]), {"token": "x"}),
        (reverse("declaration:placement_end", args=[placement.pk]), {"reason": "x"}),
        (reverse("declaration:pact_scan", args=[placement.pk]), {"signed_on": "2026-01-15"}),
    ]
    for url, data in posts:
        assert Client().post(url, data).status_code == 302, url
        assert client_for(member).post(url, data).status_code == 403, url
        assert client_for(sibling_sekretaris).post(url, data).status_code == 404, url
        assert client_for(other_admin).post(url, data).status_code == 404, url
    sign = reverse("declaration:pact_sign", args=[placement.pk])
    assert client_for(member).post(sign, {"agree": "on"}).status_code == 403
    assert client_for(other_admin).post(sign, {"agree": "on"}).status_code == 404
    assert not Declaration.objects.exists() and not Pact.objects.exists()
    assert Placement.objects.filter(ended_on__isnull=True).count() == 2


def test_a_staff_member_without_a_role_reaches_only_their_own_pact(
    client_for, staff_user, roster, tree
):
    c = client_for(staff_user)
    assert c.get(reverse("declaration:roster", args=[tree["upt"].pk])).status_code == 404
    assert c.get(reverse("declaration:pact", args=[roster[nip(1)].pk])).status_code == 404
    body = c.get(reverse("declaration:my_pact")).content.decode()
    assert "UPT Satu" in body and "Baca dan tandatangani" in body
    assert c.get(reverse("declaration:pact", args=[roster[nip(900)].pk])).status_code == 200


# --- Charter ---------------------------------------------------------------------------


def test_the_charter_form_prefills_the_head_and_saves(client_for, sekretaris, pcycle, tree):
    unit = tree["upt"]
    unit.head_name, unit.head_title = "Ir. Kepala", "Kepala UPT Satu"
    unit.save()
    c = client_for(sekretaris)
    url = reverse("declaration:cycle", args=[pcycle.pk])
    page = c.get(url).content.decode()
    assert 'value="Ir. Kepala"' in page and "Piagam pencanangan belum dicatat" in page
    data = {
        "declared_on": "2026-01-15",
        "place": "Bandung",
        "head_name": "Ir. Kepala",
        "head_title": "Kepala UPT Satu",
        "head_nip": "",
        "saksi-TOTAL_FORMS": "4",
        "saksi-INITIAL_FORMS": "0",
        "saksi-0-name": "Dr. Inspektur",
        "saksi-0-title": "Inspektur Jenderal",
        "saksi-0-institution": "Inspektorat Jenderal",
    }
    response = c.post(url, data, follow=True)
    body = response.content.decode()
    assert "Piagam pencanangan disimpan" in body
    assert "Pada hari ini, Kamis, tanggal 15 Januari 2026, Saya Ir. Kepala" in body


def test_the_charter_prefills_the_title_without_repeating_the_unit_type(
    client_for, sekretaris, pcycle, tree
):
    unit = tree["upt"]
    unit.name, unit.head_name, unit.head_title = "Satker PJN Satu", "Ir. Kepala", "Kepala Satker"
    unit.save()
    c = client_for(sekretaris)
    url = reverse("declaration:cycle", args=[pcycle.pk])
    page = c.get(url).content.decode()
    assert 'value="Kepala Satker PJN Satu"' in page and "Satker Satker" not in page
    data = {
        "declared_on": "2026-01-15",
        "place": "Bandung",
        "head_name": "Ir. Kepala",
        "head_title": "Kepala Satker PJN Satu",
        "head_nip": "19830606.200801.1.011",
        "saksi-TOTAL_FORMS": "1",
        "saksi-INITIAL_FORMS": "0",
        "saksi-0-name": "Dr. Inspektur",
        "saksi-0-title": "Inspektur Jenderal",
        "saksi-0-institution": "Inspektorat Jenderal",
    }
    body = c.post(url, data, follow=True).content.decode()
    assert "selaku Kepala Satker PJN Satu mencanangkan" in body
    assert "Satker Satker" not in body
    assert Declaration.objects.get().head_nip == "198306062008011011"


def test_bad_charter_input_reshows_the_form_with_messages(client_for, sekretaris, pcycle):
    url = reverse("declaration:cycle", args=[pcycle.pk])
    data = {
        "declared_on": "bukan tanggal",
        "place": "Bandung",
        "head_name": "Kepala",
        "head_title": "Kepala UPT",
        "saksi-TOTAL_FORMS": "2",
        "saksi-INITIAL_FORMS": "0",
        "saksi-0-name": "Staf Sendiri",
        "saksi-0-title": "Staf",
        "saksi-0-institution": "UPT Satu",
    }
    response = client_for(sekretaris).post(url, data)
    assert response.status_code == 400
    assert "Masukkan tanggal yang valid" in response.content.decode()
    data["declared_on"] = "2026-01-15"
    response = client_for(sekretaris).post(url, data)
    assert response.status_code == 400
    assert "instansi/unit lain selain UPT Satu" in response.content.decode()
    response = client_for(sekretaris).post(url, {"saksi-TOTAL_FORMS": "x"})
    assert response.status_code == 400  # a broken management form is no 500
    assert not Declaration.objects.exists()


def test_the_scan_is_uploaded_through_the_uploader_and_downloaded(client_for, sekretaris, pcycle):
    url = reverse("declaration:scan", args=[pcycle.pk])
    c = client_for(sekretaris)
    response = c.post(url, {"file": scan()}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 400
    assert "Simpan data piagam" in response.json()["error"]["message"]
    record(sekretaris, pcycle)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("piagam.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    response = c.post(url, {"file": bad}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 400 and response.json()["error"]["message"]
    response = c.post(url, {"file": scan("piagam-ttd.pdf")}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 201 and response.json()["scan"] == "piagam-ttd.pdf"
    download = c.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    partial = c.get(reverse("declaration:cycle", args=[pcycle.pk]), HTTP_HX_REQUEST="true")
    assert "piagam-ttd.pdf" in partial.content.decode() and "<html" not in partial.content.decode()


def test_the_charter_prints_in_frm01_wording_and_as_a_pdf(client_for, sekretaris, member, pcycle):
    record(sekretaris, pcycle)
    page = client_for(member).get(reverse("declaration:charter", args=[pcycle.pk])).content.decode()
    assert "PIAGAM PENCANANGAN" in page and "Menyaksikan" in page
    # Its print rules are static files (the Content-Security-Policy allows no inline style).
    assert "/static/css/charter.css" in page and 'class="zi-page-charter"' in page
    portal_css = (settings.BASE_DIR / "static" / "css" / "portal.css").read_text()
    assert "@media print" in portal_css and ".zi-page-charter .zi-print-actions" in portal_css
    # The worker has not run yet: the PDF is made now, kept, and served as a stored file.
    response = client_for(member).get(reverse("declaration:charter_pdf", args=[pcycle.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="piagam-pencanangan-' in response["Content-Disposition"]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    declaration = Declaration.objects.get(cycle=pcycle)
    assert declaration.pdf_state == "ready" and declaration.pdf_file.size == len(content)
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages
    )
    assert "PIAGAM PENCANANGAN" in text
    assert "Pada hari ini, Kamis, tanggal 15 Januari 2026" in text
    assert "Kepala UPT Satu selaku Kepala UPT" in text and "Dr. Inspektur" in text


def test_the_charter_pdf_link_says_so_while_the_worker_makes_it(
    client_for, member, sekretaris, pcycle
):
    from django.utils import timezone

    record(sekretaris, pcycle)
    Declaration.objects.filter(cycle=pcycle).update(
        pdf_state="running", pdf_claimed_at=timezone.now()
    )
    response = client_for(member).get(
        reverse("declaration:charter_pdf", args=[pcycle.pk]), follow=True
    )
    assert response.redirect_chain == [(reverse("declaration:charter", args=[pcycle.pk]), 302)]
    assert "PDF sedang dibuat" in response.content.decode()


def test_the_charter_page_is_404_before_it_is_recorded(client_for, sekretaris, pcycle):
    assert (
        client_for(sekretaris).get(reverse("declaration:charter", args=[pcycle.pk])).status_code
        == 404
    )


def test_the_cycle_page_shows_the_declaration_card(client_for, sekretaris, pcycle, roster):
    body = client_for(sekretaris).get(reverse("cycles:detail", args=[pcycle.pk])).content.decode()
    assert "Piagam pencanangan belum dicatat" in body and "0/2" in body


def test_the_cycle_page_refuses_identifikasi_with_the_guards_message(client_for, admin, pcycle):
    response = client_for(admin).post(
        reverse("cycles:stage", args=[pcycle.pk]), {"to_stage": "identifikasi", "reason": "Siap."}
    )
    assert response.status_code == 400
    assert "Piagam pencanangan belum dicatat" in response.content.decode()


# --- Roster import through the browser -------------------------------------------------


def test_a_csv_roster_is_checked_then_imported_all_at_once(client_for, sekretaris, tree):
    c = client_for(sekretaris)
    content = csv_bytes(
        [(nip(1), "Budi", "Kepala Seksi", "ya", ""), (nip(2), "Ani", "Staf", "", "")]
    )
    response = upload_roster(c, tree["upt"], content)
    body = response.content.decode()
    assert response.status_code == 200 and "2 pegawai baru" in body
    assert not Employee.objects.exists()  # a dry run
    token = c.session["declaration_roster_import"]["token"]
    response = c.post(
        reverse("declaration:import_confirm", args=[tree["upt"].pk]), {"token": token}, follow=True
    )
    assert "Impor selesai: 2 pegawai baru" in response.content.decode()
    assert Placement.objects.filter(unit=tree["upt"]).count() == 2


def test_an_xlsx_with_errors_lists_them_and_saves_nothing(client_for, sekretaris, tree):
    content = xlsx_bytes(
        [
            (nip(1), "Budi", "Staf", "ya"),
            (198501012010011002, "Angka", "Staf", ""),  # NIP typed as a number
            ("19850101201001300", "Salah", "Staf", ""),
            (nip(1), "Ganda", "Staf", ""),
            (nip(5), "", "Staf", ""),
        ],
        header=("nip", "nama", "jabatan", "wajib_lhkpn"),
    )
    response = upload_roster(client_for(sekretaris), tree["upt"], content, "pegawai.xlsx")
    body = response.content.decode()
    assert response.status_code == 400
    assert "NIP tersimpan sebagai angka" in body
    assert "NIP harus terdiri dari 18 angka." in body
    assert "sudah ada di baris 2 berkas ini" in body
    assert "Kolom nama wajib diisi." in body
    assert not Employee.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Berkas kosong"),
        (b"nama,jabatan\nBudi,Staf\n", "Kolom wajib tidak ada"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "(.xls)"),
        (b"PK\x03\x04rusak", "bukan .xlsx yang valid"),
        (b"nip,nama,jabatan\n", "tidak berisi baris data"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(128, 256)) * 8, "melainkan berkas PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "melainkan gambar PNG"),
        (_docx(), "melainkan dokumen Word"),
        (b"<!DOCTYPE html><html><body>Daftar</body></html>", "melainkan halaman HTML"),
        (bytes(range(128, 256)) * 16, "bukan berkas Excel/CSV yang valid"),
    ],
)
def test_unreadable_roster_files_get_a_message_not_a_500(
    client_for, sekretaris, tree, content, message
):
    response = upload_roster(client_for(sekretaris), tree["upt"], content)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_move_must_be_accepted_on_the_preview(client_for, sekretaris, sibling_sekretaris, tree):
    import_rows(sibling_sekretaris, tree["upt2"], (nip(7), "Dewi", "Bendahara", "ya"))
    c = client_for(sekretaris)
    body = upload_roster(
        c, tree["upt"], csv_bytes([(nip(7), "Dewi", "Kasubbag", "ya", "")])
    ).content.decode()
    assert "dari UPT Dua" in body and "Setujui pemindahan" in body
    token = c.session["declaration_roster_import"]["token"]
    url = reverse("declaration:import_confirm", args=[tree["upt"].pk])
    response = c.post(url, {"token": token})
    assert response.status_code == 400 and "Centang persetujuan" in response.content.decode()
    assert Placement.objects.get(ended_on__isnull=True).unit == tree["upt2"]
    c.post(url, {"token": token, "accept_moves": "on"})
    assert Placement.objects.get(ended_on__isnull=True).unit == tree["upt"]
    employee = Placement.objects.get(ended_on__isnull=True).employee
    history = c.get(reverse("declaration:employee", args=[employee.pk])).content.decode()
    assert "UPT Dua" in history and "Pindah ke UPT Satu" in history


def test_a_stale_or_foreign_import_token_saves_nothing(client_for, sekretaris, tree):
    c = client_for(sekretaris)
    upload_roster(c, tree["upt"], csv_bytes([(nip(1), "Budi", "Staf", "", "")]))
    response = c.post(
        reverse("declaration:import_confirm", args=[tree["upt"].pk]),
        {"token": "salah"},
        follow=True,
    )
    assert "kedaluwarsa" in response.content.decode()
    assert not Employee.objects.exists()


def test_adding_one_employee_through_the_form(client_for, sekretaris, tree):
    c = client_for(sekretaris)
    url = reverse("declaration:employee_add", args=[tree["upt"].pk])
    response = c.post(url, {"nip": "123", "name": "Budi", "position": "Staf"})
    assert (
        response.status_code == 400
        and "NIP harus terdiri dari 18 angka." in response.content.decode()
    )
    response = c.post(
        url, {"nip": nip(1), "name": "Budi", "position": "Staf", "lhkpn_obliged": "on"}, follow=True
    )
    assert "Budi ditambahkan" in response.content.decode()
    assert Employee.objects.get().lhkpn_obliged
    # A NIP pasted as printed (21 characters) reaches the service whole and is kept.
    response = c.post(
        url, {"nip": "19830606 200801 1 011", "name": "Bayu", "position": "Staf"}, follow=True
    )
    assert "Bayu ditambahkan" in response.content.decode()
    assert Employee.objects.filter(nip="198306062008011011").exists()


def test_a_roster_file_with_printed_nips_previews_their_digits(client_for, sekretaris, tree):
    content = csv_bytes(
        [
            ("19830606 200801 1 011", "Bayu", "Staf", "ya", ""),
            ("19830606.200801.1.01", "Ani", "Staf", "", ""),
        ]
    )
    body = " ".join(
        upload_roster(client_for(sekretaris), tree["upt"], content).content.decode().split()
    )
    assert "NIP harus terdiri dari 18 angka." in body  # the short one, line 3
    content = csv_bytes([("19830606.200801.1.011", "Bayu", "Staf", "ya", "")])
    response = upload_roster(client_for(sekretaris), tree["upt"], content)
    assert response.status_code == 200
    assert "198306062008011011" in response.content.decode()


def test_ending_a_placement_through_the_form(client_for, sekretaris, roster, tree):
    placement = roster[nip(1)]
    url = reverse("declaration:placement_end", args=[placement.pk])
    response = client_for(sekretaris).post(url, {"ended_on": "2026-02-01", "reason": ""})
    assert response.status_code == 400
    response = client_for(sekretaris).post(
        url, {"ended_on": placement.started_on.isoformat(), "reason": "Pensiun"}, follow=True
    )
    assert "dicatat keluar" in response.content.decode()
    assert "Pensiun" in response.content.decode()  # in the roster's history table


# --- Pakta Integritas ------------------------------------------------------------------


def test_an_employee_reads_the_seven_statements_and_signs(client_for, staff_user, roster, tree):
    c = client_for(staff_user)
    placement = roster[nip(900)]
    url = reverse("declaration:pact", args=[placement.pk])
    body = c.get(url).content.decode()
    assert body.count('<li class="mb-1">') == 7 and "penyimpangan integritas di UPT Satu" in body
    response = c.post(reverse("declaration:pact_sign", args=[placement.pk]), {})
    assert response.status_code == 400 and "Centang pernyataan" in response.content.decode()
    response = c.post(
        reverse("declaration:pact_sign", args=[placement.pk]),
        {"agree": "on"},
        REMOTE_ADDR="10.1.2.3",
        follow=True,
    )
    assert "telah ditandatangani" in response.content.decode()
    assert Pact.objects.get().ip_address == "10.1.2.3"
    response = c.post(reverse("declaration:pact_sign", args=[placement.pk]), {"agree": "on"})
    assert response.status_code == 400 and Pact.objects.count() == 1


def test_the_team_records_a_paper_pact(client_for, sekretaris, roster):
    placement = roster[nip(1)]
    c = client_for(sekretaris)
    url = reverse("declaration:pact_scan", args=[placement.pk])
    response = c.post(url, {"signed_on": "2026-01-15"})
    assert (
        response.status_code == 400 and "Tidak ada berkas yang dikirim" in response.content.decode()
    )
    response = c.post(url, {"signed_on": "2026-01-15", "file": scan("pakta-budi.pdf")}, follow=True)
    assert "Pindaian Pakta Integritas Budi disimpan" in response.content.decode()
    download = c.get(url)
    assert download.status_code == 200
    assert (
        client_for(sekretaris)
        .get(reverse("declaration:pact_scan", args=[roster[nip(900)].pk]))
        .status_code
        == 404
    )


# --- Query budgets ---------------------------------------------------------------------


@pytest.mark.parametrize("size", [5, 500])
def test_the_roster_renders_in_a_constant_number_of_queries(
    client_for, sekretaris, tree, django_assert_max_num_queries, size
):
    rows = [
        (nip(i, born=f"198{i % 10}0101"), f"Pegawai {i}", "Staf", "ya" if i % 3 else "")
        for i in range(1, size + 1)
    ]
    with django_assert_max_num_queries(40):
        import_rows(sekretaris, tree["upt"], *rows)
    with scope(tenant=tree["upt"].tenant_id):
        for placement in Placement.objects.select_related("employee")[: size // 2]:
            services.pact_record_scan(
                actor=sekretaris,
                placement=placement,
                uploaded=scan(salt=placement.employee.nip.encode()),
                signed_on=placement.started_on,
            )
    c = client_for(sekretaris)
    with django_assert_max_num_queries(14):
        response = c.get(reverse("declaration:roster", args=[tree["upt"].pk]))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="roster-row"') == size


def test_the_import_dry_run_costs_the_same_for_many_rows(
    client_for, sekretaris, tree, django_assert_max_num_queries
):
    rows = [
        (nip(i, born=f"198{i % 10}0101"), f"Pegawai {i}", "Staf", "", "") for i in range(1, 501)
    ]
    c = client_for(sekretaris)
    with django_assert_max_num_queries(14):
        response = upload_roster(c, tree["upt"], csv_bytes(rows))
    assert "500 pegawai baru" in response.content.decode()
