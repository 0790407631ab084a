"""Writes to the unit tree. Every change is checked against the actor's admin roles and
recorded in the audit trail within the same transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.access import can_admin_unit
from apps.audit.services import audit_record, snapshot
from apps.core.exceptions import AccessDenied

from .models import Unit, UnitType

UNIT_FIELDS = [
    "code",
    "name",
    "unit_type",
    "address",
    "head_name",
    "head_nip",
    "head_title",
    "is_active",
]
EDITABLE_FIELDS = frozenset(UNIT_FIELDS)
TREE_EXCLUDE = ["path", "depth", "numchild"]


def _require_admin(actor, unit: Unit) -> None:
    if not can_admin_unit(actor, unit):
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
    )
    unit.full_clean(exclude=TREE_EXCLUDE)
    unit = Unit.objects.add_child(parent, instance=unit)
    audit_record(
        actor=actor,
        tenant=parent.tenant,
        action="unit.create",
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
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
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
        action="unit.update",
        instance=unit,
        before=before,
        after=after,
    )
    return unit


@transaction.atomic
def unit_move(*, actor, unit: Unit, new_parent: Unit, reason: str = "") -> Unit:
    """Move a unit (with everything below it) under another parent of the same agency."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
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
    unit.refresh_from_db()
    audit_record(
        actor=actor,
        tenant=unit.tenant,
        action="unit.move",
        instance=unit,
        before=before,
        after=_parent_snapshot(unit),
        reason=reason,
    )
    return unit


@transaction.atomic
def unit_type_create(*, actor, tenant, code: str, name: str, order: int = 0) -> UnitType:
    root = Unit.objects.get(depth=1)
    _require_admin(actor, root)
    unit_type = UnitType(tenant=tenant, code=code.strip(), name=name.strip(), order=order)
    unit_type.full_clean()
    unit_type.save()
    audit_record(
        actor=actor,
        tenant=tenant,
        action="unit_type.create",
        instance=unit_type,
        after=snapshot(unit_type, ["code", "name", "order"]),
    )
    return unit_type
