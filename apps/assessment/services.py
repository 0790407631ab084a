"""Writes of assessments: open, assign, answer, finalise, release, reopen, import.

Every write checks the actor's role, validates with the scoring engine's Indonesian
messages, runs in one transaction with its audit record, and locks the assessment row
first, so two saves of one assessment (or a save and the lead's finalise) never
interleave.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core import workflow
from apps.core.access import Capability, can
from apps.core.exceptions import AccessDenied
from apps.cycles.models import Cycle, Stage
from apps.cycles.stages import stage_reached
from apps.lke.engine import validate_answers
from apps.lke.models import Question
from apps.lke.selectors import engine_template
from apps.units.models import Unit

from .access import (
    ANSWER_CAPABILITY,
    answerable_areas,
    assessor_problem,
    can_manage,
    conflict_message,
    lead_problem,
)
from .models import (
    LEVEL_FIRST_STAGE,
    LOWER_LEVEL,
    Answer,
    Assessment,
    Assignment,
    CycleFacts,
    Level,
    Status,
)

ASSESSMENT_FIELDS = ["cycle", "level", "status", "lead", "seeded_from", "locked_at", "released_at"]
ANSWER_FIELDS = ["question", "value", "note", "is_recommendation", "version"]
NOTE_MAX = 4000
LOCKED_STATE = [
    "status",
    "lead_id",
    "locked_at",
    "locked_by_id",
    "released_at",
    "released_by_id",
    "updated_at",
]


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


def _unit(assessment_or_cycle) -> Unit:
    return Unit.objects.get(tenant_id=assessment_or_cycle.tenant_id, pk=assessment_or_cycle.unit_id)


def _locked(assessment: Assessment) -> Assessment:
    """Lock the assessment's row for this transaction and refresh its state fields on
    the given instance (its unit, cycle and template never change)."""
    state = (
        Assessment.objects.select_for_update()
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


# --- open and assign --------------------------------------------------------------------


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
        Cycle.objects.select_for_update()
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
            )
            for question_id, value, answered_by in Answer.objects.filter(
                assessment=lower, value__isnull=False
            ).values_list("question_id", "value", "updated_by_id")
        )
    audit_record(
        actor=actor,
        tenant=unit.tenant,
        action=AuditAction.ASSESSMENT_OPEN,
        instance=assessment,
        after=snapshot(assessment, ASSESSMENT_FIELDS),
    )
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


# --- answers ----------------------------------------------------------------------------


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
) -> Saved:
    """Save one answer and its note. ``expected_version`` is the version the assessor's
    page showed (0: no answer yet); if the answer has changed since, nothing is saved
    and ``AnswerConflict`` names who changed it."""
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
    if existing is not None and (existing.value, existing.note, existing.is_recommendation) == (
        clean,
        note,
        bool(is_recommendation),
    ):
        return Saved(existing, False)
    before = snapshot(existing, ANSWER_FIELDS) if existing else None
    if existing is None:
        answer = Answer(
            tenant_id=assessment.tenant_id,
            assessment=assessment,
            question=Question.objects.get(version_id=assessment.template_id, code=question_code),
            version=1,
        )
    else:
        answer = existing
        answer.version += 1
    answer.value = clean
    answer.note = note
    answer.is_recommendation = bool(is_recommendation)
    answer.updated_by = actor
    answer.copied_from = ""
    # The related rows were just read or checked above: no need to look them up again.
    # The value passed validate_value(); the database still enforces the check and unique
    # constraints, so the hot path skips re-running them as queries (6 round trips).
    answer.full_clean(
        exclude=["tenant", "assessment", "question", "updated_by"], validate_constraints=False
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


# --- lock, release, reopen --------------------------------------------------------------


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


# --- import ----------------------------------------------------------------------------


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
        if answer is not None and (answer.value, answer.note, answer.is_recommendation) == (
            clean,
            note,
            rec,
        ):
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
        answer.full_clean(exclude=["assessment", "question"])
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


# --- eligibility facts ------------------------------------------------------------------

FACT_FIELDS = [
    "declared_on",
    "building_start",
    "sakip_grade",
    "tlhp_percent",
    "lhkan_percent",
    "key_target_percent",
    "key_target_prev_percent",
    "holds_wbk_since",
    "revoked_at",
]


@transaction.atomic
def cycle_facts_update(*, actor, cycle: Cycle, **values) -> CycleFacts:
    """Record the facts the TPI eligibility is checked on (admin of the unit)."""
    unit = _unit(cycle)
    if not can(actor, Capability.ASSESSMENT_MANAGE, unit):
        raise AccessDenied(
            _("Hanya Admin unit %(unit)s yang dapat mencatat data syarat usulan.")
            % {"unit": unit.name}
        )
    unknown = set(values) - set(FACT_FIELDS)
    if unknown:
        raise ValueError(f"unknown facts: {sorted(unknown)}")
    facts = CycleFacts.objects.select_for_update().filter(cycle=cycle).first() or CycleFacts(
        tenant_id=cycle.tenant_id, cycle=cycle
    )
    before = snapshot(facts, FACT_FIELDS) if facts.pk else None
    for name, value in values.items():
        setattr(facts, name, value if value is not None or name != "sakip_grade" else "")
    facts.updated_by = actor
    facts.full_clean(exclude=["cycle"])
    facts.save()
    audit_record(
        actor=actor,
        tenant=unit.tenant,
        action=AuditAction.ASSESSMENT_FACTS,
        instance=facts,
        before=before,
        after=snapshot(facts, FACT_FIELDS),
    )
    return facts
