"""Spreadsheets: reading an uploaded .xlsx or .csv into rows of cell values, and the one
writer every .xlsx export uses. No database.

Reading is shared by every import (units, staff roster, service users, work plan, LKE
workbook), through the specs of ``core.imports``. The format is told by the content, not
the file name; the size is limited, a zip that unpacks too large is refused before
openpyxl opens it; a file that cannot be read is refused with a message for the user
(``SpreadsheetError``), never an exception that becomes a 500.

Writing: every export builds its workbook with ``new_workbook()``, fills it with
``append_row()``/``write_cell()``, serialises it with ``workbook_bytes()`` and sends it
with ``xlsx_response()``, so that
text a person typed ("=HYPERLINK(…)", "+62…", "@SUM(…)") is stored as text and never
becomes a live formula (formula/CSV injection). What it writes reads back unchanged.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Wider sheets are cut: no import has more columns, and a sheet of 16 384 columns would
# otherwise be read cell by cell.
MAX_COLUMNS = 50
# A zip that unpacks to more than this is refused before openpyxl opens it (zip bombs).
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024


class SpreadsheetError(Exception):
    """The whole file is refused (format, size, header); the message is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def cell_text(value) -> str:
    """A cell as the text a person typed: 12.0 → "12", dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


# Files people upload by mistake, told by their first bytes (after spaces, lower case).
_OTHER_FORMATS = (
    (b"%pdf", _lazy("berkas PDF")),
    (b"\x89png", _lazy("gambar PNG")),
    (b"\xff\xd8\xff", _lazy("gambar JPEG")),
    (b"gif8", _lazy("gambar GIF")),
    (b"{\\rtf", _lazy("dokumen RTF")),
    (b"<!doctype", _lazy("halaman HTML")),
    (b"<html", _lazy("halaman HTML")),
    (b"<?xml", _lazy("berkas XML")),
)


def not_a_spreadsheet(kind: str = "") -> str:
    """The refusal of a file that is not a spreadsheet at all, naming what it is."""
    if kind:
        return _(
            "Berkas ini bukan berkas Excel/CSV yang valid, melainkan %(kind)s. Berkas harus "
            "berformat .xlsx atau .csv."
        ) % {"kind": kind}
    return _(
        "Berkas ini bukan berkas Excel/CSV yang valid. Berkas harus berformat .xlsx atau .csv."
    )


def read_upload(uploaded) -> bytes:
    """The bytes of an uploaded file, refused past ``settings.IMPORT_MAX_BYTES``."""
    limit = settings.IMPORT_MAX_BYTES
    too_large = _("Berkas terlalu besar: maksimal %(mb)s MB.") % {"mb": f"{limit / 1048576:g}"}
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        raise SpreadsheetError(too_large)
    uploaded.seek(0)
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise SpreadsheetError(too_large)
    return data


def read_table(data: bytes, *, xlsx_only: str = "", sheet: str = "") -> Iterator[list]:
    """The rows of the first sheet (or of ``sheet``) of an .xlsx, or of a .csv (``;``,
    ``,`` or tab). ``xlsx_only``: the message refusing anything but an .xlsx."""
    if not data.strip():
        raise SpreadsheetError(_("Berkas kosong."))
    if xlsx_only and not data.startswith(b"PK\x03\x04"):
        raise SpreadsheetError(xlsx_only)
    head = data[:16].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for signature, kind in _OTHER_FORMATS:
        if head.startswith(signature):
            raise SpreadsheetError(not_a_spreadsheet(str(kind)))
    if data.startswith(b"PK\x03\x04"):
        return xlsx_table(data, sheet=sheet)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError(
            _(
                "Berkas Excel lama (.xls) tidak didukung. Berkas yang dilindungi kata sandi "
                "juga tidak. Simpan ulang sebagai .xlsx tanpa kata sandi."
            )
        )
    return csv_table(data)


def xlsx_table(data: bytes, *, sheet: str = "") -> Iterator[list]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SpreadsheetError(_corrupt_xlsx()) from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise SpreadsheetError(_("Isi berkas Excel terlalu besar setelah diekstrak."))
    if not any(n.startswith("xl/") for n in names):  # Word, PowerPoint, an ordinary zip
        kind = (
            _("dokumen Word")
            if any(n.startswith("word/") for n in names)
            else _("presentasi PowerPoint")
            if any(n.startswith("ppt/") for n in names)
            else _("arsip ZIP")
        )
        raise SpreadsheetError(not_a_spreadsheet(kind))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises a zoo of types on foreign or broken zips
        raise SpreadsheetError(_corrupt_xlsx()) from None
    return _sheet_rows(workbook, sheet)


def _sheet_rows(workbook, name: str = "") -> Iterator[list]:
    try:
        if not workbook.worksheets:
            raise SpreadsheetError(_("Berkas kosong."))
        if name and name not in workbook.sheetnames:
            raise SpreadsheetError(
                _("Lembar “%(sheet)s” tidak ditemukan; pakai berkas hasil Unduh Excel.")
                % {"sheet": name}
            )
        sheet = workbook[name] if name else workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers store a wrong sheet size
        # Under the same guard: broken XML can surface while iterating.
        yield from (
            list(values) for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        )
    except SpreadsheetError:
        raise
    except Exception:
        raise SpreadsheetError(_corrupt_xlsx()) from None
    finally:
        workbook.close()


def _corrupt_xlsx() -> str:
    return _(
        "Berkas bukan .xlsx yang valid atau rusak. Simpan ulang dari Excel "
        "(Simpan Sebagai → Buku Kerja Excel .xlsx) lalu coba lagi."
    )


def csv_table(data: bytes) -> Iterator[list]:
    if b"\x00" in data:
        raise SpreadsheetError(not_a_spreadsheet())
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV (Comma delimited)" saves in the Windows code page.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            if _looks_binary(data):
                raise SpreadsheetError(not_a_spreadsheet()) from None
            raise SpreadsheetError(
                _("Berkas CSV tidak dapat dibaca: simpan dengan enkode UTF-8.")
            ) from None
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text[:4096]):
        raise SpreadsheetError(not_a_spreadsheet())
    return _csv_rows(text)


def _looks_binary(data: bytes) -> bool:
    """Text in any encoding is mostly ASCII; a binary file is not."""
    sample = data[:4096]
    return sum(byte >= 0x80 for byte in sample) > len(sample) // 4


def _csv_rows(text: str) -> Iterator[list]:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";,\t", key=first_line.count)
    if not first_line.count(delimiter):
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        raise SpreadsheetError(
            _("Berkas CSV tidak dapat dibaca pada baris %(line)s: %(error)s")
            % {"line": reader.line_num, "error": exc}
        ) from None


# --- Writing ---------------------------------------------------------------------------

# What spreadsheet programs may read as the start of a formula (OWASP "CSV injection"):
# "=", "+", "-", "@", and tab/CR that some programs skip before looking for one.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value) -> bool:
    """True for text a spreadsheet could evaluate; numbers are never formula-like."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def safe_cell(cell: Cell) -> Cell:
    """Make ``cell`` keep its text as text: a string cell (openpyxl would store "=…" as a
    formula) with Excel's quote prefix, so that editing the cell keeps it text too. The
    value itself is not changed, so the import reads back exactly what was exported."""
    if formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def new_workbook(*, write_only: bool = False) -> Workbook:
    """A workbook to fill. ``write_only``: rows are streamed out as they are appended
    (``stream_row``), for exports of thousands of rows; nothing can be read back."""
    return Workbook(write_only=write_only)


def stream_row(sheet, values, *, text_columns=(), font=None) -> None:
    """``append_row`` for a write-only sheet: formula-like text kept as text, the
    columns ``text_columns`` (0-based) formatted as text ("@": codes like 001, NIPs),
    ``font`` on every cell (a header)."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for column, value in enumerate(values):
        # A plain value where nothing is to be set on its cell: openpyxl writes it as it
        # is, while a cell object costs it a failed conversion first (an export of 2 000
        # units wrote 16 000 of them, most of its time).
        if column not in text_columns and font is None and not formula_like(value):
            cells.append(value)
            continue
        cell = WriteOnlyCell(sheet, value=value)
        safe_cell(cell)
        if column in text_columns:
            cell.number_format = "@"
        if font is not None:
            cell.font = font
        cells.append(cell)
    sheet.append(cells)


def write_cell(sheet: Worksheet, row: int, column: int, value) -> Cell:
    """``sheet.cell(row, column, value)`` with formula-like text kept as text."""
    return safe_cell(sheet.cell(row=row, column=column, value=value))


def append_row(sheet: Worksheet, values) -> None:
    """``sheet.append(values)`` with formula-like text kept as text."""
    values = list(values)
    sheet.append(values)
    if not values:
        return
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if formula_like(value):
            safe_cell(sheet.cell(row=row, column=column))


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A download of an .xlsx written by ``workbook_bytes`` (never cached: it holds the
    agency's data)."""
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
