"""Reading an uploaded .xlsx or .csv into rows: pure, no database.

The format is told by the content, not the file name; anything else is refused with a
message for the user (``ImportFileError``), never an exception that becomes a 500.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from apps.core.nip import normalise_nip
from apps.core.spreadsheets import cell_text, normalize_header, read_table

from .rows import (
    COLUMNS,
    REQUIRED_HEADERS,
    ImportFileError,
    ImportRow,
    ParsedFile,
    RowError,
)


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
    return _rows_from_table(read_table(data))


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
        texts = {col: cell_text(v) for col, v in cells.items()}
        if "nip_pimpinan" in texts:
            texts["nip_pimpinan"] = normalise_nip(texts["nip_pimpinan"])
        rows.append(ImportRow(line=line, **texts))
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
