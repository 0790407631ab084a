"""Writes of the identification: opening it, the unit's information, and its workflow
(submit to the TPU, return or complete). Each checks the actor's capability, validates
everything before writing, and records its audit trail in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core import workflow
from apps.core.access import Capability, require
from apps.core.choices import RenderState
from apps.core.text import limited_text
from apps.cycles.models import Cycle, Stage

from ..checks import missing_items, parse_percent, submission_gaps
from ..models import (
    REALISATION_MAX,
    REQUIREMENT_FIELDS,
    REQUIREMENTS,
    UNIT_INFO_FIELDS,
    EventAction,
    Identification,
    SakipGrade,
    ServiceUser,
    Status,
)

# Stages of the cycle in which the unit may open an identification.
OPEN_STAGES = frozenset({Stage.PENCANANGAN, Stage.IDENTIFIKASI})
# Upper bound per percentage: LHKAN and TLHP are shares (0–100); key-target realisation
# may exceed its target (models.REALISATION_MAX).
PERCENT_FIELDS = {
    "lhkan_percent": 100,
    "tlhp_percent": 100,
    "realisation_y1": REALISATION_MAX,
    "realisation_y2": REALISATION_MAX,
}
YES_NO_FIELDS = ("pk_y1", "pk_y2", "pk_y3")
# The unit's and the TPU's free texts; a requirement's remark is a line (the model's 500).
NOTE_MAX = 4000
REQUIREMENT_NOTE_MAX = 500


class Outcome:
    RETURN = "return"
    COMPLETE = "complete"


def _locked(identification: Identification) -> Identification:
    return workflow.lock(identification, select_related=("cycle", "unit", "unit__tenant"))


def _submission_refusals(identification: Identification, **context) -> list[str]:
    gaps = submission_gaps(identification, service_user_count(identification))
    return [_("Identifikasi belum dapat diajukan ke TPU. Lengkapi dahulu:"), *gaps] if gaps else []


def _submitted(identification: Identification, **context) -> list[str]:
    identification.submitted_at = timezone.now()
    identification.full_clean()
    return ["submitted_at"]


def _decided(identification: Identification, *, actor, **context) -> list[str]:
    """The TPU's check and decision go with the status (set by ``identification_decide``
    before the transition: requirements, their remarks, what is missing, the note)."""
    identification.decided_at = timezone.now()
    identification.decided_by = actor
    identification.full_clean()
    return [
        *REQUIREMENT_FIELDS,
        "missing_items",
        "assessor_note",
        "decided_at",
        "decided_by",
    ]


def _completed(identification: Identification, **context) -> list[str]:
    """Complete: decided, and the report PDF is now due (made by the worker)."""
    identification.report_state = RenderState.PENDING
    return [*_decided(identification, **context), "report_state"]


IDENTIFICATION_WORKFLOW = workflow.declare(
    Identification,
    field="status",
    unit=lambda identification: identification.unit,
    transitions=[
        workflow.Transition(
            name=EventAction.SUBMIT,
            source=(Status.DRAFT, Status.RETURNED),
            target=Status.SUBMITTED,
            capability=Capability.IDENTIFICATION_FILL,
            action=AuditAction.IDENTIFICATION_SUBMIT,
            guards=(_submission_refusals,),
            effect=_submitted,
        ),
        workflow.Transition(
            name=EventAction.RETURN,
            source=(Status.SUBMITTED,),
            target=Status.RETURNED,
            capability=Capability.IDENTIFICATION_DECIDE,
            action=AuditAction.IDENTIFICATION_RETURN,
            effect=_decided,
        ),
        workflow.Transition(
            name=EventAction.COMPLETE,
            source=(Status.SUBMITTED,),
            target=Status.COMPLETE,
            capability=Capability.IDENTIFICATION_DECIDE,
            action=AuditAction.IDENTIFICATION_COMPLETE,
            effect=_completed,
        ),
    ],
)


def _require_editable(identification: Identification) -> None:
    if not identification.is_editable:
        raise ValidationError(
            _("Identifikasi berstatus %(status)s: data unit tidak dapat diubah sekarang.")
            % {"status": identification.get_status_display()}
        )


def service_user_count(identification: Identification) -> int:
    return ServiceUser.objects.filter(
        tenant_id=identification.tenant_id, cycle_id=identification.cycle_id
    ).count()


@transaction.atomic
def identification_open(*, actor, cycle: Cycle) -> Identification:
    """Start the identification of the cycle's unit (one per cycle)."""
    cycle = (
        Cycle.objects.select_for_update(of=("self",))
        .select_related("unit", "unit__tenant")
        .get(pk=cycle.pk)
    )
    require(actor, Capability.IDENTIFICATION_FILL, cycle.unit)
    if Identification.objects.filter(cycle=cycle).exists():
        raise ValidationError(_("Identifikasi siklus ini sudah dibuka."))
    if cycle.stage not in OPEN_STAGES:
        raise ValidationError(
            _(
                "Identifikasi hanya dapat dibuka pada tahap Pencanangan atau Identifikasi "
                "(siklus ini pada tahap %(stage)s)."
            )
            % {"stage": cycle.get_stage_display()}
        )
    identification = Identification(
        tenant_id=cycle.tenant_id, cycle=cycle, unit=cycle.unit, created_by=actor
    )
    identification.full_clean()
    identification.save()
    workflow.history_record(
        identification,
        EventAction.OPEN,
        from_state="",
        to_state=identification.status,
        actor=actor,
    )
    audit_record(
        actor=actor,
        tenant=cycle.unit.tenant,
        action=AuditAction.IDENTIFICATION_OPEN,
        instance=identification,
        after=snapshot(identification, ["cycle", "unit", "status"]),
    )
    return identification


def _limited(raw, limit: int) -> str:
    return limited_text(raw, limit)


def _clean_info(changes: dict) -> dict:
    """Parse the unit information; every field's error at once."""
    unknown = set(changes) - set(UNIT_INFO_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    for name, raw in changes.items():
        try:
            if name in PERCENT_FIELDS:
                clean[name] = parse_percent(raw, maximum=PERCENT_FIELDS[name])
            elif name in YES_NO_FIELDS:
                if raw not in (True, False, None):
                    raise ValidationError(_("Pilih Ada, Tidak ada, atau kosongkan."))
                clean[name] = raw
            elif name == "sakip_grade":
                grade = str(raw or "").strip().upper()
                if grade and grade not in SakipGrade.values:
                    raise ValidationError(
                        _("Nilai SAKIP harus salah satu dari: %(grades)s.")
                        % {"grades": ", ".join(SakipGrade.values)}
                    )
                clean[name] = grade
            else:
                clean[name] = _limited(raw, NOTE_MAX)
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def identification_update(*, actor, identification: Identification, **changes) -> Identification:
    """The unit's information (FRM-03 part B), while the identification is with the unit."""
    identification = _locked(identification)
    require(actor, Capability.IDENTIFICATION_FILL, identification.unit)
    _require_editable(identification)
    clean = _clean_info(changes)
    before = snapshot(identification, list(clean))
    for name, value in clean.items():
        setattr(identification, name, value)
    identification.full_clean()
    identification.save(update_fields=[*clean, "updated_at"])
    after = snapshot(identification, list(clean))
    if before != after:
        audit_record(
            actor=actor,
            tenant=identification.unit.tenant,
            action=AuditAction.IDENTIFICATION_UPDATE,
            instance=identification,
            before=before,
            after=after,
        )
    return identification


@transaction.atomic
def identification_submit(*, actor, identification: Identification) -> Identification:
    """Hand the identification to the TPU (also after it was returned). Refused while a
    part the unit fills is empty (``checks.submission_gaps``), naming each: once
    submitted, the unit cannot change anything until the TPU returns it."""
    identification = _locked(identification)
    workflow.require(identification, EventAction.SUBMIT, actor)
    if not identification.is_editable:
        raise ValidationError(
            _("Identifikasi berstatus %(status)s tidak dapat diajukan.")
            % {"status": identification.get_status_display()}
        )
    return workflow.transition(identification, EventAction.SUBMIT, actor=actor)


@transaction.atomic
def identification_decide(
    *,
    actor,
    identification: Identification,
    outcome: str,
    requirements: dict[str, bool | None],
    notes: dict[str, str] | None = None,
    note: str = "",
) -> Identification:
    """The TPU's check of the administrative requirements (FRM-03 part A) and its
    decision: ``complete`` only when nothing is missing (the unit becomes a Calon Unit
    Kerja), ``return`` with what is missing (the computed gaps plus ``note``)."""
    identification = _locked(identification)
    workflow.require(identification, EventAction.COMPLETE, actor)
    if outcome not in (Outcome.RETURN, Outcome.COMPLETE):
        raise ValidationError({"outcome": _("Keputusan tidak dikenal.")})
    if identification.status != Status.SUBMITTED:
        raise ValidationError(
            _("Hanya identifikasi yang sedang diajukan yang dapat diputuskan (status: %(status)s).")
            % {"status": identification.get_status_display()}
        )
    notes = notes or {}
    errors: dict[str, list[str]] = {}
    try:
        note = _limited(note, NOTE_MAX)
    except ValidationError as exc:
        errors["note"] = exc.messages
    before = snapshot(identification, ["status", *REQUIREMENT_FIELDS])
    for prefix, _label in REQUIREMENTS:
        value = requirements.get(prefix)
        if value not in (True, False, None):
            errors[prefix] = [_("Pilih Terpenuhi atau Belum terpenuhi.")]
        setattr(identification, prefix, value)
        try:
            remark = _limited(notes.get(prefix), REQUIREMENT_NOTE_MAX)
        except ValidationError as exc:
            errors[f"{prefix}_note"] = exc.messages
        else:
            setattr(identification, f"{prefix}_note", remark)
    if errors:
        raise ValidationError(errors)
    missing = missing_items(identification, service_user_count(identification))
    if outcome == Outcome.COMPLETE:
        if missing:
            raise ValidationError(
                [_("Identifikasi belum dapat dinyatakan lengkap. Yang masih kurang:"), *missing]
            )
        identification.missing_items = []
        action = EventAction.COMPLETE
    else:
        items = [*missing, *([note] if note else [])]
        if not items:
            raise ValidationError(
                {
                    "note": _(
                        "Tidak ada kekurangan yang terhitung: nyatakan lengkap, atau tuliskan "
                        "apa yang harus dilengkapi unit."
                    )
                }
            )
        identification.missing_items = items
        action = EventAction.RETURN
    identification.assessor_note = note
    identification = workflow.transition(
        identification,
        action,
        actor=actor,
        reason=note,
        data={"missing_items": identification.missing_items},
        audit_before=before,
        audit_after=lambda i: snapshot(i, ["status", *REQUIREMENT_FIELDS]),
    )
    if outcome == Outcome.COMPLETE:
        from apps.core.queue import enqueue_on_commit

        from ..tasks import render_identification_report

        # A broker outage only delays the PDF: the beat job renders missing reports, and
        # the report page renders it on demand.
        enqueue_on_commit(render_identification_report, identification.tenant_id, identification.pk)
    return identification
