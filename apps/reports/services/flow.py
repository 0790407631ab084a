"""A report's way from draft to issued (the report workflow), its corrections and the
signed scan. The team writes (``report.edit``), the Pimpinan Unit returns or approves
(``report.approve``); every step is a ``workflow.transition`` (locked row, capability,
guards, history, audit). Approval freezes the report and queues its PDF."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core import workflow
from apps.core.capabilities import Capability
from apps.core.choices import RenderState
from apps.core.exceptions import AccessDenied
from apps.core.queue import enqueue_on_commit
from apps.core.text import limited_text
from apps.declaration.texts import title_with_unit
from apps.files.services import file_store

from .. import sections as report_sections
from ..access import can_attach_scan, require_edit
from ..kinds import spec_of
from ..models import EDITABLE, OPEN, FollowUp, Recommendation, Report, ReportStatus
from ..periods import month_label
from .drafting import unit_today

REASON_LIMIT = 2000
MEETING_FIELDS = [
    "meeting_on",
    "meeting_place",
    "meeting_agenda",
    "meeting_chair",
    "attendees",
    "head_attended",
    "obstacles",
    "conclusions",
]
TEXT_LIMITS = {
    "meeting_place": 200,
    "meeting_agenda": 300,
    "meeting_chair": 150,
    "attendees": 4000,
    "obstacles": 4000,
    "conclusions": 4000,
}
NOTE_LIMIT = 500


def report_locked(report: Report) -> Report:
    """``report``'s row, locked for this transaction (with its unit, cycle and agency)."""
    return workflow.mark_locked(
        Report.objects.select_for_update()
        .select_related("unit", "cycle", "tenant")
        .get(tenant_id=report.tenant_id, pk=report.pk)
    )


def require_editable(report: Report) -> None:
    if report.status not in EDITABLE:
        if report.is_published:
            raise ValidationError(
                _(
                    "%(report)s sudah terbit dan tidak dapat diubah. Untuk memperbaikinya, "
                    "buat koreksi (revisi baru) dengan alasannya."
                )
                % {"report": report}
            )
        raise ValidationError(
            _(
                "%(report)s sedang menunggu persetujuan Pimpinan Unit dan tidak dapat diubah; "
                "tunggu sampai dikembalikan atau disetujui."
            )
            % {"report": report}
        )


# --- Guards and effects of the workflow ---------------------------------------------------


def missing_for_submission(report: Report) -> list[str]:
    """What the team must still fill before submitting (section A of FRM-04)."""
    if not spec_of(report.kind).has_meeting:
        return []
    missing = []
    if report.meeting_on is None:
        missing.append(_("Tanggal rapat monev belum diisi."))
    if not report.meeting_place:
        missing.append(_("Tempat rapat belum diisi."))
    if not report.meeting_chair:
        missing.append(_("Pimpinan rapat belum diisi."))
    if not report.attendees.strip():
        missing.append(_("Peserta rapat belum diisi."))
    if report.head_attended is None:
        missing.append(_("Belum dicatat apakah Pimpinan Unit hadir dalam rapat."))
    return missing


def _complete(report: Report, **context) -> list[str]:
    return missing_for_submission(report)


def _submitted(report: Report, **context) -> list[str]:
    # What the head is asked to approve: the sections as they are now, frozen.
    report.sections = report_sections.build(report)
    report.submitted_at = timezone.now()
    return ["sections", "submitted_at"]


def _approved(report: Report, *, actor, **context) -> list[str]:
    unit = report.unit
    report.approved_by = actor
    report.issued_at = timezone.now()
    report.signer_name = getattr(actor, "full_name", "") or unit.head_name
    report.signer_nip = getattr(actor, "nip", None) or ""
    report.signer_title = title_with_unit(unit.head_title or "Kepala", unit.name)
    report.pdf_state = RenderState.PENDING
    return ["approved_by", "issued_at", "signer_name", "signer_nip", "signer_title", "pdf_state"]


def _reopened(report: Report, **context) -> list[str]:
    # Back to the team: the sections are computed live again until the next submission.
    report.sections = {}
    report.submitted_at = None
    return ["sections", "submitted_at"]


REPORT_WORKFLOW = workflow.declare(
    Report,
    field="status",
    unit=lambda report: report.unit,
    area=lambda report: spec_of(report.kind).edit_area,
    transitions=[
        workflow.Transition(
            name="submit",
            source=tuple(EDITABLE),
            target=ReportStatus.SUBMITTED,
            capability=Capability.REPORT_EDIT,
            action=AuditAction.REPORT_SUBMIT,
            guards=(_complete,),
            effect=_submitted,
        ),
        workflow.Transition(
            name="return",
            source=(ReportStatus.SUBMITTED,),
            target=ReportStatus.RETURNED,
            capability=Capability.REPORT_APPROVE,
            action=AuditAction.REPORT_RETURN,
            effect=_reopened,
        ),
        workflow.Transition(
            name="approve",
            source=(ReportStatus.SUBMITTED,),
            target=ReportStatus.ISSUED,
            capability=Capability.REPORT_APPROVE,
            action=AuditAction.REPORT_APPROVE,
            effect=_approved,
        ),
        # The issued revision a correction replaces (in the correction's approval).
        workflow.Transition(
            name="supersede",
            source=(ReportStatus.ISSUED,),
            target=ReportStatus.SUPERSEDED,
            capability=Capability.REPORT_APPROVE,
            action=AuditAction.REPORT_SUPERSEDE,
        ),
    ],
)


# --- The team writes ---------------------------------------------------------------------


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


# --- Submit, return, approve ---------------------------------------------------------------


@transaction.atomic
def report_submit(*, actor, report: Report) -> Report:
    """The team hands the draft to the Pimpinan Unit: sections B, C and E are frozen as
    they are now. Refused, naming each, while section A is incomplete."""
    report = report_locked(report)
    workflow.require(report, "submit", actor)
    return workflow.transition(report, "submit", actor=actor)


@transaction.atomic
def report_return(*, actor, report: Report, reason: str) -> Report:
    """The Pimpinan Unit sends the report back to the team, saying why."""
    report = report_locked(report)
    workflow.require(report, "return", actor)
    reason = limited_text(reason, REASON_LIMIT, field="reason")
    if not reason:
        raise ValidationError({"reason": [_("Tuliskan alasan laporan dikembalikan.")]})
    return workflow.transition(report, "return", actor=actor, reason=reason)


def _close_done(report: Report) -> list[int]:
    """Recommendations this report records as done are carried into no later report; a
    correction that records one as not done after all carries it again."""
    rows = [row for area in report.sections.get("b", {}).get("areas", []) for row in area["rows"]]
    done = [row["id"] for row in rows if row["status"] == FollowUp.TELAH]
    period = Report.objects.filter(
        unit_id=report.unit_id, kind=report.kind, period_start=report.period_start
    )
    Recommendation.objects.filter(pk__in=done).filter(
        Q(closed_in__isnull=True) | Q(closed_in__in=period)
    ).update(closed_in=report)
    Recommendation.objects.filter(
        pk__in=[row["id"] for row in rows if row["id"] not in done], closed_in__in=period
    ).update(closed_in=None)
    return done


@transaction.atomic
def report_approve(*, actor, report: Report) -> Report:
    """The Pimpinan Unit approves and signs: the report is issued (frozen), the revision it
    corrects is superseded, the recommendations it records as done are closed, and its PDF
    is queued for the worker."""
    from ..tasks import render_report_pdf

    report = report_locked(report)
    workflow.require(report, "approve", actor)
    report = workflow.transition(report, "approve", actor=actor)
    previous = (
        Report.objects.select_for_update()
        .filter(
            unit_id=report.unit_id,
            kind=report.kind,
            period_start=report.period_start,
            status=ReportStatus.ISSUED,
        )
        .exclude(pk=report.pk)
        .select_related("unit", "tenant")
    )
    for old in previous:
        workflow.transition(
            workflow.mark_locked(old),
            "supersede",
            actor=actor,
            reason=report.revision_reason,
            data={"by_revision": report.revision},
        )
    _close_done(report)
    enqueue_on_commit(render_report_pdf, report.tenant_id, report.pk)
    return report


# --- Corrections -------------------------------------------------------------------------


COPIED_FIELDS = [*MEETING_FIELDS, "item_notes"]


@transaction.atomic
def report_correct(*, actor, report: Report, reason: str) -> Report:
    """A correction of an issued report: a new revision (n + 1) as a draft, copied from
    it, with the reason. The issued one stays readable (and in force) until the
    correction is approved."""
    report = report_locked(report)
    require_edit(actor, report.unit, report.kind)
    reason = limited_text(reason, REASON_LIMIT, field="reason")
    if not reason:
        raise ValidationError({"reason": [_("Tuliskan alasan koreksi laporan.")]})
    if report.status != ReportStatus.ISSUED:
        raise ValidationError(_("Hanya laporan yang sudah terbit yang dapat dikoreksi."))
    siblings = Report.objects.filter(
        unit_id=report.unit_id, kind=report.kind, period_start=report.period_start
    )
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
