"""Writes of the change agents and of the agency for FRM-05 (every one audited, each in
one transaction: all of it saved or none).

- ``agent_realisation_record``: plan vs actual of one item of the agent's Rencana Aksi in
  one month (realised yes / partly / no, a note, evidence items of the unit);
- ``agent_change_record``: the change an item brought (before, after) and whether it
  was integrated into the management system (LKE PRA1B);
- ``agent_report_update``: the agents' parts of a draft (A–C, obstacles, recommendations);
- ``agent_report_settings_update``: the agency's setting (per agent or per unit) and the
  texts of A–C every new draft starts from (Admin Instansi at the agency's root).

A quarter whose report was submitted or issued is closed: its months' records change no
more (a correction of the report reopens nothing; its frozen sections stand).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core.access import Capability, require
from apps.core.exceptions import AccessDenied
from apps.core.text import limited_text
from apps.evidence.models import EvidenceItem
from apps.teams.models import ActionPlanItem

from ..access import require_report_edit
from ..models import (
    EDITABLE,
    ActionRealisation,
    AgentChange,
    AgentReportScope,
    AgentReportSettings,
    Kind,
    Realised,
    Report,
)
from ..periods import month_label, quarter_start
from ..services.drafting import unit_today
from ..services.flow import AGENT_FIELDS, AGENT_TEXT_LIMIT, report_locked, require_editable

NOTE_LIMIT = 2000


def _own_item(actor, item: ActionPlanItem) -> ActionPlanItem:
    """The item, locked, if ``actor`` is its agent and holds the capability in the unit."""
    item = (
        ActionPlanItem.objects.select_for_update(of=("self",))
        .select_related("agent__unit", "agent__cycle")
        .get(pk=item.pk)
    )
    require(actor, Capability.REPORT_AGENT_EDIT, item.agent.unit)
    if item.agent.user_id != actor.pk:
        raise AccessDenied(
            _("Rencana aksi ini milik Agen Perubahan lain: Anda hanya dapat membacanya.")
        )
    return item


def _require_open_quarter(item: ActionPlanItem, month: datetime.date) -> None:
    closed = (
        Report.objects.filter(
            cycle_id=item.agent.cycle_id,
            kind=Kind.AGEN_PERUBAHAN,
            period_start=quarter_start(month),
        )
        .filter(agent_id__in=[item.agent_id, None])
        .exclude(status__in=[s.value for s in EDITABLE])
    )
    if closed.exists():
        raise ValidationError(
            _(
                "Laporan triwulan bulan %(month)s sudah diajukan atau terbit; realisasinya "
                "tidak dapat diubah lagi."
            )
            % {"month": month_label(month)}
        )


def _evidence(item: ActionPlanItem, ids) -> list[EvidenceItem]:
    try:
        wanted = {int(pk) for pk in ids or []}
    except (TypeError, ValueError):
        raise ValidationError({"evidence": [_("Bukti dukung tidak valid.")]}) from None
    found = list(
        EvidenceItem.objects.filter(unit_id=item.agent.unit_id, pk__in=wanted).exclude(
            status="withdrawn"
        )
    )
    if len(found) != len(wanted):
        raise ValidationError(
            {"evidence": [_("Bukti dukung harus milik unit ini dan belum ditarik.")]}
        )
    return found


@transaction.atomic
def agent_realisation_record(
    *,
    actor,
    item: ActionPlanItem,
    month: datetime.date,
    status: str,
    note: str = "",
    evidence: list[int] | None = None,
) -> ActionRealisation:
    """Record (or change) plan vs actual of ``item`` in ``month``."""
    item = _own_item(actor, item)
    cycle = item.agent.cycle
    errors: dict[str, list] = {}
    if not isinstance(month, datetime.date):
        raise ValidationError({"month": [_("Bulan tidak valid.")]})
    month = month.replace(day=1)
    if month.year != cycle.year:
        errors["month"] = [
            _("Bulan %(month)s di luar siklus %(year)s.")
            % {"month": month_label(month), "year": cycle.year}
        ]
    elif month > unit_today(item.agent.unit):
        errors["month"] = [
            _("Realisasi bulan %(month)s baru dapat dicatat setelah bulan itu dimulai.")
            % {"month": month_label(month)}
        ]
    if status not in Realised.values:
        errors["status"] = [_("Pilih realisasi: terealisasi, sebagian, atau tidak terealisasi.")]
    try:
        note = limited_text(note, NOTE_LIMIT, field="note")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    if status != Realised.YA and not note:
        raise ValidationError(
            {"note": [_("Tuliskan catatan: mengapa rencana bulan ini belum terealisasi penuh.")]}
        )
    _require_open_quarter(item, month)
    found = _evidence(item, evidence)
    record = ActionRealisation.objects.filter(item=item, month=month).first()
    before = (
        {
            **snapshot(record, ["status", "note"]),
            "evidence": sorted(record.evidence.values_list("pk", flat=True)),
        }
        if record
        else None
    )
    if record is None:
        record = ActionRealisation(tenant_id=item.tenant_id, item=item, month=month)
    record.status = status
    record.note = note
    record.recorded_by = actor
    record.full_clean(exclude=["item", "tenant"])
    record.save()
    record.evidence.set(found)
    audit_record(
        actor=actor,
        tenant=cycle.tenant,
        action=AuditAction.AGENT_REALISATION,
        instance=record,
        before=before,
        after={
            "item": item.pk,
            "month": month.isoformat(),
            "status": status,
            "note": note,
            "evidence": sorted(e.pk for e in found),
        },
    )
    return record


@transaction.atomic
def agent_change_record(
    *, actor, item: ActionPlanItem, before: str = "", after: str = "", integrated: bool = False
) -> AgentChange:
    """The change ``item`` brought and whether it is integrated into the management
    system (since today, the first time it is recorded so)."""
    item = _own_item(actor, item)
    errors: dict[str, list] = {}
    cleaned = {}
    for field, value in (("before", before), ("after", after)):
        try:
            cleaned[field] = limited_text(value, AGENT_TEXT_LIMIT, field=field)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if integrated not in (True, False):
        errors["integrated"] = [_("Pilih ya atau tidak.")]
    if errors:
        raise ValidationError(errors)
    if integrated and not cleaned["after"]:
        raise ValidationError(
            {"after": [_("Tuliskan kondisi sesudah perubahan yang terintegrasi.")]}
        )
    change = AgentChange.objects.filter(item=item).first()
    old = snapshot(change, ["before", "after", "integrated_on"]) if change else None
    if change is None:
        change = AgentChange(tenant_id=item.tenant_id, item=item)
    change.before = cleaned["before"]
    change.after = cleaned["after"]
    if integrated and change.integrated_on is None:
        change.integrated_on = unit_today(item.agent.unit)
    elif not integrated:
        change.integrated_on = None
    change.recorded_by = actor
    change.save()
    audit_record(
        actor=actor,
        tenant=item.agent.cycle.tenant,
        action=AuditAction.AGENT_CHANGE,
        instance=change,
        before=old,
        after=snapshot(change, ["before", "after", "integrated_on"]),
    )
    return change


@transaction.atomic
def agent_report_update(*, actor, report: Report, **values) -> Report:
    """The agents' parts of an FRM-05 draft; only the fields given change."""
    unknown = set(values) - set(AGENT_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    report = report_locked(report)
    require_report_edit(actor, report)
    require_editable(report)
    errors: dict[str, list] = {}
    cleaned = {}
    for field, value in values.items():
        try:
            cleaned[field] = limited_text(value, AGENT_TEXT_LIMIT, field=field)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    before = snapshot(report, AGENT_FIELDS)
    for field, value in cleaned.items():
        setattr(report, field, value)
    after = snapshot(report, AGENT_FIELDS)
    changed = [f for f in AGENT_FIELDS if before[f] != after[f]]
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


SETTING_FIELDS = ["scope", "background", "purpose", "scope_text"]


def agent_report_settings_of(tenant) -> AgentReportSettings:
    """The agency's setting (unsaved defaults when it never changed them)."""
    return AgentReportSettings.objects.filter(tenant=tenant).first() or AgentReportSettings(
        tenant=tenant
    )


@transaction.atomic
def agent_report_settings_update(*, actor, tenant, **values) -> AgentReportSettings:
    """The agency sets FRM-05 once: per agent or per unit, and the texts of A–C (new
    drafts start from them; drafts made already keep their own copy)."""
    unknown = set(values) - set(SETTING_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    require(actor, Capability.AGENCY_ADMIN)
    errors: dict[str, list] = {}
    cleaned = {}
    for field, value in values.items():
        if field == "scope":
            if value not in AgentReportScope.values:
                errors["scope"] = [_("Pilih per Agen Perubahan atau per unit.")]
            cleaned["scope"] = value
            continue
        try:
            cleaned[field] = limited_text(value, AGENT_TEXT_LIMIT, field=field)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    setting = AgentReportSettings.objects.select_for_update(of=("self",)).filter(
        tenant=tenant
    ).first() or AgentReportSettings(tenant=tenant)
    before = snapshot(setting, SETTING_FIELDS) if setting.pk else None
    for field, value in cleaned.items():
        setattr(setting, field, value)
    setting.updated_by = actor
    setting.updated_at = timezone.now()
    setting.save()
    audit_record(
        actor=actor,
        tenant=tenant,
        action=AuditAction.AGENT_REPORT_SETTINGS,
        instance=setting,
        before=before,
        after=snapshot(setting, SETTING_FIELDS),
    )
    return setting
