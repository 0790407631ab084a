"""The team writes a draft: section A (the meeting), D and E (``report_update``) and the
notes per activity of section C (``report_notes_update``). Only a draft or a returned
report changes; only the team (``report.edit``) changes it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core.text import limited_text

from .. import sections as report_sections
from ..access import require_edit
from ..models import Kind, Report
from ..periods import month_label
from .drafting import unit_today
from .flow import (
    MEETING_FIELDS,
    NOTE_LIMIT,
    TEXT_LIMITS,
    monev_only_message,
    report_locked,
    require_editable,
    require_monev,
)


def _clean_meeting(report: Report, values: dict) -> dict:
    errors: dict[str, list] = {}
    cleaned = {}
    for field, limit in TEXT_LIMITS.items():
        if field in values:
            try:
                cleaned[field] = limited_text(values[field], limit, field=field)
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if "meeting_on" in values:
        day = values["meeting_on"]
        if day is not None and not isinstance(day, datetime.date):
            errors["meeting_on"] = [_("Tanggal rapat tidak valid.")]
        elif day is not None and day < report.period_start:
            errors["meeting_on"] = [
                _("Rapat monev bulan %(month)s tidak mungkin sebelum bulan itu dimulai.")
                % {"month": month_label(report.period_start)}
            ]
        elif day is not None and day > unit_today(report.unit):
            errors["meeting_on"] = [_("Tanggal rapat tidak boleh di masa depan.")]
        cleaned["meeting_on"] = day
    if "head_attended" in values:
        if values["head_attended"] not in (None, True, False):
            errors["head_attended"] = [_("Pilih ya atau tidak.")]
        cleaned["head_attended"] = values["head_attended"]
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def report_update(*, actor, report: Report, **values) -> Report:
    """The team's parts of a draft: A (the meeting), D (obstacles) and E (conclusions).
    Only the fields given change."""
    unknown = set(values) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    report = report_locked(report)
    if report.kind == Kind.AGEN_PERUBAHAN:  # its texts: agents.services
        raise ValidationError(monev_only_message())
    require_edit(actor, report.unit, report.kind)
    require_editable(report)
    cleaned = _clean_meeting(report, values)
    before = snapshot(report, MEETING_FIELDS)
    for field, value in cleaned.items():
        setattr(report, field, value)
    after = snapshot(report, MEETING_FIELDS)
    changed = [f for f in MEETING_FIELDS if before[f] != after[f]]
    if not changed:
        return report
    report.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        tenant=report.tenant,
        action=AuditAction.REPORT_UPDATE,
        instance=report,
        before={f: before[f] for f in changed},
        after={f: after[f] for f in changed},
    )
    return report


@transaction.atomic
def report_notes_update(*, actor, report: Report, notes: dict[int, str]) -> Report:
    """The team's notes per plan item of section C ({item id: note}; empty clears one)."""
    report = report_locked(report)
    require_monev(report)
    require_edit(actor, report.unit, report.kind)
    require_editable(report)
    planned = {
        row["id"] for area in report_sections.section_c(report)["areas"] for row in area["rows"]
    }
    errors = {}
    result = dict(report.item_notes or {})
    for item_id, text in notes.items():
        if item_id not in planned:
            raise ValidationError(_("Kegiatan itu tidak dijadwalkan pada bulan laporan ini."))
        try:
            note = limited_text(text, NOTE_LIMIT)
        except ValidationError as exc:
            errors[f"note_{item_id}"] = exc.messages
            continue
        if note:
            result[str(item_id)] = note
        else:
            result.pop(str(item_id), None)
    if errors:
        raise ValidationError(errors)
    if result == (report.item_notes or {}):
        return report
    before = report.item_notes
    report.item_notes = result
    report.save(update_fields=["item_notes", "updated_at"])
    audit_record(
        actor=actor,
        tenant=report.tenant,
        action=AuditAction.REPORT_UPDATE,
        instance=report,
        before={"item_notes": before},
        after={"item_notes": result},
    )
    return report
