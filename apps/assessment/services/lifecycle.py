"""The assessment's workflow (``ASSESSMENT_WORKFLOW``): finalise, release to the unit,
reopen. Each step is a workflow transition (history row and audit event in the same
transaction)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import snapshot
from apps.core import workflow
from apps.core.access import Capability
from apps.core.exceptions import AccessDenied

from ..access import ANSWER_CAPABILITY, can_manage
from ..models import Assessment, Level, Status
from .common import ASSESSMENT_FIELDS, _locked, _require_draft


def _assessment_snapshot(assessment: Assessment) -> dict:
    return snapshot(assessment, ASSESSMENT_FIELDS)


def _finalised(assessment: Assessment, *, actor, **context) -> list[str]:
    assessment.locked_at = timezone.now()
    assessment.locked_by = actor
    assessment.full_clean()
    return ["locked_at", "locked_by"]


def _released(assessment: Assessment, *, actor, **context) -> list[str]:
    assessment.released_at = timezone.now()
    assessment.released_by = actor
    assessment.full_clean()
    return ["released_at", "released_by"]


def _reopened(assessment: Assessment, **context) -> list[str]:
    """Open again: unlocked, and a released result withdrawn until released again."""
    assessment.locked_at = None
    assessment.locked_by = None
    assessment.released_at = None
    assessment.released_by = None
    assessment.full_clean()
    return ["locked_at", "locked_by", "released_at", "released_by"]


# The service functions below check who may act and say why a step is refused, in the
# words the pages have always used; the declaration holds the states and the writes.
def _lead_capability(assessment: Assessment) -> str:
    """What the lead of the assessment's level holds (``lead_problem`` at opening)."""
    if assessment.level == Level.MANDIRI:
        return Capability.ASSESSMENT_LEAD_MANDIRI
    return ANSWER_CAPABILITY[assessment.level]


ASSESSMENT_WORKFLOW = workflow.declare(
    Assessment,
    field="status",
    unit=lambda assessment: assessment.unit,
    transitions=[
        workflow.Transition(
            name="finalise",
            source=(Status.DRAFT,),
            target=Status.FINAL,
            capability=_lead_capability,
            action=AuditAction.ASSESSMENT_FINALISE,
            effect=_finalised,
        ),
        workflow.Transition(
            name="release",
            source=(Status.FINAL,),
            target=None,
            keeps_state=True,
            capability=lambda a: (Capability.ASSESSMENT_MANAGE, _lead_capability(a)),
            action=AuditAction.ASSESSMENT_RELEASE,
            effect=_released,
        ),
        workflow.Transition(
            name="reopen",
            source=(Status.FINAL,),
            target=Status.DRAFT,
            capability=Capability.ASSESSMENT_MANAGE,
            action=AuditAction.ASSESSMENT_REOPEN,
            effect=_reopened,
        ),
    ],
)


@transaction.atomic
def assessment_finalise(*, actor, assessment: Assessment) -> Assessment:
    """The lead locks the assessment: no answer changes afterwards."""
    assessment = _locked(assessment)
    if assessment.lead_id != actor.pk:
        raise AccessDenied(_("Hanya ketua penilai yang dapat memfinalkan penilaian ini."))
    _require_draft(assessment)
    return workflow.transition(
        assessment,
        "finalise",
        actor=actor,
        audit_before=snapshot(assessment, ASSESSMENT_FIELDS),
        audit_after=_assessment_snapshot,
    )


@transaction.atomic
def assessment_release(*, actor, assessment: Assessment) -> Assessment:
    """Show a final TPU/TPI result (answers, notes, recommendations) to the unit."""
    assessment = _locked(assessment)
    if not can_manage(actor, assessment):
        raise AccessDenied(_("Hanya ketua penilai atau Admin unit yang dapat merilis hasil."))
    if assessment.level == Level.MANDIRI:
        raise ValidationError(_("Penilaian mandiri adalah milik unit dan selalu terlihat olehnya."))
    if assessment.status != Status.FINAL:
        raise ValidationError(_("Finalkan penilaian sebelum hasilnya dirilis ke unit."))
    if assessment.released_at is not None:
        raise ValidationError(_("Hasil penilaian ini sudah dirilis ke unit."))
    return workflow.transition(
        assessment,
        "release",
        actor=actor,
        audit_before=None,
        audit_after=_assessment_snapshot,
    )


@transaction.atomic
def assessment_reopen(*, actor, assessment: Assessment, reason: str) -> Assessment:
    """An admin opens a final assessment again; the reason is logged. A released result
    is withdrawn from the unit until it is released again."""
    assessment = _locked(assessment)
    workflow.require(assessment, "reopen", actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan membuka kembali wajib diisi.")})
    if assessment.status != Status.FINAL:
        raise ValidationError(_("Penilaian ini belum final; tidak ada yang perlu dibuka."))
    before = snapshot(assessment, ASSESSMENT_FIELDS)
    return workflow.transition(
        assessment,
        "reopen",
        actor=actor,
        reason=reason,
        data={"locked_at": assessment.locked_at.isoformat() if assessment.locked_at else None},
        audit_before=before,
        audit_after=_assessment_snapshot,
    )
