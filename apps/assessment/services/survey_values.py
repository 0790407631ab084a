"""Writing the IPAK/IPKP surveys' values into HBA/HPA (rules: ``apps.assessment.survey_values``)."""

from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.lke.selectors import engine_template
from apps.surveys.lke import lke_sources
from apps.surveys.models import Survey

from ..models import Answer, Assessment, Status
from ..survey_values import SURVEY_QUESTIONS, answer_value, survey_questions, survey_title
from .answers import ANSWER_FIELDS, answer_to_write
from .common import _locked


def _writer(actor, survey: Survey):
    """Who the answer names as its writer: the one whose step brought the value (closing
    the survey, opening the assessment), else who closed or made the survey (a close by
    the system)."""
    if getattr(actor, "pk", None):
        return actor
    return survey.closed_by or survey.created_by


@transaction.atomic
def survey_values_apply(*, actor, assessment: Assessment) -> list[str]:
    """Put the values of the unit's closed IPAK/IPKP surveys of the cycle's year into the
    assessment's HBA/HPA, unless it is final or an assessor overrode the value with a
    reason. Returns the codes written. The system's step, not an assessor's: no
    capability is asked (the caller's step was checked)."""
    assessment = _locked(assessment)
    if assessment.status != Status.DRAFT:
        return []
    template = engine_template(assessment.template)
    questions = survey_questions(template)
    if not questions:
        return []
    sources = lke_sources(assessment.unit_id, assessment.cycle.year, questions)
    if not sources:
        return []
    existing = {
        a.question.code: a
        for a in Answer.objects.filter(
            assessment=assessment, question__code__in=list(questions.values())
        ).select_related("question")
    }
    written = []
    for kind, result in sources.items():
        code = questions[kind]
        value = answer_value(result, template)
        answer = existing.get(code)
        if answer is not None and answer.override_reason:
            continue  # the assessor's decision stands
        if answer is not None and (answer.value, answer.source_survey_id) == (
            value,
            result.survey.pk,
        ):
            continue
        before = snapshot(answer, ANSWER_FIELDS) if answer is not None else None
        answer = answer_to_write(assessment, answer, code)
        answer.value = value
        answer.source_survey = result.survey
        answer.override_reason = ""
        answer.copied_from = ""
        answer.updated_by = _writer(actor, result.survey)
        answer.save()
        audit_record(
            actor=actor,
            tenant=assessment.tenant,
            action=AuditAction.ASSESSMENT_ANSWER,
            instance=answer,
            before=before,
            after=snapshot(answer, ANSWER_FIELDS),
            reason=_("Nilai dari survei %(survey)s") % {"survey": survey_title(result.survey)},
        )
        written.append(code)
    return written


def survey_closed(survey: Survey, *, actor) -> None:
    """A survey closed: every assessment of its unit and year not final takes the values
    (of the survey now supplying them: a semester I survey closed after semester II's
    changes nothing). In the closing step's transaction."""
    if survey.kind not in SURVEY_QUESTIONS:
        return
    assessments = Assessment.objects.filter(
        tenant_id=survey.tenant_id,
        unit_id=survey.unit_id,
        cycle__year=survey.year,
        status=Status.DRAFT,
    ).select_related("tenant", "cycle", "template")
    for assessment in assessments:
        survey_values_apply(actor=actor, assessment=assessment)
