"""The one .xlsx writer (apps.core.spreadsheets): text a person typed that a spreadsheet
program could evaluate ("=…", "+…", "-…", "@…", tab, CR) is written as text with the
quote prefix, numbers stay numbers, and the readers get back exactly what was written.
Every export builds its workbook through it."""

import io
import pathlib
import re

import pytest
from openpyxl import load_workbook

from apps.core.spreadsheets import (
    append_row,
    formula_like,
    new_workbook,
    read_table,
    workbook_bytes,
    write_cell,
)

APPS = pathlib.Path(__file__).resolve().parents[2] / "apps"

DANGEROUS = [
    "=1+1",
    '=HYPERLINK("http://evil.example","klik")',
    "+62 812 3456",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_like_text_is_written_as_text_with_the_quote_prefix(text):
    book = new_workbook()
    append_row(book.active, ["Kode", text, 42, 3.5, None])
    sheet = load_workbook(io.BytesIO(workbook_bytes(book))).active
    cell = sheet["B1"]
    # openpyxl writes through lxml (installed with python-docx), which keeps a lone CR as
    # a character reference: the text reads back exactly as written.
    assert cell.value == text
    assert cell.data_type == "s" and cell.quotePrefix
    assert (sheet["C1"].value, sheet["C1"].data_type) == (42, "n")
    assert (sheet["D1"].value, sheet["D1"].data_type) == (3.5, "n")
    assert not sheet["A1"].quotePrefix  # ordinary text is left alone


def test_write_cell_protects_a_single_cell():
    book = new_workbook()
    write_cell(book.active, 3, 2, "=cmd|' /C calc'!A0")
    sheet = load_workbook(io.BytesIO(workbook_bytes(book))).active
    assert sheet["B3"].data_type == "s" and sheet["B3"].value == "=cmd|' /C calc'!A0"


def test_no_formula_element_reaches_the_file():
    book = new_workbook()
    append_row(book.active, DANGEROUS)
    raw = workbook_bytes(book)
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(raw)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def test_the_shared_reader_reads_back_what_the_writer_wrote():
    book = new_workbook()
    append_row(book.active, ["kode", "nama"])
    append_row(book.active, ["=1+1", "@x"])
    rows = list(read_table(workbook_bytes(book)))
    assert rows[1][:2] == ["=1+1", "@x"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=a", True), ("-", True), ("a=b", False), ("", False), (-5, False), (None, False)],
)
def test_formula_like(value, expected):
    assert formula_like(value) is expected


def test_every_export_builds_its_workbook_with_the_one_writer():
    """openpyxl's Workbook() and sheet.append() outside apps/core/spreadsheets.py would
    bypass the escaping; a new export has to use new_workbook()/append_row()."""
    offenders = []
    for path in APPS.rglob("*.py"):
        if path.name == "spreadsheets.py" and path.parent.name == "core":
            continue
        text = path.read_text()
        if re.search(r"\bWorkbook\(\)|\bsheet\.append\(|\bsummary\.append\(|csv\.writer\(", text):
            offenders.append(str(path.relative_to(APPS)))
    assert offenders == []


@pytest.mark.parametrize("module", ["apps.declaration.importing", "apps.identification.importing"])
def test_the_import_templates_hold_no_formula(module):
    import importlib

    content = importlib.import_module(module).template_workbook()
    sheet = load_workbook(io.BytesIO(content)).active
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
