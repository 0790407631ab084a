"""Opening an assessment of a cycle at a level, and assigning its assessors."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core.access import Capability, can
from apps.core.exceptions import AccessDenied
from apps.cycles.models import Cycle, Stage
from apps.cycles.stages import stage_reached
from apps.lke.selectors import engine_template

from ..access import assessor_problem, can_manage, lead_problem
from ..models import LEVEL_FIRST_STAGE, LOWER_LEVEL, Answer, Assessment, Assignment, Level, Status
from ..notices import assessment_opened, assessor_assigned
from .common import ASSESSMENT_FIELDS, _locked, _require_draft, _unit
from .survey_values import survey_values_apply


def level_stage_problem(cycle: Cycle, level: str) -> str | None:
    """Why ``level`` cannot be opened at the cycle's current stage, or None."""
    first = LEVEL_FIRST_STAGE.get(level)
    if first is None or stage_reached(cycle.stage, first):
        return None
    return _(
        "%(level)s baru dapat dibuka mulai tahap %(first)s; siklus ini masih di tahap "
        "%(stage)s. Admin unit perlu memajukan tahap siklus lebih dulu."
    ) % {
        "level": Level(level).label,
        "first": Stage(first).label,
        "stage": Stage(cycle.stage).label,
    }


@transaction.atomic
def assessment_open(*, actor, cycle: Cycle, level: str, lead, seed: bool = False) -> Assessment:
    """Open the assessment of ``cycle`` at ``level`` led by ``lead``; with ``seed`` its
    answers start as a copy of the final assessment of the level below."""
    unit = _unit(cycle)
    if not can(actor, Capability.ASSESSMENT_MANAGE, unit):
        raise AccessDenied(
            _("Hanya Admin unit %(unit)s yang dapat membuka penilaian.") % {"unit": unit.name}
        )
    # The stage as it is now, held until commit: a stage change cannot slip in between.
    cycle.stage = (
        Cycle.objects.select_for_update(of=("self",))
        .filter(tenant_id=cycle.tenant_id, pk=cycle.pk)
        .values_list("stage", flat=True)
        .get()
    )
    errors: dict[str, list[str]] = {}
    if level not in Level.values:
        errors["level"] = [_("Tingkat penilaian tidak dikenal.")]
    else:
        stage_problem = level_stage_problem(cycle, level)
        if stage_problem:
            errors["level"] = [stage_problem]
        if lead is None:
            errors["lead"] = [_("Pilih ketua penilai.")]
        else:
            problem = lead_problem(lead, unit, level)
            if problem:
                errors["lead"] = [problem]
    lower = None
    if seed and not errors:
        lower_level = LOWER_LEVEL.get(level)
        if lower_level is None:
            errors["seed"] = [_("Penilaian mandiri tidak dapat dimulai dari tingkat lain.")]
        else:
            lower = Assessment.objects.filter(
                tenant_id=cycle.tenant_id, cycle=cycle, level=lower_level
            ).first()
            if lower is None or lower.status != Status.FINAL:
                errors["seed"] = [
                    _("%(level)s siklus ini belum final; mulai tanpa jawaban awal.")
                    % {"level": Level(lower_level).label}
                ]
    assessment = Assessment(
        tenant_id=cycle.tenant_id,
        cycle=cycle,
        unit=unit,
        template_id=cycle.template_id,
        level=level,
        lead=lead,
        seeded_from=lower,
        created_by=actor,
    )
    try:
        assessment.full_clean(exclude=[*errors])
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    assessment.save()
    if lower is not None:
        # The copies keep who answered them below: the admin opening this level did not.
        Answer.objects.bulk_create(
            Answer(
                tenant_id=cycle.tenant_id,
                assessment=assessment,
                question_id=question_id,
                value=value,
                updated_by_id=answered_by,
                copied_from=lower.level,
                # The survey a value came from, not an override's reason below: this
                # level takes the survey's value again (survey_values_apply).
                source_survey_id=source_survey,
            )
            for question_id, value, answered_by, source_survey in Answer.objects.filter(
                assessment=lower, value__isnull=False
            ).values_list("question_id", "value", "updated_by_id", "source_survey_id")
        )
    audit_record(
        actor=actor,
        tenant=unit.tenant,
        action=AuditAction.ASSESSMENT_OPEN,
        instance=assessment,
        after=snapshot(assessment, ASSESSMENT_FIELDS),
    )
    # HBA/HPA from the unit's closed IPAK/IPKP surveys of the year (over a copy from the
    # level below: each level takes the survey's value itself).
    survey_values_apply(actor=actor, assessment=assessment)
    assessment_opened(assessment, actor=actor)
    return assessment


def _area_codes(assessment: Assessment) -> list[str]:
    return [area.code for area in engine_template(assessment.template).areas()]


@transaction.atomic
def assessor_assign(*, actor, assessment: Assessment, user, area: str = "") -> Assignment:
    """Assign ``user`` to assess one area (TPU sub-teams) or the whole LKE (TPI)."""
    assessment = _locked(assessment)
    if not can_manage(actor, assessment):
        raise AccessDenied(_("Hanya ketua penilai atau Admin unit yang dapat menugaskan penilai."))
    _require_draft(assessment)
    area = (area or "").strip().upper()
    errors: dict[str, list[str]] = {}
    codes = _area_codes(assessment)
    if assessment.level == Level.TPU and not area:
        errors["area"] = [_("Penilai TPU ditugaskan per area: pilih areanya.")]
    elif assessment.level == Level.TPI and area:
        errors["area"] = [_("Penilai TPI ditugaskan untuk seluruh unit, bukan per area.")]
    elif area and area not in codes:
        errors["area"] = [
            _("Area %(area)s tidak ada dalam LKE ini (yang sah: %(codes)s).")
            % {"area": area, "codes": ", ".join(codes)}
        ]
    if user is None:
        errors["user"] = [_("Pilih penilai.")]
    else:
        problem = assessor_problem(user, assessment.unit, assessment.level)
        if problem:
            errors["user"] = [problem]
    if errors:
        raise ValidationError(errors)
    assignment = Assignment(
        tenant_id=assessment.tenant_id,
        assessment=assessment,
        user=user,
        area=area,
        assigned_by=actor,
    )
    assignment.full_clean()
    assignment.save()
    audit_record(
        actor=actor,
        tenant=assessment.tenant,
        action=AuditAction.ASSESSMENT_ASSIGN,
        instance=assessment,
        after={"user": user.pk, "area": area},
    )
    assessor_assigned(assignment, actor=actor)
    return assignment


@transaction.atomic
def assignment_remove(*, actor, assignment: Assignment) -> None:
    assessment = _locked(assignment.assessment)
    if not can_manage(actor, assessment):
        raise AccessDenied(_("Hanya ketua penilai atau Admin unit yang dapat menugaskan penilai."))
    _require_draft(assessment)
    audit_record(
        actor=actor,
        tenant=assessment.tenant,
        action=AuditAction.ASSESSMENT_UNASSIGN,
        instance=assessment,
        before={"user": assignment.user_id, "area": assignment.area},
    )
    assignment.delete()
