"""After the issue: a correction is a new revision with a reason (the issued one stays
readable and in force until the correction is approved), and the scan of the signed
paper report is attached."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core import workflow
from apps.core.exceptions import AccessDenied
from apps.core.text import limited_text
from apps.files.services import file_store

from ..access import can_attach_scan, require_report_edit
from ..models import OPEN, Report, ReportStatus
from .flow import AGENT_FIELDS, MEETING_FIELDS, REASON_LIMIT, report_locked

# --- Corrections -------------------------------------------------------------------------


COPIED_FIELDS = [*dict.fromkeys([*MEETING_FIELDS, *AGENT_FIELDS]), "item_notes"]


@transaction.atomic
def report_correct(*, actor, report: Report, reason: str) -> Report:
    """A correction of an issued report: a new revision (n + 1) as a draft, copied from
    it, with the reason. The issued one stays readable (and in force) until the
    correction is approved."""
    report = report_locked(report)
    require_report_edit(actor, report)
    reason = limited_text(reason, REASON_LIMIT, field="reason")
    if not reason:
        raise ValidationError({"reason": [_("Tuliskan alasan koreksi laporan.")]})
    if report.status != ReportStatus.ISSUED:
        raise ValidationError(_("Hanya laporan yang sudah terbit yang dapat dikoreksi."))
    siblings = Report.objects.filter(report.same_period())
    if siblings.filter(status__in=[s.value for s in OPEN]).exists():
        raise ValidationError(
            _("Koreksi laporan periode ini sudah dibuat dan belum terbit; lanjutkan koreksi itu.")
        )
    number = max(siblings.values_list("revision", flat=True)) + 1
    correction = Report(
        tenant_id=report.tenant_id,
        unit_id=report.unit_id,
        cycle_id=report.cycle_id,
        kind=report.kind,
        agent_id=report.agent_id,
        period_start=report.period_start,
        period_end=report.period_end,
        revision=number,
        based_on=report,
        revision_reason=reason,
        created_by=actor,
        **{field: getattr(report, field) for field in COPIED_FIELDS},
    )
    correction.full_clean()
    correction.save()
    workflow.history_record(
        correction,
        "correct",
        from_state="",
        to_state=correction.status,
        actor=actor,
        reason=reason,
        data={"based_on": report.revision},
    )
    audit_record(
        actor=actor,
        tenant=report.tenant,
        action=AuditAction.REPORT_CORRECT,
        instance=correction,
        after={"revision": number, "based_on": report.pk},
        reason=reason,
    )
    return correction


# --- The signed scan ---------------------------------------------------------------------


@transaction.atomic
def report_attach_scan(*, actor, report: Report, uploaded) -> Report:
    """Attach the scan of the signed paper report (an issued one; replaces an earlier
    scan, whose file stays in storage and in the audit trail)."""
    report = report_locked(report)
    if not can_attach_scan(actor, report):
        raise AccessDenied(
            _("Hanya Pimpinan Unit atau tim penyusun laporan yang dapat mengunggah pindaiannya.")
        )
    if not report.is_published:
        raise ValidationError(
            _("Pindaian bertanda tangan diunggah setelah laporan disetujui dan terbit.")
        )
    stored = file_store(actor=actor, unit=report.unit, uploaded=uploaded)
    before = snapshot(report, ["scan"])
    report.scan = stored
    report.scan_uploaded_at = timezone.now()
    report.save(update_fields=["scan", "scan_uploaded_at", "updated_at"])
    audit_record(
        actor=actor,
        tenant=report.tenant,
        action=AuditAction.REPORT_SCAN,
        instance=report,
        before=before,
        after={"scan": stored.pk, "original_name": stored.original_name},
    )
    return report
