"""The Rencana Kerja as a spreadsheet (.xlsx): export of a revision, and the import into a
draft (dry run with row errors; ``services.plan_import`` writes all rows or none).

Columns: Area | Kegiatan | Rincian | Output | PIC | Bulan | Pertanyaan LKE. "Bulan" takes
month names or numbers of the cycle's year ("Jan, Feb", "3-5", "Mar–Jun", "2026-04");
"Pertanyaan LKE" takes question codes separated by commas.
"""

import datetime
import re
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl.styles import Alignment, Font, PatternFill

from apps.core.choices import Area
from apps.core.dates import MONTHS
from apps.core.imports import Column, RowError, TableSpec
from apps.core.spreadsheets import append_row, cell_text, new_workbook, workbook_bytes
from apps.cycles.models import Cycle
from apps.lke.models import Question

MAX_ROWS = 2000
MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
MONTH_NAMES = {
    **{name.lower(): i for i, name in enumerate(MONTH_ABBR, start=1)},
    **{name.lower(): i for i, name in enumerate(MONTHS, start=1)},
    "agt": 8,
    "ags": 8,
    "nop": 11,
}
# header text (normalised) -> field
COLUMNS = {
    "area": "area",
    "kegiatan": "action",
    "rincian": "description",
    "output": "output",
    "pic": "pic",
    "bulan": "months",
    "pertanyaan_lke": "questions",
}
HEADERS = ["Area", "Kegiatan", "Rincian", "Output", "PIC", "Bulan", "Pertanyaan LKE"]
REQUIRED = ["area", "kegiatan", "output", "pic", "bulan"]
COLUMN_LABELS = dict(zip(COLUMNS.values(), HEADERS, strict=True))


@dataclass
class ImportRow:
    line: int
    area: str = ""
    action: str = ""
    description: str = ""
    output: str = ""
    pic: str = ""
    months: str = ""
    questions: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def months_label(months) -> str:
    return ", ".join(MONTH_ABBR[m - 1] for m in months)


# --- Export -----------------------------------------------------------------------------


def export_workbook(revision, items) -> bytes:
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = f"Rencana Kerja rev {revision.number}"[:31]
    append_row(sheet, HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0B4F6C")
    for item in items:
        append_row(
            sheet,
            [
                item.area,
                item.action,
                item.description,
                item.output,
                item.pic,
                months_label(item.months),
                ", ".join(q.code for q in item.questions.all()),
            ],
        )
    for column, width in zip("ABCDEFG", (8, 45, 45, 35, 30, 22, 22), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    return workbook_bytes(workbook)


# --- Reading ----------------------------------------------------------------------------


def _text(value) -> str:
    """A cell's text; a date cell (Excel turns "2026-04" into a date) as its month."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y-%m")
    return cell_text(value)


SPEC = TableSpec(
    columns=tuple(
        Column(name, label=label, field=field, required=name in REQUIRED, parse=_text)
        for (name, field), label in zip(COLUMNS.items(), HEADERS, strict=True)
    ),
    xlsx_only=_lazy("Berkas harus berformat .xlsx (Excel)."),
    max_rows=MAX_ROWS,
)


def read_workbook(uploaded) -> list[ImportRow]:
    """Rows of an uploaded .xlsx (checked by content, not by name)."""
    return [ImportRow(**row) for row in SPEC.read_upload(uploaded).rows]


# --- Checking ---------------------------------------------------------------------------

_RANGE = re.compile(r"^(\S+?)\s*[-–]\s*(\S+)$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-\d{1,2})?$")


def _month(token: str, year: int) -> int:
    token = token.strip().strip(".").lower()
    match = _YEAR_MONTH.match(token)
    if match:
        if int(match.group(1)) != year:
            raise ValueError(
                _("Bulan %(value)s di luar tahun siklus %(year)s.") % {"value": token, "year": year}
            )
        token = match.group(2)
    if token.isdigit() and 1 <= int(token) <= 12:
        return int(token)
    if token in MONTH_NAMES:
        return MONTH_NAMES[token]
    raise ValueError(_("Bulan tidak dikenal: “%(value)s”.") % {"value": token})


def parse_month_text(text: str, year: int) -> list[int]:
    months: set[int] = set()
    for part in re.split(r"[,;/]+|\s{2,}|\s+(?=\d{4}-)", text or ""):
        part = part.strip()
        if not part:
            continue
        match = _RANGE.match(part) if not _YEAR_MONTH.match(part) else None
        if match:
            first, last = _month(match.group(1), year), _month(match.group(2), year)
            if last < first:
                raise ValueError(_("Rentang bulan “%(value)s” terbalik.") % {"value": part})
            months.update(range(first, last + 1))
        else:
            for token in part.split():
                months.add(_month(token, year))
    return sorted(months)


def check_rows(cycle: Cycle, rows: list[ImportRow]) -> tuple[list[dict], list[RowError]]:
    """Every row checked with the same rules as the item form; (cleaned rows, errors)."""
    from .services.items import clean_item_values

    codes = {
        code.strip().upper()
        for row in rows
        for code in (row.questions or "").replace(";", ",").split(",")
        if code.strip()
    }
    known = (
        {
            q.code.upper(): q
            for q in Question.objects.filter(version_id=cycle.template_id, code__in=codes)
            .select_related("indicator__aspect__area")
            .only("pk", "code", "version_id", "indicator__aspect__area__code")
        }
        if codes
        else {}
    )
    checked: list[dict] = []
    errors: list[RowError] = []
    for row in rows:
        row_errors: list[RowError] = []
        try:
            months = parse_month_text(row.months, cycle.year)
        except ValueError as exc:
            row_errors.append(RowError(row.line, COLUMN_LABELS["months"], str(exc)))
            months = []
        wanted = [c.strip().upper() for c in (row.questions or "").replace(";", ",").split(",")]
        wanted = [c for c in wanted if c]
        unknown = [c for c in wanted if c not in known]
        if unknown:
            row_errors.append(
                RowError(
                    row.line,
                    COLUMN_LABELS["questions"],
                    _("Kode pertanyaan tidak ada di LKE siklus ini: %(codes)s.")
                    % {"codes": ", ".join(unknown)},
                )
            )
        values = {
            "area": (row.area or "").strip().upper(),
            "action": row.action,
            "description": row.description,
            "output": row.output,
            "pic": row.pic,
            "months": months,
        }
        try:
            cleaned = clean_item_values(
                cycle, values, [known[c] for c in dict.fromkeys(wanted) if c in known]
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field == "months" and months == [] and row_errors:
                    continue  # the month text's own error says it better
                if field == "area":
                    messages = [
                        _("Area “%(value)s” tidak dikenal; pakai %(codes)s.")
                        % {"value": row.area, "codes": ", ".join(Area.values)}
                    ]
                for message in messages:
                    row_errors.append(RowError(row.line, COLUMN_LABELS.get(field, field), message))
        else:
            if not row_errors:
                checked.append(cleaned)
        errors.extend(row_errors)
    return checked, errors
