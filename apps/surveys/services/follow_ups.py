"""Following up a survey's weak elements (PPF4C; PPF1C): what the unit will do, who does
it, by when, where it stands, and – once done – what came of it with the evidence file.

An action is planned, then in progress, then done (a quick one may go straight from
planned to done). Done is final: it needs the result in words and an evidence file
(checked, scanned and stored through ``apps.files``), and from then on the action is
the evidence the LKE asks for, so it is no longer edited.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core import workflow
from apps.core.access import Capability
from apps.files.services import file_store

from ..access import AREA, require_manage
from ..models import FollowUpAction, FollowUpStatus, Item, Survey

FIELDS = ["item", "action", "owner", "due_on", "status", "result", "evidence", "done_at"]
ACTION_MAX = FollowUpAction._meta.get_field("action").max_length
OWNER_MAX = FollowUpAction._meta.get_field("owner").max_length
RESULT_MAX = FollowUpAction._meta.get_field("result").max_length
# A plan further ahead than this is no follow-up of this survey any more.
HORIZON_YEARS = 2
SELECT = ("survey", "survey__unit", "survey__unit__tenant", "item")


def _finish_refusals(follow_up: FollowUpAction, *, result="", evidence=None, **context):
    reasons = []
    if not result:
        reasons.append(_("Tuliskan hasil tindak lanjut sebelum menandainya selesai."))
    if evidence is None:
        reasons.append(_("Unggah berkas bukti tindak lanjut (PDF atau gambar)."))
    return reasons


def _finished(follow_up: FollowUpAction, *, result="", evidence=None, **context) -> list[str]:
    follow_up.result = result
    follow_up.evidence = evidence
    follow_up.done_at = timezone.now()
    return ["result", "evidence", "done_at"]


FOLLOW_UP_WORKFLOW = workflow.declare(
    FollowUpAction,
    field="status",
    unit=lambda follow_up: follow_up.survey.unit,
    area=lambda follow_up: AREA,
    transitions=[
        workflow.Transition(
            name="start",
            source=(FollowUpStatus.PLANNED,),
            target=FollowUpStatus.IN_PROGRESS,
            capability=Capability.SURVEY_MANAGE,
            action=AuditAction.SURVEY_FOLLOW_UP,
        ),
        workflow.Transition(
            name="finish",
            source=(FollowUpStatus.PLANNED, FollowUpStatus.IN_PROGRESS),
            target=FollowUpStatus.DONE,
            capability=Capability.SURVEY_MANAGE,
            action=AuditAction.SURVEY_FOLLOW_UP,
            guards=(_finish_refusals,),
            effect=_finished,
        ),
    ],
)


def _text(value, *, field: str, limit: int, required: str) -> str:
    text = " ".join(str(value or "").split()) if field == "owner" else str(value or "").strip()
    if not text:
        raise ValidationError({field: [required]})
    if len(text) > limit:
        raise ValidationError(
            {field: [_("Paling panjang %(n)s karakter.") % {"n": limit}]},
        )
    return text


def _clean(survey: Survey, *, item, action, owner, due_on) -> dict:
    errors: dict[str, list[str]] = {}
    cleaned: dict = {"item": item}
    if item is not None and (not isinstance(item, Item) or item.survey_id != survey.pk):
        errors["item"] = [_("Unsur itu bukan bagian dari survei ini.")]
    for field, value, limit, required in (
        ("action", action, ACTION_MAX, _("Tuliskan rencana tindak lanjutnya.")),
        ("owner", owner, OWNER_MAX, _("Sebutkan penanggung jawabnya.")),
    ):
        try:
            cleaned[field] = _text(value, field=field, limit=limit, required=required)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    start, end = survey.bounds
    if not isinstance(due_on, datetime.date):
        errors["due_on"] = [_("Isi batas waktu dengan tanggal yang benar.")]
    elif due_on < start:
        errors["due_on"] = [
            _("Batas waktu tidak boleh sebelum awal periode survei (%(date)s).")
            % {"date": start.strftime("%d-%m-%Y")}
        ]
    elif due_on.year > end.year + HORIZON_YEARS:
        errors["due_on"] = [
            _("Batas waktu paling lambat akhir tahun %(year)s.")
            % {"year": end.year + HORIZON_YEARS}
        ]
    if errors:
        raise ValidationError(errors)
    cleaned["due_on"] = due_on
    return cleaned


def _lock(follow_up: FollowUpAction) -> FollowUpAction:
    return workflow.lock(follow_up, select_related=SELECT)


@transaction.atomic
def follow_up_create(
    *,
    actor,
    survey: Survey,
    action: str,
    owner: str,
    due_on: datetime.date,
    item: Item | None = None,
) -> FollowUpAction:
    """A follow-up action of ``survey``, about one of its elements (``item``) or the
    survey as a whole; planned."""
    survey = workflow.lock(survey, select_related=("unit", "unit__tenant"))
    require_manage(actor, survey.unit)
    if survey.is_editable:
        raise ValidationError(
            _("Survei belum dibuka: tindak lanjut disusun dari hasil survei yang sudah berjalan.")
        )
    cleaned = _clean(survey, item=item, action=action, owner=owner, due_on=due_on)
    follow_up = FollowUpAction(
        tenant_id=survey.tenant_id, survey=survey, created_by=actor, **cleaned
    )
    follow_up.full_clean()
    follow_up.save()
    audit_record(
        actor=actor,
        tenant=survey.unit.tenant,
        action=AuditAction.SURVEY_FOLLOW_UP,
        instance=follow_up,
        after=snapshot(follow_up, FIELDS),
    )
    return follow_up


@transaction.atomic
def follow_up_update(
    *,
    actor,
    follow_up: FollowUpAction,
    action: str,
    owner: str,
    due_on: datetime.date,
    item: Item | None = None,
) -> FollowUpAction:
    """Change what, who, by when or which element, until the action is done."""
    follow_up = _lock(follow_up)
    require_manage(actor, follow_up.survey.unit)
    if follow_up.status == FollowUpStatus.DONE:
        raise ValidationError(
            _("Tindak lanjut yang sudah selesai tidak dapat diubah: ia menjadi bukti.")
        )
    cleaned = _clean(follow_up.survey, item=item, action=action, owner=owner, due_on=due_on)
    before = snapshot(follow_up, FIELDS)
    for name, value in cleaned.items():
        setattr(follow_up, name, value)
    follow_up.full_clean()
    follow_up.save(update_fields=[*cleaned, "updated_at"])
    audit_record(
        actor=actor,
        tenant=follow_up.survey.unit.tenant,
        action=AuditAction.SURVEY_FOLLOW_UP,
        instance=follow_up,
        before=before,
        after=snapshot(follow_up, FIELDS),
    )
    return follow_up


def follow_up_progress(*, actor, follow_up: FollowUpAction) -> FollowUpAction:
    """Planned → in progress."""
    return workflow.transition(follow_up, "start", actor=actor, select_related=SELECT)


@transaction.atomic
def follow_up_done(*, actor, follow_up: FollowUpAction, result: str, uploaded) -> FollowUpAction:
    """Mark the action done with what came of it and the evidence file (both required);
    nothing is stored when anything is refused before the file's own checks."""
    follow_up = _lock(follow_up)
    workflow.require(follow_up, "finish", actor)
    if follow_up.status not in FOLLOW_UP_WORKFLOW.get("finish").source:
        raise ValidationError(_("Tindak lanjut ini sudah selesai."))
    result = str(result or "").strip()
    errors: dict[str, list[str]] = {}
    if not result:
        errors["result"] = [_("Tuliskan hasil tindak lanjut sebelum menandainya selesai.")]
    elif len(result) > RESULT_MAX:
        errors["result"] = [_("Paling panjang %(n)s karakter.") % {"n": RESULT_MAX}]
    if uploaded is None:
        errors["evidence"] = [_("Unggah berkas bukti tindak lanjut (PDF atau gambar).")]
    if errors:
        raise ValidationError(errors)
    stored = file_store(actor=actor, unit=follow_up.survey.unit, uploaded=uploaded)
    return workflow.transition(
        follow_up,
        "finish",
        actor=actor,
        result=result,
        evidence=stored,
        audit_after=lambda saved: snapshot(saved, FIELDS),
    )
