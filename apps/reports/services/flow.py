"""A report's way from draft to issued (the report workflow): submit, return, approve
and the supersession of a corrected revision. The team writes (``report.edit``), the Pimpinan Unit returns or approves
(``report.approve``); every step is a ``workflow.transition`` (locked row, capability,
guards, history, audit). Approval freezes the report and queues its PDF."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from apps.audit.actions import AuditAction
from apps.core import workflow
from apps.core.capabilities import Capability
from apps.core.choices import RenderState
from apps.core.queue import enqueue_on_commit
from apps.core.text import limited_text
from apps.declaration.texts import title_with_unit

from .. import sections as report_sections
from ..access import require_report_edit
from ..kinds import spec_of
from ..models import EDITABLE, FollowUp, Kind, Recommendation, Report, ReportStatus

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
    "introduction",
    "next_steps",
]
TEXT_LIMITS = {
    "meeting_place": 200,
    "meeting_agenda": 300,
    "meeting_chair": 150,
    "attendees": 4000,
    "obstacles": 4000,
    "conclusions": 4000,
    "introduction": 8000,
    "next_steps": 4000,
}
NOTE_LIMIT = 500
# The agents' parts of an FRM-05 draft (A–C, G.3, G.5).
AGENT_FIELDS = ["background", "purpose", "scope", "obstacles", "agent_recommendations"]
AGENT_TEXT_LIMIT = 8000


def report_locked(report: Report) -> Report:
    """``report``'s row, locked for this transaction (with its unit, cycle and agency)."""
    return workflow.mark_locked(
        Report.objects.select_for_update(of=("self",))
        .select_related("unit", "cycle", "tenant", "agent")
        .get(tenant_id=report.tenant_id, pk=report.pk)
    )


def monev_only_message() -> str:
    return _(
        "Bagian ini hanya ada pada laporan monev bulanan; laporan Agen Perubahan diisi "
        "melalui teks laporan dan halaman realisasi rencana aksi."
    )


def require_monev(report: Report) -> None:
    """The meeting, the activity notes and the recommendations are FRM-04's alone."""
    if report.kind != Kind.MONEV:
        raise ValidationError(monev_only_message())


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


REQUIRED_TEXT = {
    "introduction": _lazy("Pendahuluan belum ditulis."),
    "conclusions": _lazy("Kesimpulan belum ditulis."),
}


def missing_for_submission(report: Report) -> list[str]:
    """What the team must still fill before submitting (section A of FRM-04; the annual
    report's narrative parts; for FRM-05, A–C and plan vs actual of every item in every
    month of the quarter)."""
    if report.kind == Kind.AGEN_PERUBAHAN:
        return _agent_missing(report)
    spec = spec_of(report.kind)
    missing = [
        str(REQUIRED_TEXT[name])
        for name in spec.required_text
        if not (getattr(report, name) or "").strip()
    ]
    if not spec.has_meeting:
        return missing
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


def _agent_missing(report: Report) -> list[str]:
    from ..agents.sections import build, unrecorded

    missing = []
    for field, label in (
        ("background", _("Latar belakang")),
        ("purpose", _("Maksud dan tujuan")),
        ("scope", _("Ruang lingkup")),
    ):
        if not getattr(report, field).strip():
            missing.append(_("%(part)s belum diisi.") % {"part": label})
    sections = build(report)
    if not sections["plan_actual"]["rows"]:
        missing.append(_("Belum ada rencana aksi Agen Perubahan untuk triwulan ini."))
    for line in unrecorded(sections):
        missing.append(_("Realisasi belum dicatat – %(what)s.") % {"what": line})
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
            capability=lambda report: spec_of(report.kind).edit_capability,
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


# --- Submit, return, approve ---------------------------------------------------------------


@transaction.atomic
def report_submit(*, actor, report: Report) -> Report:
    """The team hands the draft to the Pimpinan Unit: sections B, C and E are frozen as
    they are now. Refused, naming each, while section A is incomplete."""
    report = report_locked(report)
    workflow.require(report, "submit", actor)
    require_report_edit(actor, report)  # an agent's report is theirs alone
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
    period = Report.objects.filter(report.same_period())
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
        Report.objects.select_for_update(of=("self",))
        .filter(report.same_period(), status=ReportStatus.ISSUED)
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
