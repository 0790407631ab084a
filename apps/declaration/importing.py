"""The staff-roster spreadsheet (.xlsx/.csv): reading it and checking it row by row (the
dry run). The file readers are those of the unit import (apps.units.importing), so both
imports accept and refuse files alike.

Nothing here writes; ``services.roster_import`` applies a plan after checking the rows
again. Checking costs two queries whatever the number of rows.
"""

from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from apps.core.imports import CellError, Column, RowError, RowsInvalid, TableSpec
from apps.core.nip import normalise_nip, validate_nip
from apps.core.spreadsheets import append_row, cell_text, new_workbook, workbook_bytes

from .models import Employee, Placement

__all__ = [
    "COLUMNS",
    "SPEC",
    "PlannedRow",
    "RosterPlan",
    "RosterRow",
    "RowError",
    "RowsInvalid",
    "check_rows",
    "read_roster_file",
    "template_workbook",
]

COLUMNS = ["nip", "nama", "jabatan", "wajib_lhkpn", "email"]
REQUIRED_HEADERS = ["nip", "nama", "jabatan"]
YES = {"ya", "y", "yes", "1", "true", "wajib", "v", "x"}
NO = {"", "tidak", "t", "n", "no", "0", "false", "-"}


class Action:
    NEW = "baru"
    RETURN = "kembali"  # known employee without a current placement
    UPDATE = "perbarui"
    SAME = "tetap"
    MOVE = "pindah"


@dataclass(frozen=True)
class RosterRow:
    line: int
    nip: str = ""
    nama: str = ""
    jabatan: str = ""
    wajib_lhkpn: str = ""
    email: str = ""

    def __post_init__(self):
        # A NIP pasted as printed ("19830606 200801 1 011") counts as its 18 digits.
        object.__setattr__(self, "nip", normalise_nip(self.nip))

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "RosterRow":
        return cls(line=int(data["line"]), **{c: str(data.get(c) or "").strip() for c in COLUMNS})


@dataclass
class PlannedRow:
    row: RosterRow
    action: str
    lhkpn_obliged: bool
    employee: Employee | None = None
    current: Placement | None = None  # the employee's current placement, if any
    changes: list[str] = field(default_factory=list)

    @property
    def from_unit_name(self) -> str:
        return self.current.unit.name if self.action == Action.MOVE else ""


@dataclass
class RosterPlan:
    rows: list[PlannedRow]
    errors: list[RowError]
    parse_errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def summary(self) -> dict[str, int]:
        return {
            action: self.count(action)
            for action in (Action.NEW, Action.MOVE, Action.RETURN, Action.UPDATE, Action.SAME)
        }

    @property
    def moves(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.action == Action.MOVE]

    @property
    def writes(self) -> int:
        return sum(1 for r in self.rows if r.action != Action.SAME)


# --- Reading ------------------------------------------------------------------------


def _nip(value) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(
            _(
                "NIP tersimpan sebagai angka sehingga digit terakhirnya hilang. "
                "Ubah format sel menjadi Teks lalu ketik ulang NIP."
            )
        )
    return cell_text(value)


SPEC = TableSpec(
    columns=tuple(
        Column(name, required=name in REQUIRED_HEADERS, parse=_nip if name == "nip" else None)
        for name in COLUMNS
    )
)


def read_roster_file(uploaded) -> tuple[list[RosterRow], list[RowError]]:
    """Rows of an uploaded .xlsx or .csv (told by content), and the errors only visible
    in raw cells (an 18-digit NIP stored as a number loses its last digits)."""
    return rows_of(SPEC.read_upload(uploaded))


def parse_roster_bytes(data: bytes) -> tuple[list[RosterRow], list[RowError]]:
    return rows_of(SPEC.read(data))


def rows_of(table) -> tuple[list[RosterRow], list[RowError]]:
    return [RosterRow(**row) for row in table.rows], table.errors


# --- Checking (the dry run) -----------------------------------------------------------

_MAX = {"nama": 150, "jabatan": 150, "email": 254}


def _lhkpn(value: str) -> bool | None:
    text = value.strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    return None


def check_rows(rows: list[RosterRow], *, unit, parse_errors: list[RowError] = ()) -> RosterPlan:
    """What importing ``rows`` into ``unit``'s roster would do, row by row, and every
    error. Two queries: the employees with these NIPs and their current placements."""
    errors: list[RowError] = list(parse_errors)
    bad_lines = {e.line for e in errors}
    first_line: dict[str, int] = {}
    valid: list[tuple[RosterRow, bool]] = []
    for row in rows:
        row_errors: list[RowError] = []

        def err(column: str, message: str, row=row, row_errors=row_errors) -> None:
            row_errors.append(RowError(row.line, column, message))

        if not row.nip:
            if row.line not in bad_lines:
                err("nip", _("Kolom nip wajib diisi."))
        else:
            try:
                validate_nip(row.nip)
            except ValidationError as exc:
                err("nip", exc.messages[0])
            else:
                if row.nip in first_line:
                    err(
                        "nip",
                        _("NIP %(nip)s sudah ada di baris %(line)s berkas ini.")
                        % {"nip": row.nip, "line": first_line[row.nip]},
                    )
                else:
                    first_line[row.nip] = row.line
        for column in ("nama", "jabatan"):
            value = getattr(row, column)
            if not value:
                err(column, _("Kolom %(col)s wajib diisi.") % {"col": column})
            elif len(value) > _MAX[column]:
                err(
                    column,
                    _("Kolom %(col)s paling banyak %(max)s karakter.")
                    % {"col": column, "max": _MAX[column]},
                )
        obliged = _lhkpn(row.wajib_lhkpn)
        if obliged is None:
            err("wajib_lhkpn", _("Isi wajib_lhkpn dengan “ya” atau “tidak”."))
        if row.email:
            try:
                validate_email(row.email)
                if len(row.email) > _MAX["email"]:
                    raise ValidationError("too long")
            except ValidationError:
                err("email", _("Alamat e-mail %(email)s tidak valid.") % {"email": row.email})
        errors.extend(row_errors)
        if not row_errors and row.line not in bad_lines:
            valid.append((row, bool(obliged)))

    nips = [row.nip for row, _obliged in valid]
    employees = {e.nip: e for e in Employee.objects.filter(tenant_id=unit.tenant_id, nip__in=nips)}
    current = {
        p.employee_id: p
        for p in Placement.objects.filter(
            employee__in=list(employees.values()), ended_on__isnull=True
        ).select_related("unit")
    }
    planned: list[PlannedRow] = []
    for row, obliged in valid:
        employee = employees.get(row.nip)
        placement = current.get(employee.pk) if employee else None
        item = PlannedRow(
            row=row, action=Action.NEW, lhkpn_obliged=obliged, employee=employee, current=placement
        )
        if employee is None:
            item.action = Action.NEW
        elif placement is None:
            item.action = Action.RETURN
        elif placement.unit_id != unit.pk:
            item.action = Action.MOVE
        else:
            if employee.name != row.nama:
                item.changes.append(_("nama"))
            if placement.position != row.jabatan:
                item.changes.append(_("jabatan"))
            if employee.lhkpn_obliged != obliged:
                item.changes.append(_("wajib LHKPN"))
            if row.email and employee.email.lower() != row.email.lower():
                item.changes.append(_("e-mail"))
            item.action = Action.UPDATE if item.changes else Action.SAME
        planned.append(item)
    errors.sort(key=lambda e: (e.line, COLUMNS.index(e.column) if e.column in COLUMNS else 99))
    return RosterPlan(rows=planned, errors=errors)


def template_workbook() -> bytes:
    """A blank roster file: the header and one example row, NIP formatted as text."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = _("Pegawai")
    append_row(sheet, COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (22, 36, 36, 14, 32), strict=True):
        sheet.column_dimensions[letter].width = width
    example = [
        "198501012010011001",
        _("Nama Pegawai (hapus baris ini)"),
        _("Analis Kepegawaian"),
        "tidak",
        "",
    ]
    append_row(sheet, example)
    sheet["A2"].number_format = "@"
    sheet["A2"].data_type = "s"
    sheet.column_dimensions["A"].number_format = "@"
    return workbook_bytes(workbook)
