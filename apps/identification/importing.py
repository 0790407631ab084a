"""The service-user spreadsheet (.xlsx/.csv): reading and checking it row by row (the dry
run). Nothing here writes; ``services.service_user_import`` does, after checking again.

The file formats are read by the unit importer's readers (content-detected, size- and
zip-bomb-limited), so both imports refuse the same broken files with the same messages.
"""

import re
from dataclasses import asdict, dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.core.spreadsheets import (
    SpreadsheetError,
    append_row,
    cell_text,
    new_workbook,
    read_table,
    workbook_bytes,
)

from .checks import clean_person_text, normalize_email, normalize_phone, parse_date

COLUMNS = ["nama", "jenis_layanan", "tanggal_selesai", "telepon", "email"]
REQUIRED = ["nama", "jenis_layanan", "tanggal_selesai"]
# Other spellings seen in FRM-03 copies.
ALIASES = {
    "nama_pengguna_layanan": "nama",
    "layanan": "jenis_layanan",
    "tanggal_selesai_layanan": "tanggal_selesai",
    "tanggal": "tanggal_selesai",
    "no_telp": "telepon",
    "no_telp_wa": "telepon",
    "no_hp": "telepon",
    "nomor_telepon": "telepon",
    "telepon_wa": "telepon",
    "whatsapp": "telepon",
    "wa": "telepon",
    "alamat_email": "email",
    "e_mail": "email",
}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportFileError(Exception):
    """The whole file is refused; the message is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ServiceUserRow:
    """One checked row, ready to be stored (values normalised)."""

    line: int
    name: str
    service: str
    finished_on: str  # ISO date: rows travel through the session as JSON
    phone: str
    email: str

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ServiceUserRow":
        return cls(
            **{k: data[k] for k in ("line", "name", "service", "finished_on", "phone", "email")}
        )

    @property
    def finished_date(self) -> date:
        return date.fromisoformat(self.finished_on)


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass
class CheckedFile:
    rows: list[ServiceUserRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _column_name(value) -> str:
    """``No. Telp./WA`` → ``no_telp_wa``; then the known other spellings."""
    name = re.sub(r"[^a-z0-9]+", "_", str(value or "").strip().lower()).strip("_")
    return ALIASES.get(name, name)


def _header(values) -> dict[str, int]:
    header: dict[str, int] = {}
    for index, value in enumerate(values):
        name = _column_name(value)
        if name not in COLUMNS:
            continue
        if name in header:
            raise ImportFileError(
                _("Kolom %(col)s muncul lebih dari sekali di baris judul.") % {"col": name}
            )
        header[name] = index
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFileError(
            _(
                "Kolom wajib tidak ada di baris judul: %(missing)s. Baris pertama berkas harus "
                "berisi judul kolom: %(columns)s."
            )
            % {"missing": ", ".join(missing), "columns": ", ".join(COLUMNS)}
        )
    if "telepon" not in header and "email" not in header:
        raise ImportFileError(_("Berkas harus memiliki kolom telepon atau email."))
    return header


def check_row(
    line: int, cells: dict, *, today: date
) -> tuple[ServiceUserRow | None, list[RowError]]:
    """One row's values, normalised, or its errors (every column checked)."""
    errors: list[RowError] = []
    values: dict[str, str] = {}
    for column, kind in (("nama", "name"), ("jenis_layanan", "service")):
        try:
            values[column] = clean_person_text(cell_text(cells.get(column)), kind=kind)
        except ValidationError as exc:
            errors.append(RowError(line, column, " ".join(exc.messages)))
    try:
        finished = parse_date(cells.get("tanggal_selesai"), today=today).isoformat()
    except ValidationError as exc:
        errors.append(RowError(line, "tanggal_selesai", " ".join(exc.messages)))
        finished = ""
    contact = {}
    for column, normalise in (("telepon", normalize_phone), ("email", normalize_email)):
        try:
            contact[column] = normalise(cell_text(cells.get(column)))
        except ValidationError as exc:
            errors.append(RowError(line, column, " ".join(exc.messages)))
            contact[column] = None
    if contact.get("telepon") == "" and contact.get("email") == "":
        errors.append(RowError(line, "telepon", _("Isi no. telp./WA atau alamat e-mail.")))
    if errors:
        return None, errors
    return (
        ServiceUserRow(
            line=line,
            name=values["nama"],
            service=values["jenis_layanan"],
            finished_on=finished,
            phone=contact["telepon"],
            email=contact["email"],
        ),
        [],
    )


def check_file(uploaded, *, today: date, existing: set[tuple[str, str, str]]) -> CheckedFile:
    """Read and check an uploaded file. ``existing`` holds (name, service, ISO date) of the
    service users already listed for the cycle: repeating one is a row error."""
    size = getattr(uploaded, "size", None)
    limit = settings.IMPORT_MAX_BYTES
    mb = f"{limit / (1024 * 1024):g}"
    if size is not None and size > limit:
        raise ImportFileError(_("Berkas terlalu besar: maksimal %(mb)s MB.") % {"mb": mb})
    uploaded.seek(0)
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise ImportFileError(_("Berkas terlalu besar: maksimal %(mb)s MB.") % {"mb": mb})
    try:
        return _check_table(read_table(data), today=today, existing=existing)
    except SpreadsheetError as exc:  # raised by the shared readers
        raise ImportFileError(exc.message) from None


def _check_table(table, *, today: date, existing: set) -> CheckedFile:
    checked = CheckedFile()
    header = None
    seen: dict[tuple[str, str, str], int] = {}
    for line, values in enumerate(table, start=1):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        if header is None:
            header = _header(values)
            continue
        if len(checked.rows) + len(checked.errors) >= settings.IMPORT_MAX_ROWS:
            raise ImportFileError(
                _("Berkas berisi lebih dari %(max)s baris data.")
                % {"max": settings.IMPORT_MAX_ROWS}
            )
        cells = {col: (values[i] if i < len(values) else None) for col, i in header.items()}
        row, errors = check_row(line, cells, today=today)
        if row is not None:
            key = (row.name.lower(), row.service.lower(), row.finished_on)
            if key in seen:
                errors = [
                    RowError(line, "nama", _("Sama dengan baris %(line)s.") % {"line": seen[key]})
                ]
            elif key in existing:
                errors = [RowError(line, "nama", _("Sudah ada di daftar pengguna layanan."))]
            else:
                seen[key] = line
        if errors:
            checked.errors.extend(errors)
        else:
            checked.rows.append(row)
    if header is None:
        raise ImportFileError(_("Berkas kosong."))
    if not checked.rows and not checked.errors:
        raise ImportFileError(_("Berkas tidak berisi baris data di bawah baris judul kolom."))
    return checked


def template_workbook() -> bytes:
    """An empty .xlsx with the columns and one example row."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "Pengguna layanan"
    append_row(sheet, COLUMNS)
    append_row(
        sheet,
        ["Budi Hartono", "Rekomendasi teknis", "2026-01-15", "081234567890", "budi@contoh.id"],
    )
    for column, width in zip("ABCDE", (30, 30, 18, 18, 30), strict=True):
        sheet.column_dimensions[column].width = width
    for cell in sheet["D"]:
        cell.number_format = "@"
    return workbook_bytes(workbook)
