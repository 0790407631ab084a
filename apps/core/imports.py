"""One tabular import: a spec per import, one row error, one dry run → confirm flow.

Every spreadsheet import (units, staff roster, service users, work plan, LKE workbook)
follows the same steps:

1. ``TableSpec.read_upload(upload)``: the guarded reader of ``core.spreadsheets`` (size
   limit, content sniffing, zip-bomb guard, .xlsx and .csv) and the header row matched
   to the spec's columns (names and aliases); every cell goes through its column's
   parser, whose refusal becomes a ``RowError`` (row, column, Indonesian message).
2. The app's check turns the parsed rows into a ``DryRun``: every row, every error, and
   the preview table (headings from the spec).
3. ``ImportFlowMixin.dry_run_response()`` stashes a valid dry run in the session (one
   helper: ``stash_dry_run``/``take_dry_run``, bound to a token, the scope it was made
   for and a hash of the file and rows) and renders the one preview template,
   ``core/import_preview.html``.
4. ``ImportFlowMixin.confirm_response()`` refuses a missing, stale or tampered stash and
   hands the rows to the app's service, which checks them again and writes all rows or
   none in one transaction (``RowsInvalid`` otherwise).

Exports write through ``core.spreadsheets`` (``append_row``/``write_cell``), which keeps
formula-like text as text.
"""

import hashlib
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .spreadsheets import SpreadsheetError, cell_text, read_table, read_upload

__all__ = [
    "CellError",
    "Column",
    "DryRun",
    "ImportFileError",
    "ImportFlowMixin",
    "ParsedTable",
    "RowError",
    "RowsInvalid",
    "TableSpec",
    "header_key",
    "stash_dry_run",
    "take_dry_run",
]

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


# --- The dry run and its stash ---------------------------------------------------------


@dataclass
class DryRun:
    """What importing a file would do: the rows to stash (JSON-able dicts), every error,
    and the preview table (one list of cells per row, under ``headings``)."""

    rows: list[dict]
    errors: list[RowError]
    headings: list[str] = field(default_factory=list)
    table: list[list] = field(default_factory=list)
    summary: str = ""  # what confirming will do, shown when the file is valid
    row_count: int = 0
    # Set when the valid file would change nothing: shown instead of the confirm form.
    unchanged: str = ""
    # Kept with the rows for the confirm step (e.g. the versions the dry run saw).
    extra: dict = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _digest(value) -> str:
    text = value if isinstance(value, bytes) else json.dumps(value, sort_keys=True).encode()
    return hashlib.sha256(text).hexdigest()


def stash_dry_run(
    request, key: str, *, scope: dict, filename: str, rows: list[dict], extra: dict | None = None
) -> str:
    """Keep a valid dry run's rows in the (server-side) session until it is confirmed;
    the token returned goes into the preview's confirm form."""
    token = secrets.token_urlsafe(16)
    request.session[key] = {
        "token": token,
        "scope": scope,
        "filename": filename,
        "rows": rows,
        "extra": extra or {},
        "digest": _digest([scope, rows, extra or {}]),
    }
    return token


def take_dry_run(request, key: str, *, token: str, scope: dict) -> dict | None:
    """The stash ``token`` names, made for ``scope`` (tenant, unit, cycle…) and unchanged
    since, or None. The stash is kept: the service may refuse and the page be shown
    again; ``drop_dry_run`` removes it."""
    stored = request.session.get(key)
    if (
        not isinstance(stored, dict)
        or not secrets.compare_digest(str(stored.get("token", "")), str(token or ""))
        or stored.get("scope") != scope
        or stored.get("digest")
        != _digest([stored.get("scope"), stored.get("rows"), stored.get("extra")])
    ):
        return None
    return stored


def drop_dry_run(request, key: str) -> None:
    request.session.pop(key, None)


# --- The two steps, for views ----------------------------------------------------------


class ImportFlowMixin:
    """The upload → dry run → confirm steps of an import view.

    A view sets ``session_key`` and ``form_class`` and implements ``import_scope()``,
    ``preview_context()`` (titles, links and texts of ``core/import_preview.html``),
    ``check(parsed, upload)`` → ``DryRun`` and ``apply(rows)`` → response (calls the
    service; raises ``RowsInvalid`` to write nothing and show the errors; the stash is
    ``self.stored``, its ``extra`` what the dry run kept besides the rows).
    """

    session_key: str
    form_class = None
    spec: TableSpec
    preview_template = "core/import_preview.html"
    # Set by ``apply`` when its refusal may be retried with the same dry run (a move not
    # yet accepted, a concurrent writer): the stash is then kept.
    keep_dry_run = False

    def import_scope(self) -> dict:
        return {"tenant": self.request.tenant.pk}

    def preview_context(self) -> dict:
        raise NotImplementedError

    def check(self, parsed: ParsedTable, upload) -> DryRun:
        raise NotImplementedError

    def apply(self, rows: list[dict]):
        raise NotImplementedError

    def read(self, upload) -> ParsedTable:
        return self.spec.read_upload(upload)

    def upload_failed(self, form):
        """The upload page again, with ``form``'s errors (status 400)."""
        raise NotImplementedError

    def render_preview(self, dry_run: DryRun, *, filename: str, status=200, **extra):
        context = {
            **self.preview_context(),
            "dry_run": dry_run,
            "errors": dry_run.errors,
            "filename": filename,
            "form": self.form_class(),
            **extra,
        }
        return render(self.request, self.preview_template, context, status=status)

    def dry_run_response(self):
        """Step 1: check the uploaded file; stash it if every row is right."""
        request = self.request
        drop_dry_run(request, self.session_key)
        form = self.form_class(request.POST, request.FILES)
        if not form.is_valid():
            return self.upload_failed(form)
        upload = form.cleaned_data["file"]
        try:
            parsed = self.read(upload)
        except ImportFileError as exc:
            form.add_error("file", exc.message)
            form.fields["file"].widget.attrs.update(
                {"class": "form-control is-invalid", "aria-invalid": "true"}
            )
            return self.upload_failed(form)
        dry_run = self.check(parsed, upload)
        dry_run.row_count = dry_run.row_count or len(parsed.rows)
        if not dry_run.is_valid:
            return self.render_preview(dry_run, filename=upload.name, status=400)
        if dry_run.unchanged:
            return self.render_preview(dry_run, filename=upload.name)
        token = stash_dry_run(
            request,
            self.session_key,
            scope=self.import_scope(),
            filename=upload.name,
            rows=dry_run.rows,
            extra=dry_run.extra,
        )
        return self.render_preview(dry_run, filename=upload.name, token=token)

    def confirm_response(self):
        """Step 2: apply the stashed rows, all or none."""
        request = self.request
        stored = take_dry_run(
            request,
            self.session_key,
            token=request.POST.get("token", ""),
            scope=self.import_scope(),
        )
        if stored is None:
            messages.error(
                request,
                _("Data impor tidak ditemukan atau sudah kedaluwarsa. Unggah ulang berkas."),
            )
            return redirect(self.preview_context()["upload_url"])
        self.stored = stored
        try:
            response = self.apply(stored["rows"])
        except RowsInvalid as exc:
            drop_dry_run(request, self.session_key)
            dry_run = DryRun(rows=[], errors=exc.row_errors, row_count=len(stored["rows"]))
            return self.render_preview(
                dry_run, filename=stored.get("filename", ""), status=400, changed_since_dry_run=True
            )
        if not self.keep_dry_run:
            drop_dry_run(request, self.session_key)
        return response
