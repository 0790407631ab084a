"""Writing the unit spreadsheet: the export of the administered units and the blank
import template, with the same columns the import reads."""

from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from apps.core.access import Capability, units_where
from apps.core.spreadsheets import append_row, new_workbook, workbook_bytes, write_cell

from ..models import Unit, UnitType
from .rows import COLUMN_WIDTHS, COLUMNS


def _sheet(workbook: Workbook, title: str, rows) -> None:
    sheet = workbook.active
    sheet.title = title
    append_row(sheet, COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = COLUMN_WIDTHS[column]
        if column in ("kode", "kode_induk", "nip_pimpinan"):
            dimension.number_format = "@"  # NIP and codes like 001 stay text when typed
    sheet.freeze_panes = "A2"
    for line, values in enumerate(rows, start=2):
        for index, value in enumerate(values, start=1):
            cell = write_cell(sheet, line, index, value or None)
            if COLUMNS[index - 1] in ("kode", "kode_induk", "nip_pimpinan"):
                cell.number_format = "@"


def _types_sheet(workbook: Workbook, types) -> None:
    sheet = workbook.create_sheet(_("Jenis unit"))
    append_row(sheet, [_("jenis (kode)"), _("nama jenis")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 40
    for unit_type in types:
        append_row(sheet, [unit_type.code, unit_type.name])


def _to_bytes(workbook: Workbook) -> bytes:
    return workbook_bytes(workbook)


def export_rows(units: list[Unit], parent_codes: dict[str, str]) -> list[list[str]]:
    """Spreadsheet rows for ``units`` (with unit_type loaded); ``parent_codes`` maps a
    parent path to its code. Children of the agency root get a blank kode_induk, so the
    file imports into any agency."""
    steplen = Unit.steplen
    rows = []
    for unit in units:
        parent_path = unit.path[:-steplen]
        rows.append(
            [
                unit.code,
                unit.name,
                unit.unit_type.code,
                "" if unit.depth <= 2 else parent_codes.get(parent_path, ""),
                unit.address,
                unit.head_name,
                unit.head_nip,
                unit.head_title,
            ]
        )
    return rows


def export_workbook(*, user, tenant) -> bytes:
    """The units ``user`` administers in ``tenant`` as an import-compatible .xlsx.

    Four queries however many units: the units, the parents of the top units of a
    delegated admin's subtree, the unit types (and nothing per row)."""
    units = list(
        units_where(user, Capability.UNIT_ADMIN)
        .filter(tenant=tenant)
        .select_related("unit_type")
        .order_by("path")
    )
    parent_codes = {unit.path: unit.code for unit in units}
    missing = {u.path[: -Unit.steplen] for u in units if u.depth > 2} - parent_codes.keys()
    if missing:
        parent_codes.update(
            Unit.objects.filter(tenant=tenant, path__in=missing).values_list("path", "code")
        )
    # The agency root is the agency itself: every agency has its own, so it is not a row.
    rows = export_rows([u for u in units if u.depth > 1], parent_codes)
    types = list(UnitType.objects.filter(tenant=tenant))
    workbook = new_workbook()
    _sheet(workbook, _("Unit"), rows)
    _types_sheet(workbook, types)
    return _to_bytes(workbook)


def template_workbook(types) -> bytes:
    """A blank import file: the header, one example row, and the agency's unit types."""
    example_type = next((t for t in types if t.code != "instansi"), None)
    example = [
        "CONTOH-01",
        _("Balai Contoh (hapus baris ini)"),
        example_type.code if example_type else "",
        "",
        _("Jl. Contoh No. 1, Jakarta"),
        _("Nama Pimpinan"),
        "198501012010011001",
        _("Kepala Balai"),
    ]
    workbook = new_workbook()
    _sheet(workbook, _("Unit"), [example])
    _types_sheet(workbook, types)
    return _to_bytes(workbook)
