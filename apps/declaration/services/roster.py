"""The staff roster: import (all rows or none), one employee, leaving the unit."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.audit.actions import AuditAction
from apps.audit.services import audit_record
from apps.core import workflow
from apps.core.access import Capability, require
from apps.core.text import too_long_message
from apps.units.models import Unit

from ..importing import Action, RosterPlan, RosterRow, RowError, RowsInvalid, check_rows
from ..models import Employee, Placement

# --- Roster -------------------------------------------------------------------------


def user_or_none(actor):
    """The acting person for a ``*_by`` column; None for a command without one."""
    return actor if getattr(actor, "pk", None) else None


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
    require(actor, Capability.DECLARATION_MANAGE, unit)
    unit = Unit.objects.select_for_update(of=("self",)).get(
        pk=unit.pk
    )  # one import per unit at a time
    plan = check_rows(rows, unit=unit)
    if not plan.is_valid:
        raise RowsInvalid(plan.errors)
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
        raise RowsInvalid(
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
    actor_user = user_or_none(actor)
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
    workflow.announce(unit, "roster_import", actor=actor)
    for item in plan.moves:  # their former units lose them
        workflow.announce(item.current, "end", actor=actor)
    audit_record(
        actor=actor,
        tenant=unit.tenant,
        action=AuditAction.ROSTER_IMPORT,
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
        nip=nip or "",  # RosterRow keeps the NIP's digits (printed form accepted)
        nama=" ".join((name or "").split()),
        jabatan=" ".join((position or "").split()),
        wajib_lhkpn="ya" if lhkpn_obliged else "tidak",
        email=(email or "").strip(),
    )
    try:
        roster_import(actor=actor, unit=unit, rows=[row], accept_moves=accept_move)
    except RowsInvalid as exc:
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
        Placement.objects.select_for_update(of=("self",))
        .select_related("unit", "employee")
        .get(pk=placement.pk)
    )
    require(actor, Capability.DECLARATION_MANAGE, placement.unit)
    reason = " ".join((reason or "").split())
    errors: dict[str, list] = {}
    if placement.ended_on is not None:
        raise ValidationError(_("Pegawai ini sudah tidak tercatat di unit tersebut."))
    if not reason:
        errors["reason"] = [_("Tuliskan alasan pegawai keluar dari unit.")]
    elif len(reason) > 300:
        errors["reason"] = [too_long_message(300, len(reason))]
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
    placement.end_reason = reason
    placement.full_clean(validate_constraints=False, validate_unique=False)
    placement.save(update_fields=["ended_on", "end_reason"])
    workflow.announce(placement, "end", actor=actor)
    audit_record(
        actor=actor,
        tenant=placement.unit.tenant,
        action=AuditAction.PLACEMENT_END,
        instance=placement,
        after={"employee": placement.employee.nip, "ended_on": ended_on.isoformat()},
        reason=reason,
    )
    return placement
