"""Writes of the declaration app: the charter, the roster and the integrity pacts.

Who may write: the unit's Pimpinan Unit, Ketua Tim and Sekretaris, and Admin Instansi
over the unit (``can_manage``). Signing a pact online: only the employee themself.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.access import has_role_over
from apps.accounts.models import User
from apps.accounts.roles import ADMIN_ROLES, Role
from apps.audit.services import audit_record, snapshot
from apps.core.exceptions import AccessDenied
from apps.cycles.models import Cycle
from apps.cycles.stages import Stage
from apps.files.services import file_store
from apps.units.models import Unit

from . import texts
from .importing import Action, RosterPlan, RosterRow, RosterRowsInvalid, RowError, check_rows
from .models import Declaration, Employee, Pact, PactMethod, Placement, Witness

# Roles of the unit itself that run its declaration and roster (Tim Kerja, DOMAIN.md §3).
TEAM_ROLES = frozenset({Role.PIMPINAN_UNIT, Role.KETUA_TIM, Role.SEKRETARIS})
MANAGER_ROLES = TEAM_ROLES | ADMIN_ROLES
DECLARATION_FIELDS = ["declared_on", "place", "head_name", "head_title", "head_nip", "scan"]
MAX_WITNESSES = 10


def can_manage(user, unit: Unit) -> bool:
    """Team roles reach only their own unit; Admin Instansi reaches its subtree."""
    return has_role_over(user, unit, MANAGER_ROLES)


def _require_manager(actor, unit: Unit) -> None:
    if not can_manage(actor, unit):
        raise AccessDenied(
            _(
                "Hanya Pimpinan Unit, Ketua Tim, Sekretaris atau Admin Instansi yang dapat "
                "mengelola pencanangan dan daftar pegawai %(unit)s."
            )
            % {"unit": unit.name}
        )


def _user_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


# --- Piagam Pencanangan (FRM-01) -------------------------------------------------------


def _require_pencanangan(cycle: Cycle) -> None:
    if cycle.stage != Stage.PENCANANGAN:
        raise ValidationError(
            _(
                "Piagam pencanangan hanya dapat diubah selama siklus berada di tahap "
                "Pencanangan (sekarang: %(stage)s)."
            )
            % {"stage": cycle.get_stage_display()}
        )


def _norm(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def _clean_witnesses(unit: Unit, witnesses: list[dict]) -> list[Witness]:
    rows: list[Witness] = []
    errors: list[str] = []
    filled = [
        w
        for w in witnesses
        if any((w.get(k) or "").strip() for k in ("name", "title", "institution"))
    ]
    if len(filled) > MAX_WITNESSES:
        errors.append(_("Paling banyak %(n)s saksi.") % {"n": MAX_WITNESSES})
    for number, data in enumerate(filled, start=1):
        values = {
            k: " ".join((data.get(k) or "").split()) for k in ("name", "title", "institution")
        }
        missing = [
            label
            for key, label in (
                ("name", _("nama")),
                ("title", _("jabatan")),
                ("institution", _("instansi/unit")),
            )
            if not values[key]
        ]
        if missing:
            errors.append(
                _("Saksi %(n)s: %(fields)s wajib diisi.")
                % {"n": number, "fields": ", ".join(missing)}
            )
            continue
        witness = Witness(order=number, **values)
        try:
            witness.full_clean(exclude=["declaration"])
        except ValidationError as exc:
            errors.extend(f"{_('Saksi')} {number}: {m}" for m in exc.messages)
            continue
        rows.append(witness)
    if not filled:
        errors.append(
            _("Isi paling sedikit satu saksi dari luar unit (nama, jabatan dan instansinya).")
        )
    elif rows and not errors:
        own = {_norm(unit.name), _norm(unit.code)}
        if all(_norm(w.institution) in own for w in rows):
            errors.append(
                _(
                    "Saksi pencanangan adalah pihak di luar pimpinan dan pegawai unit: paling "
                    "sedikit satu saksi harus berasal dari instansi/unit lain selain %(unit)s."
                )
                % {"unit": unit.name}
            )
    if errors:
        raise ValidationError({"witnesses": errors})
    return rows


@transaction.atomic
def declaration_record(
    *,
    actor,
    cycle: Cycle,
    declared_on: datetime.date,
    place: str,
    head_name: str,
    head_title: str,
    head_nip: str = "",
    witnesses: list[dict],
) -> Declaration:
    """Record (or correct) the charter of ``cycle``: FRM-01's facts and its witnesses."""
    cycle = Cycle.objects.select_for_update().select_related("unit").get(pk=cycle.pk)
    unit = cycle.unit
    _require_manager(actor, unit)
    _require_pencanangan(cycle)
    declaration = Declaration.objects.filter(cycle=cycle).first()
    created = declaration is None
    if created:
        declaration = Declaration(tenant_id=cycle.tenant_id, cycle=cycle, unit=unit)
    before = None if created else snapshot(declaration, DECLARATION_FIELDS)
    declaration.declared_on = declared_on
    declaration.place = " ".join((place or "").split())
    declaration.head_name = " ".join((head_name or "").split())
    declaration.head_title = " ".join((head_title or "").split())
    declaration.head_nip = (head_nip or "").strip()
    declaration.recorded_by = _user_or_none(actor)
    errors: dict[str, list] = {}
    for field, message in (
        ("declared_on", _("Tanggal pencanangan wajib diisi.")),
        ("place", _("Tempat pencanangan wajib diisi.")),
        ("head_name", _("Nama pimpinan unit wajib diisi.")),
        ("head_title", _("Jabatan pimpinan unit wajib diisi.")),
    ):
        if not getattr(declaration, field):
            errors[field] = [message]
    try:
        declaration.full_clean(exclude=["cycle", "unit", "scan", *errors])
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if declared_on and not errors.get("declared_on"):
        if declared_on > timezone.localdate():
            errors.setdefault("declared_on", []).append(
                _(
                    "Tanggal pencanangan tidak boleh setelah hari ini: catat setelah upacara "
                    "berlangsung."
                )
            )
        elif declared_on.year not in (cycle.year - 1, cycle.year):
            errors.setdefault("declared_on", []).append(
                _(
                    "Tanggal pencanangan siklus %(year)s harus pada tahun %(year)s atau tahun "
                    "sebelumnya."
                )
                % {"year": cycle.year}
            )
    try:
        rows = _clean_witnesses(unit, witnesses or [])
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    declaration.save()
    declaration.witnesses.all().delete()
    for witness in rows:
        witness.declaration = declaration
    Witness.objects.bulk_create(rows)
    after = snapshot(declaration, DECLARATION_FIELDS)
    after["witnesses"] = [f"{w.name} – {w.title}, {w.institution}" for w in rows]
    audit_record(
        actor=actor,
        tenant=unit.tenant,
        action="declaration.record" if created else "declaration.update",
        instance=declaration,
        before=before,
        after=after,
    )
    return declaration


@transaction.atomic
def declaration_attach_scan(*, actor, declaration: Declaration, uploaded) -> Declaration:
    """Attach the scan of the signed charter (replaces an earlier one; the file stays)."""
    declaration = (
        Declaration.objects.select_for_update()
        .select_related("cycle", "unit")
        .get(pk=declaration.pk)
    )
    _require_manager(actor, declaration.unit)
    _require_pencanangan(declaration.cycle)
    stored = file_store(actor=actor, unit=declaration.unit, uploaded=uploaded)
    before = snapshot(declaration, ["scan"])
    declaration.scan = stored
    declaration.scan_uploaded_at = timezone.now()
    declaration.save(update_fields=["scan", "scan_uploaded_at", "updated_at"])
    audit_record(
        actor=actor,
        tenant=declaration.unit.tenant,
        action="declaration.scan",
        instance=declaration,
        before=before,
        after={"scan": stored.pk, "original_name": stored.original_name},
    )
    return declaration


def missing_message(*, recorded: bool, scanned: bool) -> str | None:
    if not recorded:
        return _(
            "Piagam pencanangan belum dicatat: catat tanggal, tempat, pimpinan dan saksi "
            "pencanangan, lalu unggah pindaian piagam yang sudah ditandatangani."
        )
    if not scanned:
        return _(
            "Piagam pencanangan belum dicatat lengkap: unggah pindaian piagam yang sudah "
            "ditandatangani pimpinan unit dan para saksi."
        )
    return None


def declaration_missing(cycle: Cycle) -> str | None:
    """Why ``cycle`` may not leave pencanangan yet, or None (the stage guard's check)."""
    scan_ids = list(Declaration.objects.filter(cycle_id=cycle.pk).values_list("scan_id", flat=True))
    return missing_message(recorded=bool(scan_ids), scanned=bool(scan_ids and scan_ids[0]))


# --- Roster -------------------------------------------------------------------------


def _link_users(employees: list[Employee]) -> None:
    """Connect employees without an account to the user with their NIP (or e-mail): one
    query. A user already connected to another employee of the agency is left alone."""
    loose = [e for e in employees if e.user_id is None]
    if not loose:
        return
    nips = {e.nip for e in loose}
    emails = {e.email.lower() for e in loose if e.email}
    users = list(
        User.objects.filter(Q(nip__in=nips) | Q(email__in=emails)).only("id", "nip", "email")
    )
    by_nip = {u.nip: u for u in users if u.nip}
    by_email = {u.email.lower(): u for u in users}
    tenant_id = loose[0].tenant_id
    taken = set(
        Employee.objects.filter(tenant_id=tenant_id, user__in=users).values_list(
            "user_id", flat=True
        )
    )
    for employee in loose:
        user = by_nip.get(employee.nip) or by_email.get(
            employee.email.lower() if employee.email else ""
        )
        if user is not None and user.pk not in taken:
            employee.user = user
            taken.add(user.pk)


@transaction.atomic
def roster_import(
    *,
    actor,
    unit: Unit,
    rows: list[RosterRow],
    accept_moves: bool = False,
    started_on: datetime.date | None = None,
) -> RosterPlan:
    """Apply a roster file to ``unit``, all rows or none: new employees, returns, updates
    and moves from other units (the old placement ends, a new one starts). The rows are
    checked again here; a file whose moves were not accepted is refused."""
    _require_manager(actor, unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)  # one import per unit at a time
    plan = check_rows(rows, unit=unit)
    if not plan.is_valid:
        raise RosterRowsInvalid(plan.errors)
    if plan.moves and not accept_moves:
        raise ValidationError(
            _(
                "%(n)s pegawai masih tercatat di unit lain. Centang persetujuan pemindahan "
                "untuk memindahkan mereka ke %(unit)s."
            )
            % {"n": len(plan.moves), "unit": unit.name}
        )
    today = started_on or timezone.localdate()
    # The old placement must end on or after its start (check constraint): a move dated
    # before the employee even started there is refused with a message.
    late = [item for item in plan.moves if item.current.started_on > today]
    if late:
        raise RosterRowsInvalid(
            [
                RowError(
                    item.row.line,
                    "nip",
                    _(
                        "Penempatan lama pegawai ini baru mulai %(date)s; tidak dapat "
                        "dipindahkan sebelum tanggal itu."
                    )
                    % {"date": item.current.started_on.strftime("%d-%m-%Y")},
                )
                for item in late
            ]
        )
    actor_user = _user_or_none(actor)
    new_employees: list[Employee] = []
    changed_employees: list[Employee] = []
    for item in plan.rows:
        row = item.row
        if item.action == Action.NEW:
            employee = Employee(
                tenant_id=unit.tenant_id,
                nip=row.nip,
                name=row.nama,
                lhkpn_obliged=item.lhkpn_obliged,
                email=row.email.lower(),
            )
            new_employees.append(employee)
            item.employee = employee
        elif item.action != Action.SAME:
            employee = item.employee
            employee.name = row.nama
            employee.lhkpn_obliged = item.lhkpn_obliged
            if row.email:
                employee.email = row.email.lower()
            changed_employees.append(employee)
    _link_users(new_employees + changed_employees)
    for employee in new_employees + changed_employees:
        # Uniqueness was checked by check_rows and is enforced by the constraints; the
        # foreign keys were just read, so their per-row existence queries are skipped.
        employee.full_clean(
            exclude=["tenant", "user"], validate_unique=False, validate_constraints=False
        )
    Employee.objects.bulk_create(new_employees)
    if changed_employees:
        Employee.objects.bulk_update(
            changed_employees, ["name", "lhkpn_obliged", "email", "user", "updated_at"]
        )
    moved = [item.current.pk for item in plan.moves]
    if moved:
        Placement.objects.filter(pk__in=moved, ended_on__isnull=True).update(
            ended_on=today,
            end_reason=_("Pindah ke %(unit)s") % {"unit": unit.name},
        )
    Placement.objects.bulk_create(
        [
            Placement(
                tenant_id=unit.tenant_id,
                employee=item.employee,
                unit=unit,
                position=item.row.jabatan,
                started_on=today,
                created_by=actor_user,
            )
            for item in plan.rows
            if item.action in (Action.NEW, Action.RETURN, Action.MOVE)
        ]
    )
    positions = []
    for item in plan.rows:
        if item.action == Action.UPDATE and item.current.position != item.row.jabatan:
            item.current.position = item.row.jabatan
            positions.append(item.current)
    if positions:
        Placement.objects.bulk_update(positions, ["position"])
    audit_record(
        actor=actor,
        tenant=unit.tenant,
        action="roster.import",
        instance=unit,
        after={
            "baru": [i.row.nip for i in plan.rows if i.action == Action.NEW],
            "kembali": [i.row.nip for i in plan.rows if i.action == Action.RETURN],
            "pindah": [{"nip": i.row.nip, "dari_unit": i.current.unit_id} for i in plan.moves],
            "perbarui": [i.row.nip for i in plan.rows if i.action == Action.UPDATE],
        },
    )
    return plan


def employee_add(
    *,
    actor,
    unit: Unit,
    nip: str,
    name: str,
    position: str,
    lhkpn_obliged: bool,
    email: str = "",
    accept_move: bool = False,
) -> Placement:
    """One employee into ``unit``'s roster: the import of a one-row file."""
    row = RosterRow(
        line=1,
        nip=(nip or "").strip(),
        nama=" ".join((name or "").split()),
        jabatan=" ".join((position or "").split()),
        wajib_lhkpn="ya" if lhkpn_obliged else "tidak",
        email=(email or "").strip(),
    )
    try:
        roster_import(actor=actor, unit=unit, rows=[row], accept_moves=accept_move)
    except RosterRowsInvalid as exc:
        fields = {"nip": "nip", "nama": "name", "jabatan": "position", "email": "email"}
        errors: dict[str, list] = {}
        for error in exc.row_errors:
            errors.setdefault(fields.get(error.column, "__all__"), []).append(error.message)
        raise ValidationError(errors) from None
    return Placement.objects.select_related("employee").get(
        employee__tenant_id=unit.tenant_id, employee__nip=row.nip, ended_on__isnull=True
    )


@transaction.atomic
def placement_end(
    *, actor, placement: Placement, ended_on: datetime.date, reason: str
) -> Placement:
    """The employee leaves the unit (retirement, transfer out of the agency …); the row
    stays in the unit's history."""
    placement = (
        Placement.objects.select_for_update()
        .select_related("unit", "employee")
        .get(pk=placement.pk)
    )
    _require_manager(actor, placement.unit)
    reason = " ".join((reason or "").split())
    errors: dict[str, list] = {}
    if placement.ended_on is not None:
        raise ValidationError(_("Pegawai ini sudah tidak tercatat di unit tersebut."))
    if not reason:
        errors["reason"] = [_("Tuliskan alasan pegawai keluar dari unit.")]
    if ended_on is None:
        errors["ended_on"] = [_("Tanggal selesai wajib diisi.")]
    elif ended_on < placement.started_on:
        errors["ended_on"] = [
            _("Tanggal selesai tidak boleh sebelum tanggal mulai (%(date)s).")
            % {"date": placement.started_on.strftime("%d-%m-%Y")}
        ]
    if errors:
        raise ValidationError(errors)
    placement.ended_on = ended_on
    placement.end_reason = reason[:300]
    placement.full_clean(validate_constraints=False, validate_unique=False)
    placement.save(update_fields=["ended_on", "end_reason"])
    audit_record(
        actor=actor,
        tenant=placement.unit.tenant,
        action="placement.end",
        instance=placement,
        after={"employee": placement.employee.nip, "ended_on": ended_on.isoformat()},
        reason=reason,
    )
    return placement


# --- Pakta Integritas (FRM-02) ---------------------------------------------------------


def is_own_employee(user, employee: Employee) -> bool:
    """``user`` is this employee: linked, or not linked yet and holding the same NIP."""
    if not getattr(user, "is_authenticated", False):
        return False
    if employee.user_id is not None:
        return employee.user_id == user.pk
    return bool(user.nip) and user.nip == employee.nip


def _lock(placement: Placement) -> Placement:
    return (
        Placement.objects.select_for_update()
        .select_related("unit", "employee")
        .get(pk=placement.pk)
    )


def _require_unsigned_current(placement: Placement) -> None:
    if placement.ended_on is not None:
        raise ValidationError(
            _("Pegawai ini sudah tidak tercatat di %(unit)s.") % {"unit": placement.unit.name}
        )
    if Pact.objects.filter(placement=placement).exists():
        raise ValidationError(
            _("Pakta Integritas %(name)s di %(unit)s sudah ditandatangani.")
            % {"name": placement.employee.name, "unit": placement.unit.name}
        )


def pact_statement(placement: Placement) -> str:
    return texts.pact_text(
        name=placement.employee.name, position=placement.position, unit_name=placement.unit.name
    )


@transaction.atomic
def pact_sign(*, actor, placement: Placement, ip_address: str | None, agreed: bool) -> Pact:
    """The employee signs their pact online, after reading the statement shown to them."""
    placement = _lock(placement)
    employee = placement.employee
    if not is_own_employee(actor, employee):
        raise AccessDenied(
            _("Pakta Integritas hanya dapat ditandatangani oleh pegawai itu sendiri.")
        )
    _require_unsigned_current(placement)
    if not agreed:
        raise ValidationError(
            {"agree": [_("Centang pernyataan bahwa Anda telah membaca dan menyetujui isi pakta.")]}
        )
    if employee.user_id is None:
        if Employee.objects.filter(tenant_id=employee.tenant_id, user=actor).exists():
            raise ValidationError(
                _("Akun Anda sudah terhubung ke data pegawai lain di instansi ini.")
            )
        employee.user = actor
        employee.save(update_fields=["user", "updated_at"])
    pact = Pact(
        tenant_id=placement.tenant_id,
        placement=placement,
        employee=employee,
        unit=placement.unit,
        method=PactMethod.ONLINE,
        signed_at=timezone.now(),
        statement=pact_statement(placement),
        signer=actor,
        ip_address=ip_address or None,
        recorded_by=actor,
    )
    pact.full_clean(exclude=["placement"])
    pact.save()
    audit_record(
        actor=actor,
        tenant=placement.unit.tenant,
        action="pact.sign",
        instance=pact,
        after={"employee": employee.nip, "unit": placement.unit_id, "ip": pact.ip_address},
    )
    return pact


@transaction.atomic
def pact_record_scan(*, actor, placement: Placement, uploaded, signed_on: datetime.date) -> Pact:
    """The unit's team records a pact signed on paper (an employee without an account, or
    signed at the ceremony) with its scan."""
    placement = _lock(placement)
    _require_manager(actor, placement.unit)
    _require_unsigned_current(placement)
    if signed_on is None:
        raise ValidationError({"signed_on": [_("Tanggal penandatanganan wajib diisi.")]})
    if signed_on > timezone.localdate():
        raise ValidationError(
            {"signed_on": [_("Tanggal penandatanganan tidak boleh setelah hari ini.")]}
        )
    if uploaded is None:
        raise ValidationError({"file": [_("Unggah pindaian pakta yang sudah ditandatangani.")]})
    stored = file_store(actor=actor, unit=placement.unit, uploaded=uploaded)
    signed_at = timezone.make_aware(datetime.datetime.combine(signed_on, datetime.time(12)))
    pact = Pact(
        tenant_id=placement.tenant_id,
        placement=placement,
        employee=placement.employee,
        unit=placement.unit,
        method=PactMethod.SCAN,
        signed_at=signed_at,
        statement=pact_statement(placement),
        scan=stored,
        recorded_by=actor,
    )
    pact.full_clean(exclude=["placement"])
    pact.save()
    audit_record(
        actor=actor,
        tenant=placement.unit.tenant,
        action="pact.scan",
        instance=pact,
        after={
            "employee": placement.employee.nip,
            "scan": stored.pk,
            "signed_on": signed_on.isoformat(),
        },
    )
    return pact
