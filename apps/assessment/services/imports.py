"""Writing the answers of a checked LKE workbook, all or none."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record
from apps.core.exceptions import AccessDenied
from apps.lke.models import Question
from apps.lke.selectors import engine_template

from ..access import conflict_message
from ..models import Answer, Assessment, Level
from .answers import NOTE_MAX, survey_decision, validate_value
from .common import _locked, _require_draft


@dataclass(frozen=True)
class ImportedAnswer:
    code: str
    value: object  # canonical JSON value or None
    note: str
    is_recommendation: bool


@transaction.atomic
def answers_import(
    *,
    actor,
    assessment: Assessment,
    rows: list[ImportedAnswer],
    seen_versions: dict[str, int],
) -> int:
    """Write the answers of a checked workbook, all or none. ``seen_versions`` are the
    answers' versions at the dry run: if any changed since, nothing is written."""
    assessment = _locked(assessment)
    if assessment.lead_id != actor.pk:
        raise AccessDenied(_("Hanya ketua penilai yang dapat mengimpor jawaban."))
    _require_draft(assessment)
    if assessment.level != Level.MANDIRI:
        problem = conflict_message(actor, assessment.unit)
        if problem:
            raise AccessDenied(problem)
    template = engine_template(assessment.template)
    existing = {
        a.question.code: a
        for a in Answer.objects.filter(assessment=assessment).select_related(
            "question", "updated_by"
        )
    }
    changed_since = [
        code
        for code in {*seen_versions, *existing}
        if seen_versions.get(code, 0) != (existing[code].version if code in existing else 0)
    ]
    if changed_since:
        raise ValidationError(
            _(
                "Jawaban %(codes)s berubah sejak pratinjau; tidak ada yang disimpan. Unggah "
                "ulang berkas untuk pratinjau baru."
            )
            % {"codes": ", ".join(sorted(changed_since))},
            code="conflict",
        )
    question_ids = dict(
        Question.objects.filter(version_id=assessment.template_id).values_list("code", "pk")
    )
    written = 0
    for row in rows:
        clean = validate_value(template, row.code, row.value)
        note = (row.note or "").strip()
        if len(note) > NOTE_MAX:  # refused, never cut
            raise ValidationError(
                _("Catatan %(code)s lebih dari %(n)s karakter (%(len)s); persingkat di berkas.")
                % {"code": row.code, "n": NOTE_MAX, "len": len(note)}
            )
        rec = bool(row.is_recommendation and note)
        answer = existing.get(row.code)
        if answer is not None and answer.value == clean:
            source, reason = answer.source_survey_id, answer.override_reason
        else:
            # HBA/HPA with a closed survey: the workbook may bring the survey's value; for
            # another one the reason is asked on the scoring page (none in a workbook).
            try:
                found, reason = survey_decision(assessment, template, row.code, clean, "")
            except ValidationError as exc:
                raise ValidationError(
                    _("%(code)s: %(problem)s") % {"code": row.code, "problem": exc.messages[0]}
                ) from None
            source = getattr(found, "pk", None)
        if answer is not None and (
            answer.value,
            answer.note,
            answer.is_recommendation,
            answer.source_survey_id,
        ) == (clean, note, rec, source):
            continue
        if answer is None:
            if clean is None and not note:
                continue
            answer = Answer(
                tenant_id=assessment.tenant_id,
                assessment=assessment,
                question_id=question_ids[row.code],
                version=0,
            )
        answer.value, answer.note, answer.is_recommendation = clean, note, rec
        answer.version += 1
        answer.updated_by = actor
        answer.copied_from = ""
        answer.source_survey_id, answer.override_reason = source, reason
        # As in answer_save: the value passed validate_value() and the related rows were
        # read above; the database still enforces the check and unique constraints, so a
        # workbook of 113 answers does not re-run them as queries row by row.
        answer.full_clean(
            exclude=["tenant", "assessment", "question", "updated_by", "source_survey"],
            validate_constraints=False,
        )
        answer.save()
        written += 1
    audit_record(
        actor=actor,
        tenant=assessment.tenant,
        action=AuditAction.ASSESSMENT_IMPORT,
        instance=assessment,
        after={"answers": written},
    )
    return written
