"""Export of the unit tree to .xlsx and the blank import template (units:export,
units:import_template): admin only, the admin's own subtree, import-compatible columns."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.accounts.roles import Role
from apps.units.importing import COLUMNS, XLSX_MIME
from tests.factories import UserFactory, grant, make_unit

pytestmark = pytest.mark.django_db

EXPORT = reverse("units:export")
TEMPLATE = reverse("units:import_template")


def sheet_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_MIME
    assert "attachment;" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    return workbook.worksheets[0]


def rows_of(sheet):
    return [
        ["" if v is None else v for v in row]
        for row in sheet.iter_rows(min_row=2, values_only=True)
    ]


def test_it_exports_the_whole_agency_without_the_root_for_the_agency_admin(client_for, admin):
    sheet = sheet_of(client_for(admin).get(EXPORT))
    assert [c.value for c in sheet[1]] == COLUMNS
    assert rows_of(sheet) == [
        ["ES1", "Ditjen Satu", "eselon-1", "", "", "", "", ""],
        ["KW1", "Kanwil Satu", "unit-kerja", "ES1", "", "", "", ""],
        ["UPT1", "UPT Satu", "upt", "KW1", "", "", "", ""],
        ["UPT2", "UPT Dua", "upt", "KW1", "", "", "", ""],
    ]


def test_the_header_row_is_bold_and_columns_have_widths(client_for, admin):
    sheet = sheet_of(client_for(admin).get(EXPORT))
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["A"].width > 10
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width


def test_it_writes_the_head_of_unit_and_keeps_nip_as_text(client_for, admin, tree):
    make_unit(
        tree["kanwil"],
        code="UPT3",
        name="UPT Tiga",
        address="Jl. Merdeka 1",
        head_name="Budi",
        head_nip="198501012010011001",
        head_title="Kepala",
    )
    sheet = sheet_of(client_for(admin).get(EXPORT))
    assert rows_of(sheet)[-1] == [
        "UPT3",
        "UPT Tiga",
        "upt",
        "KW1",
        "Jl. Merdeka 1",
        "Budi",
        "198501012010011001",
        "Kepala",
    ]
    assert sheet.cell(row=len(rows_of(sheet)) + 1, column=7).data_type == "s"


def test_a_unit_name_that_looks_like_a_formula_stays_text(client_for, admin, tree):
    make_unit(tree["kanwil"], code="UPT9", name='=HYPERLINK("http://evil","klik")')
    sheet = sheet_of(client_for(admin).get(EXPORT))
    cell = sheet.cell(row=sheet.max_row, column=2)
    assert cell.data_type == "s"
    assert cell.quotePrefix  # Excel keeps it text even when the cell is edited
    assert cell.value.startswith("=HYPERLINK")


def test_a_delegated_admin_exports_only_its_subtree(client_for, tree):
    delegated = UserFactory()
    grant(delegated, tree["kanwil"], Role.ADMIN_INSTANSI)
    sheet = sheet_of(client_for(delegated).get(EXPORT))
    assert [r[:4] for r in rows_of(sheet)] == [
        ["KW1", "Kanwil Satu", "unit-kerja", "ES1"],
        ["UPT1", "UPT Satu", "upt", "KW1"],
        ["UPT2", "UPT Dua", "upt", "KW1"],
    ]


def test_the_admin_of_another_agency_exports_only_its_own_units(client_for, tree, other_admin):
    sheet = sheet_of(client_for(other_admin).get(EXPORT))
    assert [r[0] for r in rows_of(sheet)] == ["B-UPT"]


def test_the_export_lists_the_agency_unit_types_on_a_second_sheet(client_for, admin):
    response = client_for(admin).get(EXPORT)
    workbook = load_workbook(io.BytesIO(response.content))
    types = [row[0] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert types == ["instansi", "eselon-1", "unit-kerja", "upt"]


@pytest.mark.parametrize("url", [EXPORT, TEMPLATE])
def test_anonymous_is_sent_to_login(client, tree, url):
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("url", [EXPORT, TEMPLATE])
def test_a_member_without_admin_role_gets_403(client_for, member, verifier, url):
    assert client_for(member).get(url).status_code == 403
    assert client_for(verifier).get(url).status_code == 403


def test_the_export_query_budget_does_not_grow_with_the_units(
    client_for, admin, tree, django_assert_max_num_queries
):
    client = client_for(admin)
    client.get(EXPORT)  # warm per-process caches (content types, session)
    with django_assert_max_num_queries(12) as small:
        assert client.get(EXPORT).status_code == 200
    parent = tree["kanwil"]
    for n in range(40):
        parent = make_unit(parent if n % 10 == 0 else tree["kanwil"], code=f"X{n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(EXPORT)
    assert len(rows_of(sheet_of(response))) == 44


def test_the_template_has_the_import_columns_and_one_example_row(client_for, admin):
    sheet = sheet_of(client_for(admin).get(TEMPLATE))
    assert [c.value for c in sheet[1]] == COLUMNS
    rows = rows_of(sheet)
    assert len(rows) == 1
    assert rows[0][0] == "CONTOH-01"
    assert rows[0][2] == "eselon-1"
