"""The columns of the unit spreadsheet and the plain data passed between reading,
checking and the import service."""

from dataclasses import asdict, dataclass, field

from apps.core.imports import RowError
from apps.core.spreadsheets import XLSX_MIME as XLSX_MIME

from ..models import UnitType

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
