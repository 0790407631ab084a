"""The LKE worksheet as an Excel workbook (openpyxl), and answers read back from it.

Sheet "LKE" follows the official worksheet: one row per question under its area,
aspect and indicator, with answer, value, weight, score and percentage; sheet "Rekap"
holds the area scores, the totals and the predicate. The columns Kode, Jawaban,
Catatan and Rekomendasi are what an import reads back; everything else is computed
again on import, so a changed formula or total in the file changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from apps.core.imports import Column, ParsedTable, RowError, TableSpec
from apps.core.spreadsheets import append_row, new_workbook, workbook_bytes
from apps.lke.engine import computed_text, parse_computed_text
from apps.lke.engine import model as m

from .services import NOTE_MAX, ImportedAnswer
from .worksheet import AreaRows, Panel

SHEET = "LKE"
HEADERS = [
    "Kode",
    "Area",
    "Aspek",
    "Indikator",
    "Pertanyaan",
    "Tipe jawaban",
    "Jawaban",
    "Nilai (%)",
    "Bobot",
    "Skor",
    "Catatan",
    "Rekomendasi",
]
WIDTHS = [9, 8, 12, 34, 60, 14, 22, 10, 9, 9, 45, 12]
COL = {name: i for i, name in enumerate(HEADERS)}
MAX_ROWS = 2000
YES = {"ya", "y", "yes", "1", "true", "x", "✓"}
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="D9E2F3")
AREA_FILL = PatternFill("solid", fgColor="EDEDED")


def _num(value: Decimal | None):
    return None if value is None else float(value)


def _answer_cell(row) -> object:
    """Numbers as numbers (Excel users sum them), everything else as text."""
    raw = row.raw
    if raw is None:
        return None
    if row.kind in (m.SCORE, m.PERCENT):
        return float(Decimal(raw))
    return row.display


def export_workbook(
    *, title: str, subtitle: list[str], areas: list[AreaRows], panel: Panel
) -> bytes:
    book = new_workbook()
    sheet = book.active
    sheet.title = SHEET
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=13)
    for line in subtitle:
        append_row(sheet, [line])
    append_row(sheet, [])
    append_row(sheet, HEADERS)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font, cell.fill = BOLD, HEAD_FILL
    for area in areas:
        append_row(
            sheet,
            [
                None,
                area.code,
                None,
                area.name,
                None,
                None,
                None,
                _num(area.percent),
                _num(area.weight),
                _num(area.score),
            ],
        )
        for cell in sheet[sheet.max_row]:
            cell.font, cell.fill = BOLD, AREA_FILL
        for aspect in area.aspects:
            for indicator in aspect.indicators:
                for row in indicator.questions:
                    answer = row.answer
                    append_row(
                        sheet,
                        [
                            row.code,
                            area.code,
                            aspect.name,
                            f"{indicator.indicator.code} {indicator.indicator.name}",
                            row.question.text,
                            row.question.answer_type.label,
                            _answer_cell(row),
                            _num(row.percent),
                            _num(row.weight),
                            _num(row.points),
                            answer.note if answer is not None else None,
                            "Ya" if answer is not None and answer.is_recommendation else None,
                        ],
                    )
    for i, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    for cells in sheet.iter_rows(min_row=header_row + 1):
        cells[COL["Pertanyaan"]].alignment = Alignment(wrap_text=True, vertical="top")
        cells[COL["Catatan"]].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)

    summary = book.create_sheet("Rekap")
    append_row(summary, [title])
    summary["A1"].font = Font(bold=True, size=13)
    append_row(summary, [])
    append_row(summary, ["Area", "Nama", "Bobot", "Nilai", "% dari bobot"])
    for cell in summary[summary.max_row]:
        cell.font, cell.fill = BOLD, HEAD_FILL
    for area in panel.areas:
        append_row(
            summary,
            [
                area["code"],
                area["name"],
                _num(area["weight"]),
                _num(area["score"]),
                _num(area["percent"]),
            ],
        )
    append_row(summary, [])
    for component in panel.components:
        append_row(
            summary, [component["name"], None, _num(component["weight"]), _num(component["score"])]
        )
    append_row(summary, ["Total", None, 100, _num(panel.total)])
    # Only the TPN awards a predicate: what the LKE gives is a projection.
    append_row(summary, ["Proyeksi predikat", panel.predicate_name or "Belum memenuhi predikat"])
    append_row(summary, [])
    append_row(summary, [f"Syarat {panel.target} yang belum terpenuhi"])
    summary[summary.max_row][0].font = BOLD
    for rule in panel.failed:
        append_row(summary, [rule["label"], None, None, rule["figure"], rule["bound"]])
    summary.column_dimensions["A"].width = 40
    summary.column_dimensions["B"].width = 40
    return workbook_bytes(book)


# --- reading back -----------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value).strip()


def _raw(value):
    return value  # read per question kind by ``_answer_value``


# What an import reads back; the other columns are computed again. The header row sits
# below the title lines.
SPEC = TableSpec(
    columns=(
        Column("Kode", required=True, parse=_cell_text),
        Column("Jawaban", required=True, parse=_raw),
        Column("Catatan", required=True, parse=_cell_text),
        Column("Rekomendasi", required=True, parse=_cell_text),
    ),
    xlsx_only=_lazy("Berkas harus berupa buku kerja Excel .xlsx (hasil Unduh Excel)."),
    sheet=SHEET,
    max_rows=MAX_ROWS,
    header_search=30,
)


def _answer_value(question: m.Question, cell):
    """A cell's answer in the engine's input format (validated by the engine later)."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if question.kind == m.COMPUTED:
        text = str(cell).strip()
        if not re.match(r"\s*[A-Za-z_]\w*\s*=", text):
            # The export's sentence: "4 perubahan … / 6 agen perubahan = 66,67 %".
            counts = parse_computed_text(question, text)
            if counts:
                return counts
        counts = {}
        for part in text.replace(",", ";").split(";"):
            if not part.strip():
                continue
            name, sep, number = part.partition("=")
            if not sep:
                raise ValueError(
                    _(
                        "tulis jumlahnya seperti pada unduhan (mis. “%(example)s”) atau "
                        "sebagai nama=jumlah dipisah titik koma (%(names)s)."
                    )
                    % {
                        "example": computed_text(
                            question, {c.name: 5 for c in question.count_inputs}
                        ),
                        "names": "; ".join(f"{c.name}=…" for c in question.count_inputs),
                    }
                )
            counts[name.strip()] = number.strip()
        return counts
    if question.kind in (m.SCORE, m.PERCENT):
        if isinstance(cell, bool):
            return str(cell)
        if isinstance(cell, int | float):
            return _cell_text(cell)
        text = str(cell).strip().replace(",", ".")
        try:
            Decimal(text)
        except InvalidOperation:
            return text  # the engine names the problem
        return text
    return _cell_text(cell)


def read_workbook(
    uploaded, template: m.Template
) -> tuple[list[ImportedAnswer], list[RowError], dict[str, int]]:
    """Answers of sheet LKE, every row's problem, and the row of each question code."""
    return read_answers(SPEC.read_upload(uploaded), template)


def read_answers(
    parsed: ParsedTable, template: m.Template
) -> tuple[list[ImportedAnswer], list[RowError], dict[str, int]]:
    """The answers of the rows ``SPEC`` read, checked against the template's questions."""
    answers: list[ImportedAnswer] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for cells in parsed.rows:
        line, code = cells["line"], cells["Kode"]
        if not code:
            continue  # area heading
        question = template.questions.get(code)
        if question is None:
            errors.append(
                _error(
                    line,
                    "Kode",
                    code,
                    _("kode pertanyaan tidak ada dalam LKE %(t)s.") % {"t": template.code},
                )
            )
            continue
        if code in seen:
            errors.append(
                _error(
                    line,
                    "Kode",
                    code,
                    _("pertanyaan ini sudah ada di baris %(n)s.") % {"n": seen[code]},
                )
            )
            continue
        seen[code] = line
        try:
            value = _answer_value(question, cells["Jawaban"])
        except ValueError as exc:
            errors.append(_error(line, "Jawaban", code, str(exc)))
            continue
        note = cells["Catatan"]
        rec = cells["Rekomendasi"].casefold() in YES
        if len(note) > NOTE_MAX:  # refused at the dry run, never cut
            errors.append(
                _error(
                    line,
                    "Catatan",
                    code,
                    _("catatan lebih dari %(n)s karakter (%(len)s); persingkat.")
                    % {"n": NOTE_MAX, "len": len(note)},
                )
            )
            continue
        if rec and not note:
            errors.append(
                _error(
                    line, "Rekomendasi", code, _("rekomendasi ditandai tetapi catatannya kosong.")
                )
            )
            continue
        answers.append(ImportedAnswer(code, value, note, rec))
    return answers, errors, seen


def _error(line: int, column: str, code: str, message: str) -> RowError:
    """A row error naming the question: "PPA1A: catatan lebih dari …"."""
    return RowError(line, column, f"{code}: {message}")


@dataclass
class Change:
    code: str
    before: str
    after: str
    note_changed: bool


def check_rows(
    template: m.Template,
    answers: list[ImportedAnswer],
    existing: dict,
    errors: list[RowError],
    rows_at: dict[str, int] | None = None,
):
    """Validate every row with the engine; the canonical rows and what would change."""
    from django.core.exceptions import ValidationError

    from .services import validate_value

    clean: list[ImportedAnswer] = []
    changes: list[Change] = []
    for row in answers:
        try:
            value = validate_value(template, row.code, row.value)
        except ValidationError as exc:
            message = " ".join(exc.messages)
            errors.append(_error((rows_at or {}).get(row.code, 0), "Jawaban", row.code, message))
            continue
        row = ImportedAnswer(row.code, value, row.note, row.is_recommendation)
        clean.append(row)
        answer = existing.get(row.code)
        before = answer.value if answer is not None else None
        before_note = answer.note if answer is not None else ""
        before_rec = answer.is_recommendation if answer is not None else False
        if before != value or before_note != row.note or before_rec != row.is_recommendation:
            changes.append(
                Change(
                    row.code,
                    _show(before),
                    _show(value),
                    before_note != row.note or before_rec != row.is_recommendation,
                )
            )
    errors.sort(key=lambda e: e.line)
    return clean, changes


def _show(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, dict):
        return "; ".join(f"{k}={v}" for k, v in value.items())
    return str(value)
