"""Writes of the agency calendar: the default deadlines of a year (data, read by
``calendar_defaults.py``) stored on demand, and an entry edited by an agency admin."""

from dataclasses import asdict
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core.access import Capability, can
from apps.core.exceptions import AccessDenied
from apps.units.models import Unit

from ..calendar_defaults import MONTHS, DefaultEntry, calendar_default_entries
from ..models import CalendarEntry, validate_year
from ..stages import Stage

__all__ = [
    "CALENDAR_FIELDS",
    "MONTHS",
    "STAGE_CALENDAR_KEYS",
    "DefaultEntry",
    "calendar_default_entries",
    "calendar_ensure",
    "calendar_entry_update",
    "require_agency_admin",
]

CALENDAR_FIELDS = ["label", "starts_on", "due_on", "note"]


def _add_error(errors: dict[str, list], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


# The calendar entry that holds each stage's deadline (for the stepper and later features).
STAGE_CALENDAR_KEYS = {
    Stage.PENCANANGAN: "pencanangan",
    Stage.IDENTIFIKASI: "identifikasi",
    Stage.PEMBANGUNAN: "input_bukti",
    Stage.PENILAIAN_PENDAHULUAN: "penilaian_pendahuluan",
    Stage.USULAN_TPI: "usulan_tpi",
    Stage.EVALUASI_TPI: "evaluasi_tpi",
    Stage.USULAN_TPN: "usulan_tpn",
    Stage.DITETAPKAN: "penetapan",
    Stage.TIDAK_DITETAPKAN: "penetapan",
}


@transaction.atomic
def calendar_ensure(*, tenant, year: int, actor=None) -> list[CalendarEntry]:
    """Create the default entries of ``year`` the agency does not have yet (never
    changes an existing one). Returns the entries created."""
    try:
        validate_year(year)
    except ValidationError as exc:
        raise ValidationError({"year": exc.messages}) from None
    existing = set(
        CalendarEntry.objects.filter(tenant=tenant, year=year).values_list("key", flat=True)
    )
    missing = [
        CalendarEntry(tenant=tenant, year=year, **asdict(default))
        for default in calendar_default_entries(year)
        if default.key not in existing
    ]
    if not missing:
        return []
    # ignore_conflicts: a concurrent request may be filling the same year.
    CalendarEntry.objects.bulk_create(missing, ignore_conflicts=True)
    audit_record(
        actor=actor,
        tenant=tenant,
        action=AuditAction.CALENDAR_ENSURE,
        instance=tenant,
        after={"year": year, "keys": [entry.key for entry in missing]},
    )
    return missing


def require_agency_admin(actor, tenant) -> None:
    """``agency.admin`` for an explicit agency: Admin Instansi at that agency's root."""
    root = Unit.objects.get(tenant=tenant, depth=1)
    if not can(actor, Capability.UNIT_ADMIN, root):
        raise AccessDenied(_("Hanya Admin Instansi tingkat instansi yang dapat mengubah kalender."))


@transaction.atomic
def calendar_entry_update(
    *,
    actor,
    entry: CalendarEntry,
    due_on: date,
    starts_on: date | None,
    label: str,
    note: str,
) -> CalendarEntry:
    entry = CalendarEntry.objects.select_for_update(of=("self",)).get(
        tenant_id=entry.tenant_id, pk=entry.pk
    )
    require_agency_admin(actor, entry.tenant)
    before = snapshot(entry, CALENDAR_FIELDS)
    entry.label = (label or "").strip()
    entry.note = (note or "").strip()
    entry.starts_on = starts_on
    entry.due_on = due_on
    errors: dict[str, list] = {}
    if not entry.label:
        _add_error(errors, "label", _("Nama kegiatan wajib diisi."))
    if due_on is None:
        _add_error(errors, "due_on", _("Batas waktu wajib diisi."))
    try:
        entry.full_clean(exclude=list(errors))
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    after = snapshot(entry, CALENDAR_FIELDS)
    changed = [f for f in CALENDAR_FIELDS if before[f] != after[f]]
    if not changed:
        return entry
    entry.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        tenant=entry.tenant,
        action=AuditAction.CALENDAR_ENTRY_UPDATE,
        instance=entry,
        before=before,
        after=after,
    )
    return entry
