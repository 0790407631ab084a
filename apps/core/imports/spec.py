"""A spec per import: its columns (names, aliases, parsers), the header matched to them,
and one row error. Pure, no database."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..spreadsheets import SpreadsheetError, cell_text, read_table, read_upload

# The whole file is refused (format, size, header); the message is for the user.
ImportFileError = SpreadsheetError


@dataclass(frozen=True)
class RowError:
    """One problem of one row: the row number as Excel shows it, the column, a message."""

    line: int
    column: str
    message: str


class RowsInvalid(ValidationError):
    """Raised by an import service when checking the rows again finds errors: nothing
    was written."""

    def __init__(self, errors: list[RowError]):
        super().__init__([f"{_('Baris')} {e.line} ({e.column}): {e.message}" for e in errors])
        self.row_errors = list(errors)


class CellError(ValueError):
    """A column parser's refusal of one cell."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def header_key(value) -> str:
    """ "Kode Induk", "kode-induk", "KODE_INDUK" → ``kode_induk``; "No. Telp./WA" →
    ``no_telp_wa``."""
    return re.sub(r"[^a-z0-9]+", "_", str(value or "").strip().lower()).strip("_")


@dataclass(frozen=True)
class Column:
    """One column of an import file.

    ``name``: the header as normalised by ``header_key``; ``label``: how messages and the
    preview name it (the name by default); ``field``: the key of the parsed value (the
    name by default); ``aliases``: other headers read as this column; ``required``: the
    header must be present; ``parse``: raw cell → value, raising ``CellError`` or
    ``ValidationError`` (the cell's text by default).
    """

    name: str
    label: str = ""
    field: str = ""
    aliases: tuple[str, ...] = ()
    required: bool = False
    parse: Callable | None = None

    @property
    def heading(self) -> str:
        return self.label or self.name

    @property
    def key(self) -> str:
        return self.field or self.name

    def value(self, raw):
        return self.parse(raw) if self.parse else cell_text(raw)


@dataclass
class ParsedTable:
    """The data rows of a file: ``{"line": n, <field>: value, …}`` for every non-empty
    row, and the errors the column parsers found (that cell's value is then empty)."""

    rows: list[dict]
    errors: list[RowError] = field(default_factory=list)

    @property
    def bad_lines(self) -> set[int]:
        return {e.line for e in self.errors}


@dataclass(frozen=True)
class TableSpec:
    """What one import reads: its columns and the whole-file rules."""

    columns: tuple[Column, ...]
    # A rule over the set of header names present (e.g. "telepon or email").
    header_check: Callable[[set[str]], None] | None = None
    # Only .xlsx is read; the message refusing anything else.
    xlsx_only: str = ""
    sheet: str = ""  # the sheet to read (the first one by default)
    max_rows: int | None = None  # settings.IMPORT_MAX_ROWS by default
    # The header row is the first non-empty row, or (``header_search`` > 0) the first of
    # that many rows that holds every required column, below a title (LKE workbook).
    header_search: int = 0

    @property
    def headings(self) -> list[str]:
        return [c.heading for c in self.columns]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key or c.name == key)

    def read_upload(self, uploaded) -> ParsedTable:
        return self.read(read_upload(uploaded))

    def read(self, data: bytes) -> ParsedTable:
        table = read_table(data, xlsx_only=self.xlsx_only, sheet=self.sheet)
        return self.rows_of(table)

    def rows_of(self, table) -> ParsedTable:
        max_rows = self.max_rows or settings.IMPORT_MAX_ROWS
        scan_limit = max_rows * 20 + 1000  # blank rows formatted down to row 1 048 576
        header: dict[Column, int] | None = None
        line_seen = False
        parsed = ParsedTable(rows=[])
        for line, values in enumerate(table, start=1):
            if line > scan_limit:
                break
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            line_seen = True
            if header is None:
                if self.header_search and not self._holds_required(values):
                    if line >= self.header_search:
                        raise ImportFileError(
                            _("Baris judul kolom (%(cols)s) tidak ditemukan.")
                            % {"cols": ", ".join(self.headings)}
                        )
                    continue
                header = self._header(values)
                continue
            if len(parsed.rows) >= max_rows:
                raise ImportFileError(
                    _(
                        "Berkas berisi lebih dari %(max)s baris data. Bagi menjadi beberapa "
                        "berkas lalu impor satu per satu."
                    )
                    % {"max": max_rows}
                )
            row: dict = {"line": line}
            for column in self.columns:
                index = header.get(column)
                raw = values[index] if index is not None and index < len(values) else None
                try:
                    row[column.key] = column.value(raw)
                except CellError as exc:
                    parsed.errors.append(RowError(line, column.heading, exc.message))
                    row[column.key] = ""
                except ValidationError as exc:
                    parsed.errors.append(RowError(line, column.heading, " ".join(exc.messages)))
                    row[column.key] = ""
            parsed.rows.append(row)
        if header is None and self.header_search and line_seen:
            raise ImportFileError(
                _("Baris judul kolom (%(cols)s) tidak ditemukan.")
                % {"cols": ", ".join(self.headings)}
            )
        if header is None:
            raise ImportFileError(_("Berkas kosong."))
        if not parsed.rows:
            raise ImportFileError(_("Berkas tidak berisi baris data di bawah baris judul kolom."))
        return parsed

    def _names(self) -> dict[str, Column]:
        names: dict[str, Column] = {}
        for column in self.columns:
            for name in (column.name, *column.aliases):
                names[header_key(name)] = column
        return names

    def _holds_required(self, values) -> bool:
        names = self._names()
        present = {names.get(header_key(v)) for v in values}
        return all(c in present for c in self.columns if c.required)

    def _header(self, values) -> dict[Column, int]:
        names = self._names()
        header: dict[Column, int] = {}
        for index, value in enumerate(values):
            column = names.get(header_key(value))
            if column is None:
                continue  # extra columns (notes, numbering) are ignored
            if column in header:
                raise ImportFileError(
                    _("Kolom %(col)s muncul lebih dari sekali di baris judul.")
                    % {"col": column.heading}
                )
            header[column] = index
        missing = [c.heading for c in self.columns if c.required and c not in header]
        if missing:
            raise ImportFileError(
                _(
                    "Kolom wajib tidak ada di baris judul: %(missing)s. Baris pertama berkas "
                    "harus berisi judul kolom: %(columns)s."
                )
                % {"missing": ", ".join(missing), "columns": ", ".join(self.headings)}
            )
        if self.header_check:
            self.header_check({c.name for c in header})
        return header


def sort_errors(errors, order: list[str]) -> list[RowError]:
    """Errors by row, then by the column's place in the file."""
    return sorted(
        errors, key=lambda e: (e.line, order.index(e.column) if e.column in order else len(order))
    )
