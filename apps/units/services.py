"""Writes to the unit tree. Every change is checked against the actor's admin roles and
recorded in the audit trail within the same transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core.access import Capability, can, forget_grants, is_platform_operator, units_where
from apps.core.exceptions import AccessDenied

from .importing import IMPORT_COLUMN_FIELDS, ImportRow, RowError, RowsInvalid, plan_import
from .models import Unit, UnitType

UNIT_FIELDS = [
    "code",
    "name",
    "unit_type",
    "address",
    "head_name",
    "head_nip",
    "head_title",
    "time_zone",
    "is_active",
]
EDITABLE_FIELDS = frozenset(UNIT_FIELDS)
UNIT_TYPE_FIELDS = ["code", "name", "order"]
TREE_EXCLUDE = ["path", "depth", "numchild"]


def _require_admin(actor, unit: Unit) -> None:
    """An admin of the unit, or a platform operator (Django admin)."""
    if not (can(actor, Capability.UNIT_ADMIN, unit) or is_platform_operator(actor)):
        raise AccessDenied(_("Anda tidak berwenang mengubah unit %(unit)s.") % {"unit": unit.name})


def _parent_snapshot(unit: Unit) -> dict:
    parent = Unit.objects.get_parent(unit)
    return {"parent": parent.code if parent else None, "path": unit.path}


@transaction.atomic
def unit_create(
    *,
    actor,
    parent: Unit,
    code: str,
    name: str,
    unit_type: UnitType,
    address: str = "",
    head_name: str = "",
    head_nip: str = "",
    head_title: str = "",
    time_zone: str = "",
) -> Unit:
    _require_admin(actor, parent)
    if unit_type.tenant_id != parent.tenant_id:
        raise ValidationError({"unit_type": _("Jenis unit tidak dikenal di instansi ini.")})
    unit = Unit(
        tenant_id=parent.tenant_id,
        code=code.strip(),
        name=name.strip(),
        unit_type=unit_type,
        address=address.strip(),
        head_name=head_name.strip(),
        head_nip=head_nip.strip(),
        head_title=head_title.strip(),
        # A new unit keeps its parent's time zone unless told otherwise.
        time_zone=time_zone or parent.time_zone,
    )
    unit.full_clean(exclude=TREE_EXCLUDE)
    unit = Unit.objects.add_child(parent, instance=unit)
    audit_record(
        actor=actor,
        tenant=parent.tenant,
        action=AuditAction.UNIT_CREATE,
        instance=unit,
        after={**snapshot(unit, UNIT_FIELDS), "parent": parent.code},
    )
    return unit


@transaction.atomic
def unit_update(*, actor, unit: Unit, **changes) -> Unit:
    """Change a unit's own fields (rename, re-type, new head …); the id and history stay."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    unit = Unit.objects.select_for_update(of=("self",)).get(pk=unit.pk)
    _require_admin(actor, unit)
    if unit.is_tenant_root and changes.get("is_active") is False:
        raise ValidationError(_("Unit induk instansi tidak dapat dinonaktifkan."))
    before = snapshot(unit, UNIT_FIELDS)
    for field, value in changes.items():
        setattr(unit, field, value.strip() if isinstance(value, str) else value)
    if "unit_type" in changes and unit.unit_type.tenant_id != unit.tenant_id:
        raise ValidationError({"unit_type": _("Jenis unit tidak dikenal di instansi ini.")})
    unit.full_clean(exclude=TREE_EXCLUDE)
    after = snapshot(unit, UNIT_FIELDS)
    changed = [f for f in UNIT_FIELDS if before[f] != after[f]]
    if not changed:
        return unit
    unit.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        tenant=unit.tenant,
        action=AuditAction.UNIT_UPDATE,
        instance=unit,
        before=before,
        after=after,
    )
    return unit


@transaction.atomic
def unit_move(*, actor, unit: Unit, new_parent: Unit, reason: str = "") -> Unit:
    """Move a unit (with everything below it) under another parent of the same agency."""
    unit = Unit.objects.select_for_update(of=("self",)).get(pk=unit.pk)
    new_parent = Unit.objects.get(pk=new_parent.pk)
    if unit.is_tenant_root:
        raise ValidationError(_("Unit induk instansi tidak dapat dipindahkan."))
    _require_admin(actor, unit)
    _require_admin(actor, new_parent)
    if new_parent.pk == unit.pk or new_parent.path.startswith(unit.path):
        raise ValidationError(
            {
                "parent": _(
                    "Unit tidak dapat dipindahkan ke bawah dirinya sendiri atau unit di bawahnya."
                )
            }
        )
    before = _parent_snapshot(unit)
    if before["parent"] == new_parent.code:
        return unit
    Unit.objects.move(unit, new_parent, "last-child")
    forget_grants()  # the subtree's paths changed in bulk: roles read before are stale
    unit.refresh_from_db()
    audit_record(
        actor=actor,
        tenant=unit.tenant,
        action=AuditAction.UNIT_MOVE,
        instance=unit,
        before=before,
        after=_parent_snapshot(unit),
        reason=reason,
    )
    return unit


@transaction.atomic
def unit_type_create(*, actor, tenant, code: str, name: str, order: int = 0) -> UnitType:
    root = Unit.objects.get(tenant=tenant, depth=1)
    _require_admin(actor, root)
    unit_type = UnitType(tenant=tenant, code=code.strip(), name=name.strip(), order=order)
    unit_type.full_clean()
    unit_type.save()
    audit_record(
        actor=actor,
        tenant=tenant,
        action=AuditAction.UNIT_TYPE_CREATE,
        instance=unit_type,
        after=snapshot(unit_type, UNIT_TYPE_FIELDS),
    )
    return unit_type


@transaction.atomic
def unit_type_update(*, actor, unit_type: UnitType, **changes) -> UnitType:
    """Rename or reorder one of the agency's unit types (its units keep it)."""
    unknown = set(changes) - set(UNIT_TYPE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    unit_type = UnitType.objects.select_for_update(of=("self",)).get(pk=unit_type.pk)
    _require_admin(actor, Unit.objects.get(tenant_id=unit_type.tenant_id, depth=1))
    before = snapshot(unit_type, UNIT_TYPE_FIELDS)
    for field, value in changes.items():
        setattr(unit_type, field, value.strip() if isinstance(value, str) else value)
    unit_type.full_clean()
    after = snapshot(unit_type, UNIT_TYPE_FIELDS)
    changed = [f for f in UNIT_TYPE_FIELDS if before[f] != after[f]]
    if changed:
        unit_type.save(update_fields=changed)
        audit_record(
            actor=actor,
            tenant=unit_type.tenant,
            action=AuditAction.UNIT_TYPE_UPDATE,
            instance=unit_type,
            before=before,
            after=after,
        )
    return unit_type


@transaction.atomic
def unit_type_delete(*, actor, unit_type: UnitType) -> None:
    """Remove a unit type no unit uses."""
    unit_type = UnitType.objects.select_for_update(of=("self",)).get(pk=unit_type.pk)
    _require_admin(actor, Unit.objects.get(tenant_id=unit_type.tenant_id, depth=1))
    if unit_type.units.exists():
        raise ValidationError(
            _("Jenis unit %(name)s masih dipakai unit; ubah dulu jenis unit-unit itu.")
            % {"name": unit_type.name}
        )
    audit_record(
        actor=actor,
        tenant=unit_type.tenant,
        action=AuditAction.UNIT_TYPE_DELETE,
        instance=unit_type,
        before=snapshot(unit_type, UNIT_TYPE_FIELDS),
    )
    unit_type.delete()


@transaction.atomic
def unit_import(*, actor, tenant, rows: list[ImportRow]) -> list[Unit]:
    """Create every unit of an import file, parents first, or none at all.

    The rows are checked again here: the dry run may be minutes old, and the tree or the
    actor's roles may have changed since. Then the same steps as ``unit_create`` for
    each row (admin role over the parent, ``full_clean``, one audit record), but the
    tree paths are computed here and the units inserted in bulk: one ``add_child`` per
    row costs a dozen queries and would not fit 5000 rows into a request.
    """
    if not units_where(actor, Capability.UNIT_ADMIN).filter(tenant=tenant).exists():
        raise AccessDenied(_("Anda tidak berwenang mengimpor unit di instansi ini."))
    if not rows:
        raise ValidationError(_("Tidak ada baris untuk diimpor."))
    plan = plan_import(rows, actor=actor, tenant=tenant)
    if not plan.is_valid:
        raise RowsInvalid(plan.errors)

    # Lock the existing parents, as add_child does, so that units added under them
    # meanwhile wait for this transaction instead of taking the same paths.
    anchor_codes = {item.parent_code for item in plan.units if item.parent_line is None}
    parents = {
        unit.code: unit
        for unit in Unit.objects.select_for_update(of=("self",))
        .filter(tenant=tenant, code__in=anchor_codes)
        .order_by("path")
    }
    if anchor_codes - parents.keys():
        # A parent vanished since the check: report it as the dry run would.
        raise RowsInvalid(plan_import(rows, actor=actor, tenant=tenant).errors)
    for parent in parents.values():
        _require_admin(actor, parent)
    last_position = _last_child_positions(tenant, list(parents.values()))
    max_position = len(Unit.alphabet) ** Unit.steplen - 1

    created: list[Unit] = []
    added_below: dict[str, int] = {}  # parent path -> children added by this import
    for item in plan.units:
        row = item.row
        parent = parents[item.parent_code]
        position = last_position.get(parent.path, 0) + added_below.get(parent.path, 0) + 1
        if position > max_position:
            raise RowsInvalid([RowError(row.line, "kode_induk", _("Unit induk sudah penuh."))])
        added_below[parent.path] = added_below.get(parent.path, 0) + 1
        unit = Unit(
            tenant=tenant,
            code=row.kode.strip(),
            name=row.nama.strip(),
            unit_type=item.unit_type,
            address=row.alamat.strip(),
            head_name=row.nama_pimpinan.strip(),
            head_nip=row.nip_pimpinan.strip(),
            head_title=row.jabatan_pimpinan.strip(),
            depth=parent.depth + 1,
            path=Unit._get_path(parent.path, parent.depth + 1, position),
            numchild=0,
        )
        try:
            # Codes and unit types were checked against the agency by plan_import; the
            # database constraint backs the code check up against concurrent writers.
            unit.full_clean(
                exclude=[*TREE_EXCLUDE, "tenant", "unit_type"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            raise RowsInvalid(_row_errors(row.line, exc)) from exc
        parents[unit.code] = unit
        created.append(unit)
    for unit in created:
        unit.numchild = added_below.get(unit.path, 0)
    Unit.objects.bulk_create(created, batch_size=500)
    for code in anchor_codes:
        parent = parents[code]
        Unit.objects.filter(pk=parent.pk).update(numchild=F("numchild") + added_below[parent.path])
    for item, unit in zip(plan.units, created, strict=True):
        audit_record(
            actor=actor,
            tenant=tenant,
            action=AuditAction.UNIT_CREATE,
            instance=unit,
            after={**snapshot(unit, UNIT_FIELDS), "parent": item.parent_code},
        )
    audit_record(
        actor=actor,
        tenant=tenant,
        action=AuditAction.UNIT_IMPORT,
        instance=tenant,
        after={"count": len(created), "codes": [unit.code for unit in created]},
    )
    return created


def _last_child_positions(tenant, parents: list[Unit]) -> dict[str, int]:
    """Parent path -> position of its last child (treebeard numbers children in the path)."""
    if not parents:
        return {}
    steplen = Unit.steplen
    last_paths = (
        Unit.objects.filter(tenant=tenant)
        .annotate(parent_path=Substr("path", 1, (F("depth") - 1) * steplen))
        .filter(parent_path__in=[parent.path for parent in parents])
        .values("parent_path")
        .annotate(last=Max("path"))
        .values_list("parent_path", "last")
    )
    return {parent_path: Unit._str2int(last[-steplen:]) for parent_path, last in last_paths}


def _row_errors(line: int, exc: ValidationError) -> list[RowError]:
    """A model validation error of one row, in the import file's column names."""
    column_of = {field: column for column, field in IMPORT_COLUMN_FIELDS.items()}
    if not hasattr(exc, "error_dict"):
        return [RowError(line, "", message) for message in exc.messages]
    return [
        RowError(line, column_of.get(field, ""), message)
        for field, errors in exc.message_dict.items()
        for message in errors
    ]
