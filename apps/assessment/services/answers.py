"""Saving one answer: the engine's validation, the assessor's areas, conflict of interest,
and optimistic versions (``AnswerConflict`` names who changed it)."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core.exceptions import AccessDenied
from apps.lke.engine import validate_answers
from apps.lke.models import Question
from apps.lke.selectors import engine_template
from apps.surveys.lke import lke_sources

from ..access import answerable_areas, conflict_message
from ..models import Answer, Assessment, Level
from ..survey_values import answer_value, reason_missing, survey_questions, survey_title
from .common import _locked, _require_draft

ANSWER_FIELDS = [
    "question",
    "value",
    "note",
    "is_recommendation",
    "version",
    "source_survey",
    "override_reason",
]
NOTE_MAX = 4000
REASON_MAX = 2000


def answer_to_write(assessment: Assessment, existing: Answer | None, code: str) -> Answer:
    """The row a new value of question ``code`` goes into: the existing answer one version
    on, or a new one at version 1 (the version is what a stale save is caught by)."""
    if existing is None:
        return Answer(
            tenant_id=assessment.tenant_id,
            assessment=assessment,
            question=Question.objects.get(version_id=assessment.template_id, code=code),
            version=1,
        )
    existing.version += 1
    return existing


class AnswerConflict(ValidationError):
    """A save based on a version of the answer that someone else has changed since."""

    def __init__(self, answer: Answer | None, question_code: str):
        self.answer = answer
        if answer is None:
            message = _(
                "Jawaban %(code)s sudah dihapus atau belum pernah disimpan; muat ulang "
                "pertanyaan ini."
            ) % {"code": question_code}
        else:
            message = _(
                "Jawaban %(code)s sudah diubah oleh %(name)s pada %(time)s. Perubahan Anda "
                "belum disimpan: muat ulang pertanyaan ini, periksa jawabannya, lalu simpan "
                "lagi."
            ) % {
                "code": question_code,
                "name": answer.updated_by.full_name,
                "time": timezone.localtime(answer.updated_at).strftime("%d-%m-%Y %H:%M:%S"),
            }
        super().__init__(message, code="conflict")


def canonical(value) -> object:
    """The engine's canonical answer as JSON: numbers as plain decimal strings."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text == "-0" else text
    return value


def validate_value(template, code: str, raw) -> object:
    """One answer through the engine: the canonical JSON value, or None when blank."""
    normalized, errors = validate_answers(template, {code: raw})
    if errors:
        raise ValidationError({"value": [str(e) for e in errors]}, code="invalid")
    return canonical(normalized.get(code))


def _require_writer(actor, assessment: Assessment, area_code: str, question_code: str) -> None:
    areas = answerable_areas(actor, assessment)
    if areas is not None and area_code not in areas:
        if areas:
            raise AccessDenied(
                _(
                    "Anda ditugaskan menilai area %(areas)s; pertanyaan %(code)s termasuk area %(area)s."
                )
                % {"areas": ", ".join(sorted(areas)), "code": question_code, "area": area_code}
            )
        raise AccessDenied(_("Hanya penilai yang ditugaskan yang dapat mengisi penilaian ini."))
    if assessment.level != Level.MANDIRI:
        # Checked at every save: a role in the unit given after the assignment counts too.
        problem = conflict_message(actor, assessment.unit)
        if problem:
            raise AccessDenied(problem)


def survey_decision(assessment: Assessment, template, code: str, clean, reason: str):
    """For a question a closed survey answers (HBA/HPA): the survey and the override
    reason to store with ``clean`` – none when it is the survey's value, the assessor's
    reason (required, Indonesian refusal) when it is another one. Other questions, or no
    closed survey yet: (None, "")."""
    kinds = {code_: kind for kind, code_ in survey_questions(template).items()}
    if code not in kinds:
        return None, ""
    result = lke_sources(assessment.unit_id, assessment.cycle.year, [kinds[code]]).get(kinds[code])
    if result is None:
        return None, ""
    value = answer_value(result, template)
    if clean == value:
        return result.survey, ""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(
            {"override_reason": reason_missing(survey_title(result.survey), value)},
            code="reason",
        )
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {
                "override_reason": _("Alasan paling banyak %(n)s karakter; persingkat.")
                % {"n": REASON_MAX}
            }
        )
    return result.survey, reason


@dataclass(frozen=True)
class Saved:
    answer: Answer
    changed: bool


@transaction.atomic
def answer_save(
    *,
    actor,
    assessment: Assessment,
    question_code: str,
    value,
    note: str = "",
    is_recommendation: bool = False,
    expected_version: int,
    override_reason: str = "",
) -> Saved:
    """Save one answer and its note. ``expected_version`` is the version the assessor's
    page showed (0: no answer yet); if the answer has changed since, nothing is saved
    and ``AnswerConflict`` names who changed it. HBA/HPA with a closed survey: another
    value than the survey's needs ``override_reason`` (``survey_decision``)."""
    assessment = _locked(assessment)
    template = engine_template(assessment.template)
    question = template.questions.get(question_code)
    if question is None:
        raise ValidationError(
            _("Pertanyaan %(code)s tidak ada dalam LKE %(template)s.")
            % {"code": question_code, "template": template.code}
        )
    _require_writer(actor, assessment, question.area_code, question_code)
    _require_draft(assessment)
    clean = validate_value(template, question_code, value)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {
                "note": _(
                    "Catatan paling banyak %(n)s karakter (tertulis %(len)s); persingkat "
                    "catatannya."
                )
                % {"n": NOTE_MAX, "len": len(note)}
            }
        )
    if is_recommendation and not note:
        raise ValidationError(
            {"note": _("Tulis isi rekomendasinya di catatan sebelum menandainya rekomendasi.")}
        )
    existing = (
        Answer.objects.filter(assessment=assessment, question__code=question_code)
        .select_related("updated_by", "question")
        .first()
    )
    current = existing.version if existing else 0
    if expected_version != current:
        raise AnswerConflict(existing, question_code)
    source, reason = survey_decision(assessment, template, question_code, clean, override_reason)
    if existing is not None and (
        existing.value,
        existing.note,
        existing.is_recommendation,
        existing.source_survey_id,
        existing.override_reason,
    ) == (clean, note, bool(is_recommendation), getattr(source, "pk", None), reason):
        return Saved(existing, False)
    before = snapshot(existing, ANSWER_FIELDS) if existing else None
    answer = answer_to_write(assessment, existing, question_code)
    answer.value = clean
    answer.note = note
    answer.is_recommendation = bool(is_recommendation)
    answer.updated_by = actor
    answer.copied_from = ""
    answer.source_survey = source
    answer.override_reason = reason
    # The related rows were just read or checked above: no need to look them up again.
    # The value passed validate_value(); the database still enforces the check and unique
    # constraints, so the hot path skips re-running them as queries (6 round trips).
    answer.full_clean(
        exclude=["tenant", "assessment", "question", "updated_by", "source_survey"],
        validate_constraints=False,
    )
    answer.save()
    audit_record(
        actor=actor,
        tenant=assessment.tenant,
        action=AuditAction.ASSESSMENT_ANSWER,
        instance=answer,
        before=before,
        after=snapshot(answer, ANSWER_FIELDS),
    )
    return Saved(answer, True)
