"""Checking import rows against each other and against the agency: the dry run.

Three queries whatever the number of rows (the agency's unit types, its existing units,
the actor's administered units); everything else is plain Python over the rows. Codes
are compared exactly, as the database constraint does.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.core.access import Capability, units_where
from apps.core.nip import validate_nip

from ..models import Unit, UnitType
from .rows import (
    ADDRESS_MAX_LENGTH,
    COLUMNS,
    REQUIRED_VALUES,
    UNIT_FIELD,
    ImportPlan,
    ImportRow,
    ParsedFile,
    PlannedUnit,
    RowError,
)


def _length_limit(column: str) -> int | None:
    if column == "alamat":
        return ADDRESS_MAX_LENGTH
    if column in UNIT_FIELD:
        return Unit._meta.get_field(UNIT_FIELD[column]).max_length
    return None


def _sort_key(error: RowError):
    return (error.line, COLUMNS.index(error.column) if error.column in COLUMNS else len(COLUMNS))


class _Check:
    def __init__(self, rows: list[ImportRow], *, actor, tenant):
        self.rows = rows
        self.errors: list[RowError] = []
        self.types = list(UnitType.objects.filter(tenant=tenant))
        self.type_by_key: dict[str, UnitType] = {}
        for unit_type in self.types:
            self.type_by_key.setdefault(unit_type.name.strip().lower(), unit_type)
        for unit_type in self.types:  # a code wins over a name that spells another code
            self.type_by_key[unit_type.code.lower()] = unit_type
        # code -> (name, depth) of every unit of the agency, seen or not by the actor:
        # codes are unique per agency, so a clash anywhere in it must be reported.
        self.existing: dict[str, tuple[str, int]] = {
            code: (name, depth)
            for code, name, depth in Unit.objects.filter(tenant=tenant).values_list(
                "code", "name", "depth"
            )
        }
        self.root_code = next((c for c, (_n, d) in self.existing.items() if d == 1), None)
        self.administered = set(
            units_where(actor, Capability.UNIT_ADMIN)
            .filter(tenant=tenant)
            .values_list("code", flat=True)
        )
        self.by_code: dict[str, ImportRow] = {}  # first row of each code
        self.unit_type: dict[int, UnitType] = {}  # line -> resolved type
        self.in_cycle: set[str] = set()
        self.depth: dict[str, int | None] = {}  # code -> depth in the tree, None if unplaceable

    def error(self, row: ImportRow, column: str, message: str) -> None:
        self.errors.append(RowError(row.line, column, message))

    def parent_row(self, row: ImportRow) -> ImportRow | None:
        return self.by_code.get(row.kode_induk) if row.kode_induk else None

    # --- one row at a time ---

    def cells(self) -> None:
        for row in self.rows:
            for column in REQUIRED_VALUES:
                if not getattr(row, column):
                    self.error(row, column, _("Kolom %(col)s wajib diisi.") % {"col": column})
            for column in COLUMNS:
                limit, value = _length_limit(column), getattr(row, column)
                if limit and len(value) > limit:
                    self.error(
                        row,
                        column,
                        _("Terlalu panjang: maksimal %(max)s karakter (berisi %(n)s).")
                        % {"max": limit, "n": len(value)},
                    )
            if row.jenis:
                self.jenis(row)
            if row.nip_pimpinan:
                self.nip(row)
            if row.kode:
                self.code(row)

    def jenis(self, row: ImportRow) -> None:
        unit_type = self.type_by_key.get(row.jenis.lower())
        if unit_type is not None:
            self.unit_type[row.line] = unit_type
            return
        self.error(
            row,
            "jenis",
            _(
                'Jenis unit "%(value)s" tidak dikenal. Gunakan kode atau nama jenis unit '
                "instansi ini: %(choices)s."
            )
            % {"value": row.jenis, "choices": ", ".join(t.code for t in self.types)},
        )

    def nip(self, row: ImportRow) -> None:
        if not row.nip_pimpinan.isascii():
            # str.isdigit() also accepts "²" and Arabic-Indic digits; validate_nip would
            # then fail on int() with a ValueError instead of a message.
            self.error(row, "nip_pimpinan", _("NIP harus terdiri dari 18 angka."))
            return
        try:
            validate_nip(row.nip_pimpinan)
        except ValidationError as exc:
            self.error(row, "nip_pimpinan", exc.messages[0])

    def code(self, row: ImportRow) -> None:
        first = self.by_code.setdefault(row.kode, row)
        if first is not row:
            self.error(
                row,
                "kode",
                _('Kode "%(code)s" muncul lebih dari sekali di berkas (pertama di baris %(line)s).')
                % {"code": row.kode, "line": first.line},
            )
        if row.kode in self.existing:
            self.error(
                row,
                "kode",
                _('Kode "%(code)s" sudah dipakai unit lain di instansi ini.') % {"code": row.kode},
            )

    # --- the rows as a tree ---

    def cycles(self) -> None:
        """Each file row has at most one parent row, so following kode_induk either ends
        (at an existing unit) or runs into a loop; report every member of a loop."""
        state: dict[str, int] = {}  # 1 = on the current walk, 2 = finished
        for code in self.by_code:
            walk: list[str] = []
            current: str | None = code
            while current is not None and current not in state:
                state[current] = 1
                walk.append(current)
                parent = self.parent_row(self.by_code[current])
                current = parent.kode if parent is not None else None
            if current is not None and state[current] == 1:
                self.report_cycle(walk[walk.index(current) :])
            for member in walk:
                state[member] = 2

    def report_cycle(self, cycle: list[str]) -> None:
        self.in_cycle.update(cycle)
        for start, member in enumerate(cycle):
            row = self.by_code[member]
            if len(cycle) == 1:
                message = _("Unit tidak boleh menjadi induk dirinya sendiri.")
            else:
                loop = " → ".join([*cycle[start:], *cycle[:start], member])
                message = _("Kode induk membentuk lingkaran: %(loop)s.") % {"loop": loop}
            self.error(row, "kode_induk", message)

    def anchors(self) -> None:
        """Rows hung under an existing unit (blank = the agency root) need that unit to
        exist and to be administered by the actor; rows below them inherit their place."""
        for row in self.rows:
            if row.kode in self.in_cycle or self.parent_row(row) is not None:
                continue
            anchor = row.kode_induk or self.root_code
            depth = None
            if anchor not in self.existing:
                self.error(
                    row,
                    "kode_induk",
                    _('Unit induk "%(code)s" tidak ditemukan di berkas maupun di instansi ini.')
                    % {"code": row.kode_induk},
                )
            elif anchor not in self.administered:
                if row.kode_induk:
                    message = _('Anda tidak berwenang menambah unit di bawah "%(code)s".') % {
                        "code": row.kode_induk
                    }
                else:
                    message = _(
                        "Anda tidak berwenang menambah unit langsung di bawah instansi. Isi "
                        "kode_induk dengan kode unit yang Anda kelola."
                    )
                self.error(row, "kode_induk", message)
            else:
                depth = self.existing[anchor][1] + 1
            if self.by_code.get(row.kode) is row:
                self.depth[row.kode] = depth

    def depth_of(self, row: ImportRow) -> int | None:
        chain = []
        current = row
        while current.kode not in self.depth:
            if current.kode in self.in_cycle:
                self.depth[current.kode] = None
                break
            chain.append(current)
            current = self.parent_row(current)
        depth = self.depth[current.kode]
        for member in reversed(chain):
            depth = None if depth is None else depth + 1
            self.depth[member.kode] = depth
        return self.depth[row.kode]

    def depths(self) -> None:
        max_depth = Unit._meta.get_field("path").max_length // Unit.steplen
        for row in self.by_code.values():
            depth = self.depth_of(row)
            if depth is None or depth <= max_depth:
                continue
            parent = self.parent_row(row)
            if parent is None or self.depth_of(parent) == max_depth:  # the first one only
                self.error(
                    row,
                    "kode_induk",
                    _("Pohon unit terlalu dalam: maksimal %(max)s tingkat.") % {"max": max_depth},
                )

    def ordered(self) -> list[PlannedUnit]:
        """Parents before children; siblings keep their order in the file."""
        planned: list[PlannedUnit] = []
        done: set[str] = set()
        for row in self.rows:
            chain = []
            current: ImportRow | None = row
            while current is not None and current.kode not in done:
                chain.append(current)
                current = self.parent_row(current)
            for member in reversed(chain):
                parent = self.parent_row(member)
                parent_code = member.kode_induk or self.root_code
                planned.append(
                    PlannedUnit(
                        row=member,
                        unit_type=self.unit_type[member.line],
                        parent_code=parent_code,
                        parent_name=parent.nama if parent else self.existing[parent_code][0],
                        parent_line=parent.line if parent else None,
                        depth=self.depth[member.kode],
                    )
                )
                done.add(member.kode)
        return planned


def plan_import(rows: list[ImportRow], *, actor, tenant) -> ImportPlan:
    """Check every row against the file and the agency; order the valid ones parents first.

    A row below an invalid row gets no error of its own: the file is refused anyway, and
    the user sees the cause.
    """
    check = _Check(rows, actor=actor, tenant=tenant)
    check.cells()
    check.cycles()
    check.anchors()
    check.depths()
    if check.errors:
        return ImportPlan(units=[], errors=sorted(check.errors, key=_sort_key))
    return ImportPlan(units=check.ordered(), errors=[])


def check_file(parsed: ParsedFile, *, actor, tenant) -> ImportPlan:
    """The dry run: problems seen in the raw cells plus ``plan_import``'s row checks."""
    plan = plan_import(parsed.rows, actor=actor, tenant=tenant)
    if parsed.errors:
        return ImportPlan(units=[], errors=sorted([*parsed.errors, *plan.errors], key=_sort_key))
    return plan
