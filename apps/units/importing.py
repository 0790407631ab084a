"""The unit-tree spreadsheet: reading an import file, checking it row by row, and
writing the same columns back out (export and the blank template).

Reading is pure (bytes in, rows out). Checking (``plan_import``) needs the agency's
unit types, existing codes and the actor's administered units: three queries,
whatever the number of rows. Nothing here writes to the database; ``unit_import``
in services.py does, after re-running the same checks.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from apps.accounts.access import administered_units
from apps.accounts.validators import validate_nip

from .models import Unit, UnitType

COLUMNS = [
    "kode",
    "nama",
    "jenis",
    "kode_induk",
    "alamat",
    "nama_pimpinan",
    "nip_pimpinan",
    "jabatan_pimpinan",
]
# Without kode_induk every row would silently land under the agency root.
REQUIRED_HEADERS = ["kode", "nama", "jenis", "kode_induk"]
REQUIRED_VALUES = ["kode", "nama", "jenis"]
# Import column -> Unit field, for length limits and export.
UNIT_FIELD = {
    "kode": "code",
    "nama": "name",
    "alamat": "address",
    "nama_pimpinan": "head_name",
    "jabatan_pimpinan": "head_title",
}
# Every column that becomes a Unit field.
IMPORT_COLUMN_FIELDS = {
    **UNIT_FIELD,
    "jenis": "unit_type",
    "nip_pimpinan": "head_nip",
}
ADDRESS_MAX_LENGTH = 1000
COLUMN_WIDTHS = {
    "kode": 16,
    "nama": 45,
    "jenis": 18,
    "kode_induk": 16,
    "alamat": 50,
    "nama_pimpinan": 30,
    "nip_pimpinan": 22,
    "jabatan_pimpinan": 30,
}
MAX_HEADER_COLUMNS = 50
# An .xlsx is a zip: refuse archives that inflate far beyond any sane unit list.
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportFileError(Exception):
    """The whole file is refused (format, size, header); the message is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ImportRow:
    line: int  # row number as the user sees it in Excel (header = its own row)
    kode: str = ""
    nama: str = ""
    jenis: str = ""
    kode_induk: str = ""
    alamat: str = ""
    nama_pimpinan: str = ""
    nip_pimpinan: str = ""
    jabatan_pimpinan: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ImportRow":
        return cls(line=int(data["line"]), **{c: str(data.get(c) or "").strip() for c in COLUMNS})


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ParsedFile:
    rows: list[ImportRow]
    # Problems only visible in the raw cells (an 18-digit NIP stored as a number).
    errors: list[RowError] = field(default_factory=list)


@dataclass
class PlannedUnit:
    row: ImportRow
    unit_type: UnitType
    parent_code: str
    parent_name: str
    parent_line: int | None  # the parent's row in the file, None for an existing unit
    depth: int


@dataclass
class ImportPlan:
    units: list[PlannedUnit]  # parents before children
    errors: list[RowError]

    @property
    def is_valid(self) -> bool:
        return not self.errors


class ImportRowsInvalid(ValidationError):
    """Raised by ``unit_import`` when re-validation finds row errors."""

    def __init__(self, errors: list[RowError]):
        super().__init__([f"{_('Baris')} {e.line} ({e.column}): {e.message}" for e in errors])
        self.row_errors = errors


# --- reading ----------------------------------------------------------------------


def normalize_header(value) -> str:
    text = str(value or "").strip().lower()
    return "_".join(text.replace("-", " ").replace("_", " ").split())


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _max_mb() -> str:
    return f"{settings.IMPORT_MAX_BYTES / (1024 * 1024):g}"


def read_import_file(uploaded) -> ParsedFile:
    """Rows of an uploaded .xlsx or .csv (detected by content, not by name)."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(_("Berkas terlalu besar: maksimal %(mb)s MB.") % {"mb": _max_mb()})
    uploaded.seek(0)
    data = uploaded.read(settings.IMPORT_MAX_BYTES + 1)
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(_("Berkas terlalu besar: maksimal %(mb)s MB.") % {"mb": _max_mb()})
    return parse_bytes(data)


def parse_bytes(data: bytes) -> ParsedFile:
    if not data.strip():
        raise ImportFileError(_("Berkas kosong."))
    if data.startswith(b"PK\x03\x04"):
        table = _xlsx_table(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _(
                "Berkas Excel lama (.xls) atau berkas yang dilindungi kata sandi tidak "
                "didukung. Simpan ulang sebagai .xlsx tanpa kata sandi."
            )
        )
    else:
        table = _csv_table(data)
    return _rows_from_table(table)


def _xlsx_table(data: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(_corrupt_xlsx()) from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise ImportFileError(_("Isi berkas Excel terlalu besar setelah diekstrak."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises a zoo of types on foreign or broken zips
        raise ImportFileError(_corrupt_xlsx()) from None
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("Berkas kosong."))
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers store a wrong sheet size
        # Materialise under the same guard: broken XML can surface while iterating.
        yield from (
            list(values) for values in sheet.iter_rows(values_only=True, max_col=MAX_HEADER_COLUMNS)
        )
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError(_corrupt_xlsx()) from None
    finally:
        workbook.close()


def _corrupt_xlsx() -> str:
    return _(
        "Berkas bukan .xlsx yang valid atau rusak. Simpan ulang dari Excel "
        "(Simpan Sebagai → Buku Kerja Excel .xlsx) lalu coba lagi."
    )


def _csv_table(data: bytes):
    if b"\x00" in data:
        raise ImportFileError(_("Berkas harus berformat .xlsx atau .csv."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV (Comma delimited)" saves in the Windows code page.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFileError(
                _("Berkas CSV tidak dapat dibaca: simpan dengan enkode UTF-8.")
            ) from None
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text[:4096]):
        raise ImportFileError(_("Berkas harus berformat .xlsx atau .csv."))
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";,\t", key=first_line.count)
    if not first_line.count(delimiter):
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        raise ImportFileError(
            _("Berkas CSV tidak dapat dibaca pada baris %(line)s: %(error)s")
            % {"line": reader.line_num, "error": exc}
        ) from None


def _rows_from_table(table) -> ParsedFile:
    max_rows = settings.IMPORT_MAX_ROWS
    scan_limit = max_rows * 20 + 1000
    header: dict[str, int] | None = None
    rows: list[ImportRow] = []
    errors: list[RowError] = []
    for line, values in enumerate(table, start=1):
        if line > scan_limit:
            break
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        if header is None:
            header = _read_header(values)
            continue
        if len(rows) >= max_rows:
            raise ImportFileError(
                _(
                    "Berkas berisi lebih dari %(max)s baris data. Bagi menjadi beberapa "
                    "berkas lalu impor satu per satu."
                )
                % {"max": max_rows}
            )
        cells = {col: (values[i] if i < len(values) else None) for col, i in header.items()}
        nip = cells.get("nip_pimpinan")
        if isinstance(nip, int | float) and not isinstance(nip, bool):
            errors.append(
                RowError(
                    line,
                    "nip_pimpinan",
                    _(
                        "NIP tersimpan sebagai angka sehingga digit terakhirnya hilang. "
                        "Ubah format sel menjadi Teks lalu ketik ulang NIP."
                    ),
                )
            )
            cells["nip_pimpinan"] = None
        rows.append(ImportRow(line=line, **{col: _cell_text(v) for col, v in cells.items()}))
    if header is None:
        raise ImportFileError(_("Berkas kosong."))
    if not rows:
        raise ImportFileError(_("Berkas tidak berisi baris data di bawah baris judul kolom."))
    return ParsedFile(rows=rows, errors=errors)


def _read_header(values) -> dict[str, int]:
    header: dict[str, int] = {}
    for index, value in enumerate(values):
        name = normalize_header(value)
        if name not in COLUMNS:
            continue  # extra columns (notes, numbering) are ignored
        if name in header:
            raise ImportFileError(
                _("Kolom %(col)s muncul lebih dari sekali di baris judul.") % {"col": name}
            )
        header[name] = index
    missing = [c for c in REQUIRED_HEADERS if c not in header]
    if missing:
        raise ImportFileError(
            _(
                "Kolom wajib tidak ada di baris judul: %(missing)s. Baris pertama berkas harus "
                "berisi judul kolom: %(columns)s."
            )
            % {"missing": ", ".join(missing), "columns": ", ".join(COLUMNS)}
        )
    return header


# --- checking ---------------------------------------------------------------------


def _max_depth() -> int:
    return Unit._meta.get_field("path").max_length // Unit.steplen


def _length_limit(column: str) -> int | None:
    if column == "alamat":
        return ADDRESS_MAX_LENGTH
    if column in UNIT_FIELD:
        return Unit._meta.get_field(UNIT_FIELD[column]).max_length
    return None


def plan_import(rows: list[ImportRow], *, actor, tenant) -> ImportPlan:
    """Check every row against the file and the agency; order the valid ones parents first.

    Codes are compared exactly, as the database constraint does. A row whose parent row
    is itself invalid gets no error of its own: the file is refused anyway, and the user
    sees the cause.
    """
    errors: list[RowError] = []

    def error(row: ImportRow, column: str, message: str) -> None:
        errors.append(RowError(row.line, column, message))

    types = list(UnitType.objects.filter(tenant=tenant))
    type_by_key: dict[str, UnitType] = {}
    for unit_type in types:
        type_by_key.setdefault(unit_type.name.strip().lower(), unit_type)
    for unit_type in types:  # codes win over a name that happens to equal another code
        type_by_key[unit_type.code.lower()] = unit_type
    existing = {
        code: (path, name, depth)
        for code, path, name, depth in Unit.objects.filter(tenant=tenant).values_list(
            "code", "path", "name", "depth"
        )
    }
    root_code = next((code for code, info in existing.items() if info[2] == 1), None)
    administered = set(
        administered_units(actor).filter(tenant=tenant).values_list("code", flat=True)
    )

    by_code: dict[str, ImportRow] = {}
    valid_type: dict[int, UnitType] = {}
    for row in rows:
        for column in REQUIRED_VALUES:
            if not getattr(row, column):
                error(row, column, _("Kolom %(col)s wajib diisi.") % {"col": column})
        for column in COLUMNS:
            limit = _length_limit(column)
            value = getattr(row, column)
            if limit and len(value) > limit:
                error(
                    row,
                    column,
                    _("Terlalu panjang: maksimal %(max)s karakter (berisi %(n)s).")
                    % {"max": limit, "n": len(value)},
                )
        if row.jenis:
            unit_type = type_by_key.get(row.jenis.lower())
            if unit_type is None:
                error(
                    row,
                    "jenis",
                    _(
                        'Jenis unit "%(value)s" tidak dikenal. Gunakan kode atau nama jenis unit '
                        "instansi ini: %(choices)s."
                    )
                    % {"value": row.jenis, "choices": ", ".join(t.code for t in types)},
                )
            else:
                valid_type[row.line] = unit_type
        if row.nip_pimpinan:
            try:
                validate_nip(row.nip_pimpinan)
            except ValidationError as exc:
                error(row, "nip_pimpinan", exc.messages[0])
        if row.kode:
            if row.kode in by_code:
                error(
                    row,
                    "kode",
                    _(
                        'Kode "%(code)s" muncul lebih dari sekali di berkas (pertama di baris '
                        "%(line)s)."
                    )
                    % {"code": row.kode, "line": by_code[row.kode].line},
                )
            else:
                by_code[row.kode] = row
            if row.kode in existing:
                error(
                    row,
                    "kode",
                    _('Kode "%(code)s" sudah dipakai unit lain di instansi ini.')
                    % {"code": row.kode},
                )

    # Rows whose parent is another row of the file form a forest unless kode_induk loops.
    def parent_row(row: ImportRow) -> ImportRow | None:
        return by_code.get(row.kode_induk) if row.kode_induk else None

    in_cycle: set[str] = set()
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = finished
    for code in by_code:
        walk: list[str] = []
        current: str | None = code
        while current is not None and current not in state:
            state[current] = 1
            walk.append(current)
            parent = parent_row(by_code[current])
            current = parent.kode if parent is not None else None
        if current is not None and state[current] == 1:
            cycle = walk[walk.index(current) :]
            in_cycle.update(cycle)
            for member in cycle:
                row = by_code[member]
                if len(cycle) == 1:
                    error(row, "kode_induk", _("Unit tidak boleh menjadi induk dirinya sendiri."))
                else:
                    start = cycle.index(member)
                    loop = [*cycle[start:], *cycle[:start], member]
                    error(
                        row,
                        "kode_induk",
                        _("Kode induk membentuk lingkaran: %(loop)s.") % {"loop": " → ".join(loop)},
                    )
        for member in walk:
            state[member] = 2

    # Rows anchored at an existing unit (or the root) must be inside the actor's reach.
    depth: dict[str, int | None] = {}
    for row in rows:
        if row.kode in in_cycle or parent_row(row) is not None:
            continue
        anchor = row.kode_induk or root_code
        anchor_depth = None
        if anchor not in existing:
            error(
                row,
                "kode_induk",
                _('Unit induk "%(code)s" tidak ditemukan di berkas maupun di instansi ini.')
                % {"code": row.kode_induk},
            )
        elif anchor not in administered:
            if row.kode_induk:
                message = _('Anda tidak berwenang menambah unit di bawah "%(code)s".') % {
                    "code": row.kode_induk
                }
            else:
                message = _(
                    "Anda tidak berwenang menambah unit langsung di bawah instansi. Isi "
                    "kode_induk dengan kode unit yang Anda kelola."
                )
            error(row, "kode_induk", message)
        else:
            anchor_depth = existing[anchor][2] + 1
        if row.kode and by_code.get(row.kode) is row:
            depth[row.kode] = anchor_depth

    def depth_of(row: ImportRow) -> int | None:
        chain = []
        current = row
        while current.kode not in depth:
            if current.kode in in_cycle:
                depth[current.kode] = None
                break
            chain.append(current)
            current = parent_row(current)
        base = depth[current.kode]
        for member in reversed(chain):
            base = None if base is None else base + 1
            depth[member.kode] = base
        return depth[row.kode]

    max_depth = _max_depth()
    for row in by_code.values():
        row_depth = depth_of(row)
        if row_depth is not None and row_depth > max_depth:
            parent = parent_row(row)
            if parent is None or depth_of(parent) == max_depth:  # report the first one only
                error(
                    row,
                    "kode_induk",
                    _("Pohon unit terlalu dalam: maksimal %(max)s tingkat.") % {"max": max_depth},
                )

    errors.sort(key=lambda e: (e.line, COLUMNS.index(e.column) if e.column in COLUMNS else 99))
    if errors:
        return ImportPlan(units=[], errors=errors)

    # Parents first; siblings keep their order in the file.
    planned: list[PlannedUnit] = []
    done: set[str] = set()
    for row in rows:
        chain = []
        current: ImportRow | None = row
        while current is not None and current.kode not in done:
            chain.append(current)
            current = parent_row(current)
        for member in reversed(chain):
            parent = parent_row(member)
            parent_code = member.kode_induk or root_code
            planned.append(
                PlannedUnit(
                    row=member,
                    unit_type=valid_type[member.line],
                    parent_code=parent_code,
                    parent_name=parent.nama if parent else existing[parent_code][1],
                    parent_line=parent.line if parent else None,
                    depth=depth[member.kode],
                )
            )
            done.add(member.kode)
    return ImportPlan(units=planned, errors=[])


def check_file(parsed: ParsedFile, *, actor, tenant) -> ImportPlan:
    """The dry run: file-level cell problems plus ``plan_import``'s row checks."""
    plan = plan_import(parsed.rows, actor=actor, tenant=tenant)
    if parsed.errors:
        errors = sorted(
            [*parsed.errors, *plan.errors],
            key=lambda e: (e.line, COLUMNS.index(e.column) if e.column in COLUMNS else 99),
        )
        return ImportPlan(units=[], errors=errors)
    return plan


# --- writing ----------------------------------------------------------------------


def _sheet(workbook: Workbook, title: str, rows) -> None:
    sheet = workbook.active
    sheet.title = title
    sheet.append(COLUMNS)
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
            cell = sheet.cell(row=line, column=index, value=value or None)
            # A unit called "=HYPERLINK(…)" must stay text, not become a formula.
            cell.data_type = "s" if value else cell.data_type
            if COLUMNS[index - 1] in ("kode", "kode_induk", "nip_pimpinan"):
                cell.number_format = "@"


def _types_sheet(workbook: Workbook, types) -> None:
    sheet = workbook.create_sheet(_("Jenis unit"))
    sheet.append([_("jenis (kode)"), _("nama jenis")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 40
    for unit_type in types:
        sheet.append([unit_type.code, unit_type.name])


def _to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
        administered_units(user).filter(tenant=tenant).select_related("unit_type").order_by("path")
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
    workbook = Workbook()
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
    workbook = Workbook()
    _sheet(workbook, _("Unit"), [example])
    _types_sheet(workbook, types)
    return _to_bytes(workbook)
