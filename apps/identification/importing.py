"""The service-user spreadsheet (.xlsx/.csv): its ``TableSpec`` (columns, other spellings
seen in FRM-03 copies, a parser per column that normalises or refuses the cell) and the
row checks of the dry run. Nothing here writes; ``services.service_user_import`` does,
after checking again.

The file is read by the shared reader (``core.imports``), so every import refuses the
same broken files with the same messages.
"""

from dataclasses import asdict, dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from apps.core.imports import Column, ImportFileError, ParsedTable, RowError, TableSpec, sort_errors
from apps.core.spreadsheets import append_row, cell_text, new_workbook, workbook_bytes

from .checks import clean_person_text, normalize_email, normalize_phone, parse_date

COLUMNS = ["nama", "jenis_layanan", "tanggal_selesai", "telepon", "email"]
# column -> ServiceUserRow field
FIELDS = {
    "nama": "name",
    "jenis_layanan": "service",
    "tanggal_selesai": "finished_on",
    "telepon": "phone",
    "email": "email",
}
# Other spellings seen in FRM-03 copies.
ALIASES = {
    "nama": ("nama_pengguna_layanan",),
    "jenis_layanan": ("layanan",),
    "tanggal_selesai": ("tanggal_selesai_layanan", "tanggal"),
    "telepon": (
        "no_telp",
        "no_telp_wa",
        "no_hp",
        "nomor_telepon",
        "telepon_wa",
        "whatsapp",
        "wa",
    ),
    "email": ("alamat_email", "e_mail"),
}


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


@dataclass
class CheckedFile:
    rows: list[ServiceUserRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _contact_header(present: set[str]) -> None:
    if "telepon" not in present and "email" not in present:
        raise ImportFileError(_("Berkas harus memiliki kolom telepon atau email."))


def spec(*, today: date) -> TableSpec:
    """The columns of the file; dates are checked against ``today``."""
    parsers = {
        "nama": lambda v: clean_person_text(cell_text(v), kind="name"),
        "jenis_layanan": lambda v: clean_person_text(cell_text(v), kind="service"),
        "tanggal_selesai": lambda v: parse_date(v, today=today).isoformat(),
        "telepon": lambda v: normalize_phone(cell_text(v)),
        "email": lambda v: normalize_email(cell_text(v)),
    }
    return TableSpec(
        columns=tuple(
            Column(
                name,
                field=FIELDS[name],
                aliases=ALIASES[name],
                required=name in ("nama", "jenis_layanan", "tanggal_selesai"),
                parse=parsers[name],
            )
            for name in COLUMNS
        ),
        header_check=_contact_header,
    )


def check_table(parsed: ParsedTable, *, existing: set[tuple[str, str, str]]) -> CheckedFile:
    """The rows of a parsed file checked against each other and ``existing`` (name,
    service, ISO date of the service users already listed for the cycle): repeating one
    is a row error."""
    checked = CheckedFile(errors=list(parsed.errors))
    bad = parsed.bad_lines
    seen: dict[tuple[str, str, str], int] = {}
    for values in parsed.rows:
        line = values["line"]
        if line in bad:
            continue
        row = ServiceUserRow(**values)
        if row.phone == "" and row.email == "":
            checked.errors.append(
                RowError(line, "telepon", _("Isi no. telp./WA atau alamat e-mail."))
            )
            continue
        key = (row.name.lower(), row.service.lower(), row.finished_on)
        if key in seen:
            checked.errors.append(
                RowError(line, "nama", _("Sama dengan baris %(line)s.") % {"line": seen[key]})
            )
        elif key in existing:
            checked.errors.append(
                RowError(line, "nama", _("Sudah ada di daftar pengguna layanan."))
            )
        else:
            seen[key] = line
            checked.rows.append(row)
    checked.errors = sort_errors(checked.errors, COLUMNS)
    return checked


def check_file(uploaded, *, today: date, existing: set[tuple[str, str, str]]) -> CheckedFile:
    """Read and check an uploaded file."""
    return check_table(spec(today=today).read_upload(uploaded), existing=existing)


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
