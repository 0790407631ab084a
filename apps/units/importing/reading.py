"""Reading an uploaded .xlsx or .csv into rows: pure, no database.

The format is told by the content, not the file name; anything else is refused with a
message for the user (``ImportFileError``), never an exception that becomes a 500.
"""

import csv
import datetime
import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .rows import (
    COLUMNS,
    MAX_HEADER_COLUMNS,
    MAX_UNZIPPED_BYTES,
    REQUIRED_HEADERS,
    ImportFileError,
    ImportRow,
    ParsedFile,
    RowError,
)


def normalize_header(value) -> str:
    text = str(value or "").strip().lower()
    return "_".join(text.replace("-", " ").replace("_", " ").split())


def _cell_text(value) -> str:
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


def _max_mb() -> str:
    return f"{settings.IMPORT_MAX_BYTES / (1024 * 1024):g}"


def read_import_file(uploaded) -> ParsedFile:
    """Rows of an uploaded .xlsx or .csv (detected by content, not by name)."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(_("Berkas terlalu besar: maksimal %(mb)s MB.") % {"mb": _max_mb()})
    uploaded.seek(0)
    data = uploaded.read(settings.IMPORT_MAX_BYTES + 1)
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(_("Berkas terlalu besar: maksimal %(mb)s MB.") % {"mb": _max_mb()})
    return parse_bytes(data)


def parse_bytes(data: bytes) -> ParsedFile:
    if not data.strip():
        raise ImportFileError(_("Berkas kosong."))
    if data.startswith(b"PK\x03\x04"):
        table = _xlsx_table(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _(
                "Berkas Excel lama (.xls) atau berkas yang dilindungi kata sandi tidak "
                "didukung. Simpan ulang sebagai .xlsx tanpa kata sandi."
            )
        )
    else:
        table = _csv_table(data)
    return _rows_from_table(table)


def _xlsx_table(data: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(_corrupt_xlsx()) from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise ImportFileError(_("Isi berkas Excel terlalu besar setelah diekstrak."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises a zoo of types on foreign or broken zips
        raise ImportFileError(_corrupt_xlsx()) from None
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("Berkas kosong."))
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers store a wrong sheet size
        # Materialise under the same guard: broken XML can surface while iterating.
        yield from (
            list(values) for values in sheet.iter_rows(values_only=True, max_col=MAX_HEADER_COLUMNS)
        )
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError(_corrupt_xlsx()) from None
    finally:
        workbook.close()


def _corrupt_xlsx() -> str:
    return _(
        "Berkas bukan .xlsx yang valid atau rusak. Simpan ulang dari Excel "
        "(Simpan Sebagai → Buku Kerja Excel .xlsx) lalu coba lagi."
    )


def _csv_table(data: bytes):
    if b"\x00" in data:
        raise ImportFileError(_("Berkas harus berformat .xlsx atau .csv."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV (Comma delimited)" saves in the Windows code page.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFileError(
                _("Berkas CSV tidak dapat dibaca: simpan dengan enkode UTF-8.")
            ) from None
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text[:4096]):
        raise ImportFileError(_("Berkas harus berformat .xlsx atau .csv."))
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";,\t", key=first_line.count)
    if not first_line.count(delimiter):
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        raise ImportFileError(
            _("Berkas CSV tidak dapat dibaca pada baris %(line)s: %(error)s")
            % {"line": reader.line_num, "error": exc}
        ) from None


def _rows_from_table(table) -> ParsedFile:
    max_rows = settings.IMPORT_MAX_ROWS
    scan_limit = max_rows * 20 + 1000
    header: dict[str, int] | None = None
    rows: list[ImportRow] = []
    errors: list[RowError] = []
    for line, values in enumerate(table, start=1):
        if line > scan_limit:
            break
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        if header is None:
            header = _read_header(values)
            continue
        if len(rows) >= max_rows:
            raise ImportFileError(
                _(
                    "Berkas berisi lebih dari %(max)s baris data. Bagi menjadi beberapa "
                    "berkas lalu impor satu per satu."
                )
                % {"max": max_rows}
            )
        cells = {col: (values[i] if i < len(values) else None) for col, i in header.items()}
        nip = cells.get("nip_pimpinan")
        if isinstance(nip, int | float) and not isinstance(nip, bool):
            errors.append(
                RowError(
                    line,
                    "nip_pimpinan",
                    _(
                        "NIP tersimpan sebagai angka sehingga digit terakhirnya hilang. "
                        "Ubah format sel menjadi Teks lalu ketik ulang NIP."
                    ),
                )
            )
            cells["nip_pimpinan"] = None
        rows.append(ImportRow(line=line, **{col: _cell_text(v) for col, v in cells.items()}))
    if header is None:
        raise ImportFileError(_("Berkas kosong."))
    if not rows:
        raise ImportFileError(_("Berkas tidak berisi baris data di bawah baris judul kolom."))
    return ParsedFile(rows=rows, errors=errors)


def _read_header(values) -> dict[str, int]:
    header: dict[str, int] = {}
    for index, value in enumerate(values):
        name = normalize_header(value)
        if name not in COLUMNS:
            continue  # extra columns (notes, numbering) are ignored
        if name in header:
            raise ImportFileError(
                _("Kolom %(col)s muncul lebih dari sekali di baris judul.") % {"col": name}
            )
        header[name] = index
    missing = [c for c in REQUIRED_HEADERS if c not in header]
    if missing:
        raise ImportFileError(
            _(
                "Kolom wajib tidak ada di baris judul: %(missing)s. Baris pertama berkas harus "
                "berisi judul kolom: %(columns)s."
            )
            % {"missing": ", ".join(missing), "columns": ", ".join(COLUMNS)}
        )
    return header
