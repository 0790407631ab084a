"""Import of units from .xlsx/.csv: file checks, row checks with Indonesian messages, the
dry run and confirm views, all-or-nothing creation, and who may import where."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from apps.accounts.roles import Role
from apps.audit.models import AuditEvent
from apps.core.exceptions import AccessDenied
from apps.units import importing, services
from apps.units.importing import (
    COLUMNS,
    ImportFileError,
    ImportRow,
    RowsInvalid,
    parse_bytes,
    plan_import,
    read_import_file,
)
from apps.units.models import Unit
from apps.units.services import unit_import
from tests.factories import UserFactory, grant, make_tenant, make_unit, root_of

pytestmark = pytest.mark.django_db

IMPORT = reverse("units:import")
CONFIRM = reverse("units:import_confirm")
EXPORT = reverse("units:export")
VALID_NIP = "198501012010011001"


# --- helpers ------------------------------------------------------------------------


def xlsx_bytes(rows, header=COLUMNS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for values in rows:
        sheet.append(list(values))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_file(rows, header=COLUMNS, name="unit.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows, header))


def csv_file(text: str, name="unit.csv", encoding="utf-8-sig") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def docx_bytes() -> bytes:
    """A Word document: a zip, but no workbook inside."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def row(line, kode, nama=None, jenis="upt", kode_induk="", **extra) -> ImportRow:
    return ImportRow(
        line=line,
        kode=kode,
        nama=nama if nama is not None else f"Unit {kode}",
        jenis=jenis,
        kode_induk=kode_induk,
        **extra,
    )


def errors_of(rows, *, actor, tenant):
    plan = plan_import(rows, actor=actor, tenant=tenant)
    return [(e.line, e.column, e.message) for e in plan.errors]


def unit_count(tenant) -> int:
    return Unit.objects.filter(tenant=tenant).count()


def parent_code(unit: Unit) -> str:
    return Unit.objects.get(path=unit.path[: -Unit.steplen]).code


def upload(client, file):
    return client.post(IMPORT, {"file": file})


def dry_run_and_confirm(client, file):
    preview = upload(client, file)
    assert preview.status_code == 200, preview.content.decode()[:2000]
    assert preview.context["dry_run"].is_valid, preview.context["dry_run"].errors
    return client.post(CONFIRM, {"token": preview.context["token"]})


# --- reading files ------------------------------------------------------------------


def test_header_names_ignore_case_spaces_and_dashes():
    data = xlsx_bytes(
        [["A1", "Unit A", "upt", "", "", "", VALID_NIP, ""]],
        header=[
            " Kode ",
            "NAMA",
            "Jenis",
            "Kode Induk",
            "alamat",
            "Nama  Pimpinan",
            "NIP-Pimpinan",
        ],
    )
    parsed = parse_bytes(data)
    assert parsed.rows == [
        ImportRow(line=2, kode="A1", nama="Unit A", jenis="upt", nip_pimpinan=VALID_NIP)
    ]


def test_a_csv_with_semicolons_and_a_byte_order_mark_is_read():
    text = "kode;nama;jenis;kode_induk;alamat\nA1;Unit A;upt;;Jl. Satu, No. 2\nA2;Unit B;upt;A1;\n"
    parsed = read_import_file(csv_file(text))
    assert [(r.line, r.kode, r.kode_induk, r.alamat) for r in parsed.rows] == [
        (2, "A1", "", "Jl. Satu, No. 2"),
        (3, "A2", "A1", ""),
    ]


def test_a_csv_with_commas_and_quotes_is_read():
    text = 'kode,nama,jenis,kode_induk\nA1,"Balai Besar, Jakarta",upt,\n'
    assert read_import_file(csv_file(text, encoding="utf-8")).rows[0].nama == (
        "Balai Besar, Jakarta"
    )


def test_a_csv_saved_by_excel_in_the_windows_code_page_is_read():
    text = "kode;nama;jenis;kode_induk\nA1;Café Ümbrella;upt;\n"
    assert read_import_file(csv_file(text, encoding="cp1252")).rows[0].nama == "Café Ümbrella"


def test_row_numbers_are_those_of_the_file_and_blank_rows_are_skipped():
    data = xlsx_bytes([["A1", "Unit A", "upt", ""], [None] * 4, ["A2", "Unit B", "upt", "A1"]])
    assert [r.line for r in parse_bytes(data).rows] == [2, 4]


def test_extra_columns_are_ignored():
    data = xlsx_bytes([[1, "A1", "Unit A", "upt", ""]], header=["No", *COLUMNS[:4]])
    assert parse_bytes(data).rows[0].kode == "A1"


def test_numeric_cells_become_text_without_decimals():
    data = xlsx_bytes([[101, "Unit 101", "upt", 100.0]])
    parsed = parse_bytes(data).rows[0]
    assert (parsed.kode, parsed.kode_induk) == ("101", "100")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Berkas kosong."),
        (b"   \n\n", "Berkas kosong."),
        (b"%PDF-1.4\n\x00\x01\x02binary", "bukan berkas Excel/CSV yang valid"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bukan berkas Excel/CSV yang valid"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel lama (.xls)"),
        (b"PK\x03\x04garbage-not-a-zip", "Berkas bukan .xlsx yang valid atau rusak."),
        (b"kode;nama;jenis;kode_induk\n", "tidak berisi baris data"),
        (b"nama;jenis\nUnit A;upt\n", "Kolom wajib tidak ada di baris judul: kode, kode_induk."),
        (b"kode;kode;nama;jenis;kode_induk\n", "Kolom kode muncul lebih dari sekali"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(content, message):
    with pytest.raises(ImportFileError) as exc:
        read_import_file(SimpleUploadedFile("unit.xlsx", content))
    assert message in exc.value.message


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(
        ImportFileError, match=r"bukan berkas Excel/CSV yang valid, melainkan dokumen Word"
    ):
        parse_bytes(buffer.getvalue())


def test_a_truncated_workbook_is_refused():
    data = xlsx_bytes([["A1", "Unit A", "upt", ""]])
    with pytest.raises(ImportFileError, match=r"bukan \.xlsx yang valid"):
        parse_bytes(data[: len(data) // 2])


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    big = csv_file("kode;nama;jenis;kode_induk\n" + "A;B;upt;\n" * 200_000)
    with pytest.raises(ImportFileError, match=r"Berkas terlalu besar: maksimal 1 MB\."):
        read_import_file(big)


def test_a_file_over_the_row_limit_is_refused(settings):
    settings.IMPORT_MAX_ROWS = 3
    data = xlsx_bytes([[f"A{i}", "Unit", "upt", ""] for i in range(4)])
    with pytest.raises(ImportFileError, match="lebih dari 3 baris data"):
        parse_bytes(data)


def test_an_18_digit_nip_stored_as_a_number_is_flagged(tenant, tree, admin):
    data = xlsx_bytes([["A1", "Unit A", "upt", "", "", "Budi", 198501012010011001, ""]])
    parsed = parse_bytes(data)
    assert [(e.line, e.column) for e in parsed.errors] == [(2, "nip_pimpinan")]
    assert "Ubah format sel menjadi Teks" in parsed.errors[0].message


# --- checking rows ------------------------------------------------------------------


def test_a_valid_plan_puts_parents_first_and_resolves_unit_types_by_code_or_name(
    tenant, tree, admin
):
    rows = [
        row(2, "C", kode_induk="B"),
        row(3, "B", jenis="UNIT-KERJA", kode_induk="A"),
        row(4, "A", jenis="unit organisasi / eselon i"),
        row(5, "D", kode_induk="KW1"),
    ]
    plan = plan_import(rows, actor=admin, tenant=tenant)
    assert plan.errors == []
    assert [(p.row.kode, p.parent_code, p.unit_type.code, p.depth) for p in plan.units] == [
        ("A", "ALFA", "eselon-1", 2),
        ("B", "A", "unit-kerja", 3),
        ("C", "B", "upt", 4),
        ("D", "KW1", "upt", 4),
    ]
    assert plan.units[1].parent_line == 4
    assert plan.units[3].parent_name == "Kanwil Satu"


def test_missing_required_fields_are_row_errors(tenant, tree, admin):
    rows = [ImportRow(line=2, kode="", nama="", jenis="")]
    assert errors_of(rows, actor=admin, tenant=tenant) == [
        (2, "kode", "Kolom kode wajib diisi."),
        (2, "nama", "Kolom nama wajib diisi."),
        (2, "jenis", "Kolom jenis wajib diisi."),
    ]


def test_an_unknown_unit_type_is_a_row_error(tenant, tree, admin):
    assert errors_of([row(2, "A", jenis="Satker Khusus")], actor=admin, tenant=tenant) == [
        (
            2,
            "jenis",
            'Jenis unit "Satker Khusus" tidak dikenal. Gunakan kode atau nama jenis unit '
            "instansi ini: instansi, eselon-1, unit-kerja, upt.",
        )
    ]


def test_a_code_twice_in_the_file_is_a_row_error(tenant, tree, admin):
    rows = [row(2, "A"), row(3, "B"), row(4, "A")]
    assert errors_of(rows, actor=admin, tenant=tenant) == [
        (4, "kode", 'Kode "A" muncul lebih dari sekali di berkas (pertama di baris 2).')
    ]


def test_a_code_that_already_exists_in_the_agency_is_a_row_error(tenant, tree, admin):
    assert errors_of([row(2, "UPT1")], actor=admin, tenant=tenant) == [
        (2, "kode", 'Kode "UPT1" sudah dipakai unit lain di instansi ini.')
    ]


def test_an_unknown_parent_is_a_row_error(tenant, tree, admin):
    assert errors_of([row(2, "A", kode_induk="NOPE")], actor=admin, tenant=tenant) == [
        (2, "kode_induk", 'Unit induk "NOPE" tidak ditemukan di berkas maupun di instansi ini.')
    ]


def test_a_parent_of_another_agency_is_unknown(tenant, tree, other_tree, admin):
    assert errors_of([row(2, "A", kode_induk="B-UPT")], actor=admin, tenant=tenant) == [
        (2, "kode_induk", 'Unit induk "B-UPT" tidak ditemukan di berkas maupun di instansi ini.')
    ]


def test_a_cycle_among_file_rows_is_a_row_error_on_each_member(tenant, tree, admin):
    rows = [row(2, "A", kode_induk="B"), row(3, "B", kode_induk="A"), row(4, "C", kode_induk="A")]
    assert errors_of(rows, actor=admin, tenant=tenant) == [
        (2, "kode_induk", "Kode induk membentuk lingkaran: A → B → A."),
        (3, "kode_induk", "Kode induk membentuk lingkaran: B → A → B."),
    ]


def test_a_unit_that_is_its_own_parent_is_a_row_error(tenant, tree, admin):
    assert errors_of([row(2, "A", kode_induk="A")], actor=admin, tenant=tenant) == [
        (2, "kode_induk", "Unit tidak boleh menjadi induk dirinya sendiri.")
    ]


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("12345", "NIP harus terdiri dari 18 angka."),
        ("19850101²010011001", "NIP harus terdiri dari 18 angka."),
        ("198513012010011001", "NIP tidak valid: 8 angka pertama harus tanggal lahir (TTTTBBHH)."),
        ("198501012010013001", "NIP tidak valid: angka ke-15 (jenis kelamin) harus 1 atau 2."),
    ],
)
def test_an_invalid_nip_is_a_row_error(tenant, tree, admin, nip, message):
    rows = [row(2, "A", nip_pimpinan=nip)]
    assert errors_of(rows, actor=admin, tenant=tenant) == [(2, "nip_pimpinan", message)]


def test_too_long_values_are_row_errors(tenant, tree, admin):
    rows = [row(2, "K" * 41, nama="N" * 201, jabatan_pimpinan="J" * 151)]
    assert errors_of(rows, actor=admin, tenant=tenant) == [
        (2, "kode", "Terlalu panjang: maksimal 40 karakter (berisi 41)."),
        (2, "nama", "Terlalu panjang: maksimal 200 karakter (berisi 201)."),
        (2, "jabatan_pimpinan", "Terlalu panjang: maksimal 150 karakter (berisi 151)."),
    ]


def test_a_tree_deeper_than_the_path_allows_is_a_row_error(tenant, tree, admin):
    # The root is level 1, so 62 rows in a chain fit and the 63rd does not.
    rows = [row(2, "L1")] + [row(i + 1, f"L{i}", kode_induk=f"L{i - 1}") for i in range(2, 64)]
    assert errors_of(rows, actor=admin, tenant=tenant) == [
        (64, "kode_induk", "Pohon unit terlalu dalam: maksimal 63 tingkat.")
    ]


def test_a_delegated_admin_may_import_only_below_its_subtree(tenant, tree):
    delegated = UserFactory()
    grant(delegated, tree["kanwil"], Role.ADMIN_INSTANSI)
    rows = [
        row(2, "A", kode_induk="KW1"),
        row(3, "B", kode_induk="A"),
        row(4, "C", kode_induk="UPT1"),
        row(5, "D", kode_induk="ES1"),
        row(6, "E"),
    ]
    assert errors_of(rows, actor=delegated, tenant=tenant) == [
        (5, "kode_induk", 'Anda tidak berwenang menambah unit di bawah "ES1".'),
        (
            6,
            "kode_induk",
            "Anda tidak berwenang menambah unit langsung di bawah instansi. Isi kode_induk "
            "dengan kode unit yang Anda kelola.",
        ),
    ]


# --- the service --------------------------------------------------------------------


def test_the_service_creates_all_units_with_audit_records(tenant, tree, admin):
    before = AuditEvent.objects.filter(tenant=tenant).count()
    created = unit_import(
        actor=admin,
        tenant=tenant,
        rows=[
            row(2, "B", kode_induk="A", nama_pimpinan="Budi", nip_pimpinan=VALID_NIP),
            row(3, "A", jenis="eselon-1"),
        ],
    )
    assert [u.code for u in created] == ["A", "B"]
    b = Unit.objects.get(tenant=tenant, code="B")
    assert (parent_code(b), b.head_name, b.head_nip, b.depth) == ("A", "Budi", VALID_NIP, 3)
    actions = list(
        AuditEvent.objects.filter(tenant=tenant).order_by("pk").values_list("action", flat=True)
    )[before:]
    assert actions == ["unit.create", "unit.create", "unit.import"]


def test_the_service_saves_nothing_when_a_row_is_invalid(tenant, tree, admin):
    count = unit_count(tenant)
    with pytest.raises(RowsInvalid) as exc:
        unit_import(
            actor=admin,
            tenant=tenant,
            rows=[row(2, "A"), row(3, "B", kode_induk="A"), row(4, "C", jenis="??")],
        )
    assert [(e.line, e.column) for e in exc.value.row_errors] == [(4, "jenis")]
    assert unit_count(tenant) == count


def test_model_validation_in_the_service_is_reported_per_row(tenant, tree, admin, monkeypatch):
    """Should the file checks miss something the model refuses, the row still gets the
    message and nothing is saved."""
    monkeypatch.setattr(importing.checking, "validate_nip", lambda value: None)
    count = unit_count(tenant)
    with pytest.raises(RowsInvalid) as exc:
        unit_import(
            actor=admin,
            tenant=tenant,
            rows=[row(2, "A"), row(3, "B", kode_induk="A", nip_pimpinan="123")],
        )
    assert [(e.line, e.column) for e in exc.value.row_errors] == [(3, "nip_pimpinan")]
    assert unit_count(tenant) == count


def test_the_service_rolls_back_units_already_created_when_a_later_write_fails(
    tenant, tree, admin, monkeypatch
):
    original = services.audit_record

    def failing_summary(**kwargs):
        if kwargs["action"] == "unit.import":
            raise RuntimeError("disk full")
        return original(**kwargs)

    monkeypatch.setattr(services, "audit_record", failing_summary)
    count, events = unit_count(tenant), AuditEvent.objects.count()
    numchild = Unit.objects.get(pk=tree["kanwil"].pk).numchild
    with pytest.raises(RuntimeError):
        unit_import(actor=admin, tenant=tenant, rows=[row(2, "A", kode_induk="KW1"), row(3, "B")])
    assert (unit_count(tenant), AuditEvent.objects.count()) == (count, events)
    assert Unit.objects.get(pk=tree["kanwil"].pk).numchild == numchild


def test_imported_units_follow_existing_children_and_keep_the_tree_consistent(tenant, tree, admin):
    unit_import(
        actor=admin,
        tenant=tenant,
        rows=[
            row(2, "A", kode_induk="KW1"),
            row(3, "B", kode_induk="A"),
            row(4, "C", kode_induk="A"),
        ],
    )
    kanwil = Unit.objects.get(pk=tree["kanwil"].pk)
    children = [u.code for u in Unit.objects.get_children(kanwil)]
    assert children == ["UPT1", "UPT2", "A"]
    assert kanwil.numchild == 3
    a = Unit.objects.get(tenant=tenant, code="A")
    assert [u.code for u in Unit.objects.get_children(a)] == ["B", "C"]
    assert a.numchild == 2
    assert all(not problems for problems in Unit.objects.find_problems())
    # The tree operations still work on imported units.
    services.unit_move(actor=admin, unit=a, new_parent=tree["es1"])
    make_unit(Unit.objects.get(pk=a.pk), code="D")
    assert all(not problems for problems in Unit.objects.find_problems())


def test_the_service_refuses_an_actor_without_admin_role(tenant, tree, member):
    with pytest.raises(AccessDenied):
        unit_import(actor=member, tenant=tenant, rows=[row(2, "A", kode_induk="UPT1")])


def test_an_admin_of_another_agency_cannot_import_into_this_one(tenant, tree, other_admin):
    with pytest.raises(AccessDenied):
        unit_import(actor=other_admin, tenant=tenant, rows=[row(2, "A")])
    assert not Unit.objects.filter(code="A").exists()


# --- the views ----------------------------------------------------------------------


def test_a_valid_300_row_workbook_in_three_levels_imports_fully(client_for, tenant, tree, admin):
    rows = []
    for e in range(10):
        rows.append([f"E{e}", f"Eselon {e}", "eselon-1", ""])
    for k in range(40):
        rows.append([f"K{k}", f"Kanwil {k}", "Unit Kerja / Kanwil", f"E{k % 10}"])
    for u in range(250):
        rows.append([f"U{u}", f"UPT {u}", "upt", f"K{u % 40}", "", "Kepala", VALID_NIP, "Kepala"])
    rows.reverse()  # children before their parents: the import must order them
    count = unit_count(tenant)
    client = client_for(admin)

    preview = upload(client, xlsx_file(rows))
    assert preview.status_code == 200
    assert len(preview.context["dry_run"].table) == 300
    assert "Impor sekarang" in preview.content.decode()
    assert unit_count(tenant) == count  # a dry run saves nothing

    started = time.monotonic()
    response = client.post(CONFIRM, {"token": preview.context["token"]})
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert response["Location"] == reverse("units:tree")
    assert unit_count(tenant) == count + 300
    assert elapsed < 30
    units = {u.code: u for u in Unit.objects.filter(tenant=tenant)}
    paths = {u.path: u.code for u in units.values()}
    for e in range(10):
        assert units[f"E{e}"].depth == 2
    for k in range(40):
        assert paths[units[f"K{k}"].path[:-4]] == f"E{k % 10}"
    for u in range(250):
        assert paths[units[f"U{u}"].path[:-4]] == f"K{u % 40}"
    assert Unit.objects.filter(tenant=tenant, depth=1).count() == 1
    assert all(not problems for problems in Unit.objects.find_problems())
    assert AuditEvent.objects.filter(tenant=tenant, action="unit.import").count() == 1


def test_a_semicolon_csv_with_bom_imports_through_the_views(client_for, tenant, tree, admin):
    text = (
        "Kode;Nama;Jenis;Kode Induk;Alamat;Nama Pimpinan;NIP Pimpinan;Jabatan Pimpinan\r\n"
        f"UPT3;UPT Tiga;upt;KW1;Jl. Raya 1;Siti;{VALID_NIP};Kepala UPT\r\n"
    )
    response = dry_run_and_confirm(client_for(admin), csv_file(text))
    assert response.status_code == 302
    unit = Unit.objects.get(tenant=tenant, code="UPT3")
    assert (parent_code(unit), unit.address, unit.head_name, unit.head_title) == (
        "KW1",
        "Jl. Raya 1",
        "Siti",
        "Kepala UPT",
    )


def test_the_dry_run_lists_every_error_with_row_and_column_and_saves_nothing(
    client_for, tenant, tree, admin
):
    client = client_for(admin)
    count = unit_count(tenant)
    response = upload(
        client,
        xlsx_file(
            [
                ["A", "Unit A", "upt", "NOPE"],
                ["UPT1", "Lagi", "upt", ""],
                ["B", "", "upt", "B"],
            ]
        ),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Berkas tidak dapat diimpor: 4 kesalahan." in body
    assert "Tidak ada unit yang disimpan." in body
    assert [(e.line, e.column) for e in response.context["dry_run"].errors] == [
        (2, "kode_induk"),
        (3, "kode"),
        (4, "nama"),
        (4, "kode_induk"),
    ]
    assert "Impor sekarang" not in body
    assert "units_import" not in client.session
    assert client.post(CONFIRM, {"token": "anything"}).status_code == 302
    assert unit_count(tenant) == count


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4\x00\x00", "bukan berkas Excel/CSV yang valid"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bukan berkas Excel/CSV yang valid"),
        (docx_bytes(), "bukan berkas Excel/CSV yang valid"),
        (b"PK\x03\x04broken", "Berkas bukan .xlsx yang valid atau rusak."),
        (b"", None),
    ],
)
def test_a_refused_file_gives_a_form_error_not_a_500(client_for, tenant, admin, content, message):
    count = unit_count(tenant)
    response = upload(client_for(admin), SimpleUploadedFile("unit.xlsx", content))
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    if message:
        assert message in response.content.decode()
    assert unit_count(tenant) == count


def test_the_confirm_step_checks_again_and_saves_nothing_if_the_tree_changed(
    client_for, tenant, tree, admin
):
    client = client_for(admin)
    preview = upload(client, xlsx_file([["A", "Unit A", "upt", "KW1"], ["B", "B", "upt", "A"]]))
    make_unit(tree["kanwil"], code="B")  # someone else takes code B meanwhile
    count = unit_count(tenant)
    response = client.post(CONFIRM, {"token": preview.context["token"]})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Data unit berubah sejak uji coba" in body
    assert "Kode &quot;B&quot; sudah dipakai unit lain di instansi ini." in body
    assert unit_count(tenant) == count


def test_confirming_twice_or_with_a_wrong_token_creates_nothing_more(
    client_for, tenant, tree, admin
):
    client = client_for(admin)
    preview = upload(client, xlsx_file([["A", "Unit A", "upt", ""]]))
    assert client.post(CONFIRM, {"token": "forged"}).status_code == 302
    assert not Unit.objects.filter(tenant=tenant, code="A").exists()
    assert client.post(CONFIRM, {"token": preview.context["token"]}).status_code == 302
    count = unit_count(tenant)
    response = client.post(CONFIRM, {"token": preview.context["token"]}, follow=True)
    assert "sudah kedaluwarsa" in response.content.decode()
    assert unit_count(tenant) == count


def test_the_preview_shows_each_row_and_its_parent(client_for, tenant, tree, admin):
    response = upload(
        client_for(admin),
        xlsx_file([["A", "Unit A", "unit-kerja", "ES1"], ["B", "Unit B", "upt", "A"]]),
    )
    body = response.content.decode()
    assert "Semua baris benar: 2 unit akan dibuat." in body
    assert "Ditjen Satu" in body
    assert "baru, baris 2" in body


def test_the_import_page_links_the_template(client_for, admin):
    body = client_for(admin).get(IMPORT).content.decode()
    assert reverse("units:import_template") in body
    assert 'enctype="multipart/form-data"' in body


def test_the_nav_shows_the_import_link_to_admins_only(client_for, admin, member):
    assert f'href="{IMPORT}"' in client_for(admin).get(reverse("units:tree")).content.decode()
    assert f'href="{IMPORT}"' not in client_for(member).get(reverse("units:tree")).content.decode()


def test_the_dry_run_query_budget_does_not_grow_with_the_rows(
    client_for, tenant, tree, admin, django_assert_max_num_queries
):
    client = client_for(admin)
    upload(client, xlsx_file([["A", "A", "upt", ""]]))
    small = xlsx_file([[f"A{i}", "A", "upt", "KW1"] for i in range(5)])
    with django_assert_max_num_queries(20) as captured:
        upload(client, small)
    large = xlsx_file([[f"A{i}", "A", "upt", "KW1"] for i in range(300)])
    with django_assert_max_num_queries(len(captured.captured_queries)):
        assert upload(client, large).context["dry_run"].is_valid


# --- access matrix ------------------------------------------------------------------


@pytest.mark.parametrize(("method", "url"), [("get", IMPORT), ("post", IMPORT), ("post", CONFIRM)])
def test_anonymous_is_sent_to_login(client, tree, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(("method", "url"), [("get", IMPORT), ("post", IMPORT), ("post", CONFIRM)])
def test_members_without_admin_role_get_403(client_for, tenant, member, no_role, method, url):
    count = unit_count(tenant)
    for user in (member, no_role):
        response = getattr(client_for(user), method)(
            url, {"file": xlsx_file([["A", "A", "upt", ""]])} if method == "post" else None
        )
        assert response.status_code == 403
    assert unit_count(tenant) == count


def test_an_admin_of_another_agency_imports_only_into_its_own(
    client_for, tenant, tree, other_tenant, other_admin
):
    count = unit_count(tenant)
    client = client_for(other_admin)
    response = upload(client, xlsx_file([["X", "X", "upt", "KW1"]]))
    assert [e.message for e in response.context["dry_run"].errors] == [
        'Unit induk "KW1" tidak ditemukan di berkas maupun di instansi ini.'
    ]
    # Codes are unique per agency: UPT1 exists in Alfa and is free in Beta.
    assert dry_run_and_confirm(client, xlsx_file([["UPT1", "UPT Beta", "upt", ""]])).status_code
    assert Unit.objects.get(tenant=other_tenant, code="UPT1").name == "UPT Beta"
    assert unit_count(tenant) == count


def test_a_delegated_admin_imports_below_its_kanwil_and_gets_row_errors_elsewhere(
    client_for, tenant, tree
):
    delegated = UserFactory()
    grant(delegated, tree["kanwil"], Role.ADMIN_INSTANSI)
    client = client_for(delegated)
    count = unit_count(tenant)
    response = upload(client, xlsx_file([["A", "A", "upt", "KW1"], ["B", "B", "upt", "ES1"]]))
    assert [(e.line, e.column) for e in response.context["dry_run"].errors] == [(3, "kode_induk")]
    assert unit_count(tenant) == count
    dry_run_and_confirm(client, xlsx_file([["A", "A", "upt", "KW1"], ["B", "B", "upt", "A"]]))
    assert parent_code(Unit.objects.get(tenant=tenant, code="B")) == "A"
    assert parent_code(Unit.objects.get(tenant=tenant, code="A")) == "KW1"


# --- round trip ---------------------------------------------------------------------


def tree_of(tenant):
    """(code, parent code or '' under the root, type, fields) of every non-root unit."""
    units = Unit.objects.filter(tenant=tenant).select_related("unit_type").order_by("path")
    by_path = {u.path: u for u in units}
    result = set()
    for u in units:
        if u.depth == 1:
            continue
        parent = by_path[u.path[:-4]]
        result.add(
            (
                u.code,
                "" if parent.depth == 1 else parent.code,
                u.unit_type.code,
                u.name,
                u.address,
                u.head_name,
                u.head_nip,
                u.head_title,
            )
        )
    return result


def test_export_then_import_into_another_agency_gives_the_same_tree(client_for, tree, admin):
    make_unit(
        tree["upt"],
        code="SAT-1",
        name='=Satker; dengan, tanda "kutip"',
        address="Jl. A\nBaris dua",
        head_name="Ani",
        head_nip=VALID_NIP,
        head_title="Kepala Satker",
    )
    exported = client_for(admin).get(EXPORT).content

    gamma = make_tenant(name="Kementerian Gamma", code="GAMMA")
    gamma_admin = UserFactory()
    grant(gamma_admin, root_of(gamma), Role.ADMIN_INSTANSI)
    client = client_for(gamma_admin)
    response = dry_run_and_confirm(client, SimpleUploadedFile("ekspor.xlsx", exported))
    assert response.status_code == 302
    assert tree_of(gamma) == tree_of(tree["root"].tenant)
    assert len(tree_of(gamma)) == 5
