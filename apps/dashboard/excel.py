"""The dashboard as an Excel workbook: one sheet per table of the page, Indonesian
headers, figures as numbers (percentages as 0–100 with two decimals), text a person typed
(unit names) kept as text by ``apps.core.spreadsheets`` (never a live formula).

The lists "gagal minimum" and "layak ke TPI" are whole (``selectors.dashboard_whole``):
the page shows the first ``LIST_LIMIT`` and points here for the rest."""

from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from apps.assessment.models import Level
from apps.core.spreadsheets import append_row, new_workbook, workbook_bytes
from apps.cycles.models import Target
from apps.cycles.stages import Stage

from .selectors import Dashboard, rule_figures

BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="D9E2F3")
PERCENT = "0.00"


def _n(value):
    """A figure as a number cell (None stays empty)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def _when(value: datetime | None):
    """Excel has no time zones: the local (agency) time, naive."""
    if value is None:
        return None
    return timezone.localtime(value).replace(tzinfo=None)


def scope_name(dash: Dashboard) -> str:
    return dash.current.name if dash.current else _("Seluruh unit dalam jangkauan Anda")


def _table(book, title: str, headers: list[str], rows, *, widths=(), percent_columns=()):
    """A sheet ``title`` with a bold header row and ``rows``; ``percent_columns``
    (0-based) get two decimals."""
    sheet = book.create_sheet(title)
    append_row(sheet, headers)
    for cell in sheet[1]:
        cell.font, cell.fill = BOLD, HEAD_FILL
    for values in rows:
        append_row(sheet, values)
        for column in percent_columns:
            sheet.cell(row=sheet.max_row, column=column + 1).number_format = PERCENT
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def dashboard_workbook(dash: Dashboard) -> bytes:
    book = new_workbook()
    book.remove(book.active)
    # Labels are lazy translations: openpyxl takes str only.
    stages = {code: str(label) for code, label in Stage.choices}
    targets = {code: str(label) for code, label in Target.choices}
    levels = {code: str(label) for code, label in Level.choices}
    t = dash.total

    _table(
        book,
        _("Ringkasan"),
        [_("Ukuran"), _("Nilai")],
        [
            [_("Dasbor pimpinan"), scope_name(dash)],
            [_("Tahun"), dash.year],
            [_("Angka per"), _when(dash.refreshed_at)],
            [_("Siklus ZI"), t.cycles],
            [_("Siklus dinilai"), t.scored],
            [_("Rata-rata nilai LKE"), _n(t.total)],
            [_("Kelengkapan bukti (%)"), _n(t.completeness)],
            [_("Gagal nilai minimum"), dash.failing_count],
            [_("Layak diusulkan ke TPI"), dash.eligible_count],
            [_("Bukti"), t.items],
            [_("Bukti terverifikasi"), t.items_verified],
            [_("Bukti menunggu verifikasi"), t.items_waiting],
            [_("Bukti dikembalikan"), t.items_returned],
            [_("Tugas rencana kerja"), t.tasks],
            [_("Tugas selesai"), t.tasks_done],
            [_("Realisasi tugas rencana kerja (%)"), _n(t.realisation)],
            [_("Tugas lewat batas waktu"), t.tasks_overdue],
            [_("Pegawai"), t.staff],
            [_("Pakta Integritas ditandatangani"), t.pacts_signed],
            [_("Pakta Integritas ditandatangani (%)"), _n(t.pacts)],
            [_("Laporan monev jatuh tempo"), t.monev_due],
            [_("Laporan monev terbit tepat waktu"), t.monev_on_time],
            [_("Laporan monev terbit tepat waktu (%)"), _n(t.monev)],
        ],
        widths=(40, 36),
    )
    summary = book[_("Ringkasan")]
    summary["B4"].number_format = "yyyy-mm-dd hh:mm"

    _table(
        book,
        _("Tahapan"),
        [_("Tahap"), *[str(label) for _code, label in Target.choices], _("Jumlah")],
        [[s.label, *s.per_target, s.total] for s in dash.funnel + dash.outcomes],
        widths=(34, 14, 14, 10),
    )

    heat_headers = [_("Unit"), _("Kode unit"), _("Tahap"), _("Siklus"), _("Dinilai")]
    for area in dash.areas:
        heat_headers += [
            _("%(area)s nilai (%%)") % {"area": area.code},
            _("%(area)s kelengkapan (%%)") % {"area": area.code},
        ]
    heat_headers.append(_("Kelengkapan bukti (%)"))
    first_area = 5
    percent_columns = range(first_area, first_area + 2 * len(dash.areas) + 1)

    def heat_row(name, code, stage, figures, cells):
        values = [name, code, stage, figures.cycles, figures.scored]
        for area in dash.areas:
            cell = cells.get(area.code)
            values += [_n(cell.percent), _n(cell.completeness)] if cell else [None, None]
        return [*values, _n(figures.completeness)]

    heat_rows = [
        heat_row(
            row.unit.name + (" " + _("(unit sendiri)") if row.own else ""),
            row.unit.code,
            stages.get(row.stage, row.stage),
            row.figures,
            row.cells,
        )
        for row in dash.rows
    ]
    heat_rows.append(heat_row(_("Jumlah"), "", "", dash.total, dash.total_cells))
    _table(
        book,
        _("Peta nilai"),
        heat_headers,
        heat_rows,
        widths=(36, 12, 22, 8, 8),
        percent_columns=percent_columns,
    )

    failing_rows = []
    for item in dash.failing:
        s = item.summary
        head = [
            item.unit.name,
            item.unit.code,
            targets.get(s.target, s.target),
            levels.get(s.level, s.level),
            _n(s.total),
        ]
        rules = [rule_figures(r) for r in s.failed_rules] or [None]
        for rule in rules:
            if rule is None:
                failing_rows.append([*head, None, None, None, None, None])
                continue
            unit = {"percent": "%", "points": _("poin")}.get(rule.unit, "")
            failing_rows.append(
                [
                    *head,
                    rule.label,
                    rule.area or None,
                    _n(rule.value),
                    _n(rule.bound),
                    unit or _("belum terpenuhi"),
                ]
            )
    _table(
        book,
        _("Gagal minimum"),
        [
            _("Unit"),
            _("Kode unit"),
            _("Target"),
            _("Tingkat penilaian"),
            _("Nilai total"),
            _("Aturan"),
            _("Area"),
            _("Nilai"),
            _("Batas"),
            _("Satuan"),
        ],
        failing_rows,
        widths=(36, 12, 16, 26, 10, 40, 8, 10, 10, 14),
    )

    _table(
        book,
        _("Layak TPI"),
        [_("Unit"), _("Kode unit"), _("Target"), _("Tahap"), _("Nilai TPU"), _("Nilai total")],
        [
            [
                item.unit.name,
                item.unit.code,
                targets.get(item.summary.target, item.summary.target),
                stages.get(item.summary.stage, item.summary.stage),
                _n(item.summary.total_tpu),
                _n(item.summary.total),
            ]
            for item in dash.eligible
        ],
        widths=(36, 12, 16, 24, 10, 10),
    )

    now = timezone.now()
    backlog = _table(
        book,
        _("Antrean verifikasi"),
        [_("Tingkat"), _("Nama tingkat"), _("Menunggu"), _("Tertua sejak"), _("Umur (hari)")],
        [
            [
                b.level + 1,
                b.name,
                b.waiting,
                _when(b.oldest),
                (now - b.oldest).days if b.oldest else None,
            ]
            for b in dash.backlog
        ],
        widths=(8, 30, 10, 18, 12),
    )
    for (cell,) in backlog.iter_rows(min_row=2, min_col=4, max_col=4):
        cell.number_format = "yyyy-mm-dd hh:mm"

    _table(
        book,
        _("Tren tahun"),
        [
            _("Tahun"),
            _("Siklus"),
            _("Kelengkapan bukti (%)"),
            _("Nilai mandiri"),
            _("Nilai TPU"),
            _("Nilai TPI"),
        ],
        [
            [y.year, y.cycles, _n(y.completeness), _n(y.mandiri), _n(y.tpu), _n(y.tpi)]
            for y in dash.year_trend
        ],
        widths=(8, 8, 20, 14, 12, 12),
        percent_columns=(2,),
    )

    _table(
        book,
        _("Tren tingkat"),
        [
            _("Area"),
            _("Nama area"),
            _("Mandiri (%)"),
            _("TPU (%)"),
            _("TPI (%)"),
            _("Selisih mandiri"),
        ],
        [
            [a.area.code, a.area.name, _n(a.mandiri), _n(a.tpu), _n(a.tpi), _n(a.optimism)]
            for a in dash.area_trend
        ],
        widths=(8, 36, 12, 12, 12, 14),
        percent_columns=(2, 3, 4, 5),
    )
    return workbook_bytes(book)


def workbook_name(dash: Dashboard, tenant_code: str) -> str:
    where = dash.current.code if dash.current else tenant_code
    return f"dasbor-{slugify(where) or 'unit'}-{dash.year}.xlsx"
