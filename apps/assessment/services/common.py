"""What every write of an assessment shares: the row lock, the draft check, the audit
snapshot's fields."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import workflow
from apps.units.models import Unit

from ..models import Assessment, Status

ASSESSMENT_FIELDS = ["cycle", "level", "status", "lead", "seeded_from", "locked_at", "released_at"]
LOCKED_STATE = [
    "status",
    "lead_id",
    "locked_at",
    "locked_by_id",
    "released_at",
    "released_by_id",
    "updated_at",
]


def _unit(assessment_or_cycle) -> Unit:
    return Unit.objects.get(tenant_id=assessment_or_cycle.tenant_id, pk=assessment_or_cycle.unit_id)


def _locked(assessment: Assessment) -> Assessment:
    """Lock the assessment's row for this transaction and refresh its state fields on
    the given instance (its unit, cycle and template never change)."""
    state = (
        Assessment.objects.select_for_update(of=("self",))
        .filter(tenant_id=assessment.tenant_id, pk=assessment.pk)
        .values(*LOCKED_STATE)
        .get()
    )
    for name, value in state.items():
        setattr(assessment, name, value)
    return workflow.mark_locked(assessment)


def _require_draft(assessment: Assessment) -> None:
    if assessment.status != Status.DRAFT:
        raise ValidationError(
            _(
                "Penilaian ini sudah final dan dikunci sejak %(time)s; jawaban tidak dapat "
                "diubah. Admin dapat membukanya kembali dengan alasan."
            )
            % {"time": timezone.localtime(assessment.locked_at).strftime("%d-%m-%Y %H:%M")},
            code="locked",
        )
