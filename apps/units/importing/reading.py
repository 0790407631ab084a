"""Reading an uploaded .xlsx or .csv into unit rows: the unit import's ``TableSpec`` over
the shared reader (``core.imports``). Pure, no database."""

from django.utils.translation import gettext as _

from apps.core.imports import CellError, Column, TableSpec
from apps.core.nip import normalise_nip
from apps.core.spreadsheets import cell_text

from .rows import COLUMNS, REQUIRED_HEADERS, ImportRow, ParsedFile


def _nip(value) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(
            _(
                "NIP tersimpan sebagai angka sehingga digit terakhirnya hilang. "
                "Ubah format sel menjadi Teks lalu ketik ulang NIP."
            )
        )
    return normalise_nip(cell_text(value))


SPEC = TableSpec(
    columns=tuple(
        Column(
            name, required=name in REQUIRED_HEADERS, parse=_nip if name == "nip_pimpinan" else None
        )
        for name in COLUMNS
    )
)


def read_import_file(uploaded) -> ParsedFile:
    """Rows of an uploaded .xlsx or .csv (detected by content, not by name)."""
    return _parsed(SPEC.read_upload(uploaded))


def parse_bytes(data: bytes) -> ParsedFile:
    return _parsed(SPEC.read(data))


def _parsed(table) -> ParsedFile:
    return ParsedFile(rows=[ImportRow(**row) for row in table.rows], errors=table.errors)
