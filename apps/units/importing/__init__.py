"""The unit-tree spreadsheet (.xlsx/.csv): reading an import file, checking it row by
row (the dry run), and writing the same columns back out (export and blank template).

Nothing here writes to the database; ``services.unit_import`` does, after running the
same checks again.
"""

from .checking import check_file, plan_import
from .reading import normalize_header, parse_bytes, read_import_file
from .rows import (
    COLUMNS,
    IMPORT_COLUMN_FIELDS,
    XLSX_MIME,
    ImportFileError,
    ImportPlan,
    ImportRow,
    ImportRowsInvalid,
    ParsedFile,
    PlannedUnit,
    RowError,
)
from .workbook import export_rows, export_workbook, template_workbook

__all__ = [
    "COLUMNS",
    "IMPORT_COLUMN_FIELDS",
    "XLSX_MIME",
    "ImportFileError",
    "ImportPlan",
    "ImportRow",
    "ImportRowsInvalid",
    "ParsedFile",
    "PlannedUnit",
    "RowError",
    "check_file",
    "export_rows",
    "export_workbook",
    "normalize_header",
    "parse_bytes",
    "plan_import",
    "read_import_file",
    "template_workbook",
]
