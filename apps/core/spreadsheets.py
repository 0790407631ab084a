"""Reading an uploaded .xlsx or .csv into rows of cell values: pure, no database.

Shared by every import (units, staff rosters, service users). The format is told by the
content, not the file name; a file that cannot be read is refused with a message for the
user (``SpreadsheetError``), never an exception that becomes a 500.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext as _
from openpyxl import load_workbook

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


def normalize_header(value) -> str:
    """ "Kode Induk", "kode-induk" and "KODE_INDUK" all read as ``kode_induk``."""
    text = str(value or "").strip().lower()
    return "_".join(text.replace("-", " ").replace("_", " ").split())


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


def read_table(data: bytes) -> Iterator[list]:
    """The rows of the first sheet of an .xlsx, or of a .csv (``;``, ``,`` or tab)."""
    if not data.strip():
        raise SpreadsheetError(_("Berkas kosong."))
    if data.startswith(b"PK\x03\x04"):
        return xlsx_table(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError(
            _(
                "Berkas Excel lama (.xls) tidak didukung. Berkas yang dilindungi kata sandi "
                "juga tidak. Simpan ulang sebagai .xlsx tanpa kata sandi."
            )
        )
    return csv_table(data)


def xlsx_table(data: bytes) -> Iterator[list]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SpreadsheetError(_corrupt_xlsx()) from None
    if not any(name.endswith("workbook.xml") for name in names):
        # A zip, but a Word document, a presentation or an archive: not a workbook.
        raise SpreadsheetError(not_a_spreadsheet())
    if unzipped > MAX_UNZIPPED_BYTES:
        raise SpreadsheetError(_("Isi berkas Excel terlalu besar setelah diekstrak."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises a zoo of types on foreign or broken zips
        raise SpreadsheetError(_corrupt_xlsx()) from None
    return _sheet_rows(workbook)


def _sheet_rows(workbook) -> Iterator[list]:
    try:
        if not workbook.worksheets:
            raise SpreadsheetError(_("Berkas kosong."))
        sheet = workbook.worksheets[0]
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


def not_a_spreadsheet() -> str:
    """The refusal of a file that is no spreadsheet at all (PDF, image, Word …)."""
    return _(
        "Berkas ini bukan berkas Excel/CSV yang valid. Unggah berkas .xlsx atau .csv "
        "(di Excel: Simpan Sebagai → Buku Kerja Excel .xlsx atau CSV)."
    )


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
            raise SpreadsheetError(
                _("Berkas CSV tidak dapat dibaca: simpan dengan enkode UTF-8.")
            ) from None
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text[:4096]):
        raise SpreadsheetError(not_a_spreadsheet())
    return _csv_rows(text)


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
