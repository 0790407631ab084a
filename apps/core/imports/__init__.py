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

``spec.py`` holds the spec and the row error, ``flow.py`` the dry run, its stash and the
view steps; import them from here.

Exports write through ``core.spreadsheets`` (``append_row``/``write_cell``), which keeps
formula-like text as text.
"""

from .flow import DryRun, ImportFlowMixin, drop_dry_run, stash_dry_run, take_dry_run
from .spec import (
    CellError,
    Column,
    ImportFileError,
    ParsedTable,
    RowError,
    RowsInvalid,
    TableSpec,
    header_key,
    sort_errors,
)

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
    "drop_dry_run",
    "header_key",
    "sort_errors",
    "stash_dry_run",
    "take_dry_run",
]
