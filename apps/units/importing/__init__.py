"""The unit-tree spreadsheet (.xlsx/.csv): reading an import file, checking it row by
row (the dry run), and writing the same columns back out (export and blank template).

Nothing here writes to the database; ``services.unit_import`` does, after running the
same checks again.
"""

from apps.core.imports import ImportFileError, RowsInvalid

from .checking import check_file, plan_import
from .reading import SPEC, parse_bytes, read_import_file
from .rows import (
    COLUMNS,
    IMPORT_COLUMN_FIELDS,
    XLSX_MIME,
    ImportPlan,
    ImportRow,
    ParsedFile,
    PlannedUnit,
    RowError,
)
from .workbook import export_rows, export_workbook, template_workbook

__all__ = [
    "COLUMNS",
    "IMPORT_COLUMN_FIELDS",
    "SPEC",
    "XLSX_MIME",
    "ImportFileError",
    "ImportPlan",
    "ImportRow",
    "ParsedFile",
    "PlannedUnit",
    "RowError",
    "RowsInvalid",
    "check_file",
    "export_rows",
    "export_workbook",
    "parse_bytes",
    "plan_import",
    "read_import_file",
    "template_workbook",
]
