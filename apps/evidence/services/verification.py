"""The item's workflow (``ITEM_WORKFLOW``): revise, submit into the agency's verification
chain, verify or return at one level, withdraw. Each status change is a workflow
transition (history row and audit event in the same transaction)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record
from apps.core import workflow
from apps.core.access import Capability
from apps.core.exceptions import AccessDenied
from apps.core.text import limited_text
from apps.files.services import file_store

from ..chain import chain_for, is_current_verifier
from ..models import EventAction, EvidenceComment, EvidenceItem, EvidenceRevision, ItemStatus
from .items import _clean_url, _event_data, _require_open_cycle, _upload_name

# The columns a status change rewrites with it (the current level, denormalised for the
# verifier queues, and the dates); the service sets them before the transition.
ITEM_STATE_FIELDS = [
    "chain",
    "level",
    "current_role",
    "current_anchor",
    "current_reach",
    "current_level_name",
    "waiting_since",
    "submitted_at",
    "verified_at",
]


def _item_state_fields(item, **context) -> list[str]:
    return ITEM_STATE_FIELDS


def _transition(
    name: str,
    source: tuple[str, ...],
    target: str | None,
    capability: str,
    *,
    action: str,
    effect=_item_state_fields,
):
    return workflow.Transition(
        name=name,
        source=source,
        target=target,
        capability=capability,
        action=action,
        effect=effect,
    )


# The capability is asked by ``transition`` (contributors of the item's area, verifiers);
# the verifier of the item's current level is the chain's rule, checked by the services.
ITEM_WORKFLOW = workflow.declare(
    EvidenceItem,
    field="status",
    unit=lambda item: item.unit,
    area=lambda item: item.area_code,
    transitions=[
        _transition(
            EventAction.REVISE,
            (ItemStatus.DRAFT, ItemStatus.RETURNED),
            ItemStatus.DRAFT,
            Capability.EVIDENCE_SUBMIT,
            action=AuditAction.EVIDENCE_REVISE,
            effect=None,
        ),
        # Into the chain, or verified at once when the agency has no levels.
        _transition(
            EventAction.SUBMIT,
            (ItemStatus.DRAFT,),
            None,
            Capability.EVIDENCE_SUBMIT,
            action=AuditAction.EVIDENCE_SUBMIT,
        ),
        # One level's decision: on to the next level, or verified after the last.
        _transition(
            EventAction.VERIFY,
            (ItemStatus.IN_VERIFICATION,),
            None,
            Capability.EVIDENCE_VERIFY,
            action=AuditAction.EVIDENCE_VERIFY,
        ),
        _transition(
            EventAction.RETURN,
            (ItemStatus.IN_VERIFICATION,),
            ItemStatus.RETURNED,
            Capability.EVIDENCE_VERIFY,
            action=AuditAction.EVIDENCE_RETURN,
        ),
        _transition(
            EventAction.WITHDRAW,
            (
                ItemStatus.DRAFT,
                ItemStatus.IN_VERIFICATION,
                ItemStatus.RETURNED,
                ItemStatus.VERIFIED,
            ),
            ItemStatus.WITHDRAWN,
            Capability.EVIDENCE_SUBMIT,
            action=AuditAction.EVIDENCE_WITHDRAW,
        ),
    ],
)


def _locked(item: EvidenceItem, *related: str) -> EvidenceItem:
    return workflow.lock(item, select_related=related)


@transaction.atomic
def evidence_revise(
    *, actor, item: EvidenceItem, uploaded=None, url: str = "", note: str = ""
) -> EvidenceRevision:
    """A new revision of a draft or returned item; the previous one stays, superseded."""
    item = _locked(item, "cycle", "unit")
    workflow.require(item, EventAction.REVISE, actor)
    _require_open_cycle(item.cycle)
    if item.status not in (ItemStatus.DRAFT, ItemStatus.RETURNED):
        raise ValidationError(
            _("Bukti berstatus %(status)s tidak dapat direvisi.")
            % {"status": item.get_status_display()}
        )
    if (uploaded is None) == (not url):
        raise ValidationError(_("Unggah satu berkas atau isi satu tautan."))
    stored = file_store(actor=actor, unit=item.unit, uploaded=uploaded) if uploaded else None
    link = "" if stored else _clean_url(url)
    last = item.revisions.select_for_update(of=("self",)).order_by("-number").first()
    before = {"status": item.status, "revision": last.number, "file": last.file_name or last.url}
    item.revisions.filter(is_current=True).update(is_current=False)
    revision = EvidenceRevision.objects.create(
        item=item,
        number=last.number + 1,
        stored_file=stored,
        file_name=_upload_name(uploaded, stored),
        url=link,
        note=limited_text(note, 500, field="note"),
        created_by=actor,
    )
    workflow.transition(
        item,
        EventAction.REVISE,
        actor=actor,
        reason=note.strip(),
        data=_event_data(item, revision=revision),
        audit_before=before,
        audit_after=lambda i: {
            "status": i.status,
            "revision": revision.number,
            "file": revision.file_name or revision.url,
        },
    )
    return revision


def _set_level(item: EvidenceItem, level: int) -> None:
    item.level = level
    step = item.chain[level] if level < len(item.chain) else None
    item.current_role = step["role"] if step else ""
    item.current_anchor_id = step["anchor_unit"] if step else None
    item.current_reach = bool(step and step["reach"])
    item.current_level_name = step["name"] if step else ""
    item.waiting_since = timezone.now() if step else None


@transaction.atomic
def evidence_submit(*, actor, item: EvidenceItem) -> EvidenceItem:
    """Send a draft into the agency's verification chain (fixed now, from level 1)."""
    item = _locked(item, "cycle", "unit", "question")
    workflow.require(item, EventAction.SUBMIT, actor)
    _require_open_cycle(item.cycle)
    if item.status != ItemStatus.DRAFT:
        raise ValidationError(
            _("Hanya bukti berstatus draf yang dapat diajukan (status sekarang: %(status)s).")
            % {"status": item.get_status_display()}
        )
    item.chain = [step.as_json() for step in chain_for(item.unit)]
    item.submitted_at = timezone.now()
    revision = item.revisions.get(is_current=True)
    data = _event_data(item, revision=revision, level=0)
    if item.chain:
        to_state = ItemStatus.IN_VERIFICATION
    else:  # an agency without verification levels
        to_state = ItemStatus.VERIFIED
        item.verified_at = item.submitted_at
    _set_level(item, 0)
    return workflow.transition(item, EventAction.SUBMIT, actor=actor, to_state=to_state, data=data)


@transaction.atomic
def evidence_verify(*, actor, item: EvidenceItem, comment: str = "") -> EvidenceItem:
    item = _locked(item, "unit", "question")
    if not is_current_verifier(actor, item):
        raise AccessDenied(_("Anda bukan verifikator tingkat ini untuk bukti tersebut."))
    revision = item.revisions.get(is_current=True)
    data = _event_data(item, revision=revision, level=item.level)
    level_name = item.current_level_name
    before = {"status": item.status, "level": level_name}
    to_state = ItemStatus.IN_VERIFICATION
    if item.level + 1 >= len(item.chain):
        to_state = ItemStatus.VERIFIED
        item.verified_at = timezone.now()
        _set_level(item, len(item.chain))
    else:
        _set_level(item, item.level + 1)
    return workflow.transition(
        item,
        EventAction.VERIFY,
        actor=actor,
        to_state=to_state,
        reason=comment.strip(),
        data=data,
        audit_before=before,
        audit_after=lambda i: {"status": i.status, "level": i.current_level_name},
        level_name=level_name,  # the level decided (for the notices: apps/evidence/notices.py)
    )


@transaction.atomic
def evidence_return(*, actor, item: EvidenceItem, comment: str) -> EvidenceItem:
    item = _locked(item, "unit", "question")
    if not is_current_verifier(actor, item):
        raise AccessDenied(_("Anda bukan verifikator tingkat ini untuk bukti tersebut."))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Tuliskan alasan pengembalian agar unit tahu apa yang harus diperbaiki.")}
        )
    revision = item.revisions.get(is_current=True)
    data = _event_data(item, revision=revision, level=item.level)
    level_name = item.current_level_name
    _set_level(item, len(item.chain))  # no level has it while the unit revises
    item.level = 0
    return workflow.transition(
        item,
        EventAction.RETURN,
        actor=actor,
        reason=comment,
        data=data,
        level_name=level_name,  # the level that returned it (for the notices)
    )


@transaction.atomic
def evidence_withdraw(*, actor, item: EvidenceItem, reason: str) -> EvidenceItem:
    item = _locked(item, "cycle", "unit")
    workflow.require(item, EventAction.WITHDRAW, actor)
    _require_open_cycle(item.cycle)
    if item.status == ItemStatus.WITHDRAWN:
        raise ValidationError(_("Bukti ini sudah ditarik."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan penarikan bukti.")})
    _set_level(item, len(item.chain))
    item.level = 0
    return workflow.transition(item, EventAction.WITHDRAW, actor=actor, reason=reason)


@transaction.atomic
def evidence_verify_many(*, actor, items, comment: str = "") -> tuple[int, list[tuple[str, str]]]:
    """Verify, with one comment, each of ``items`` that ``actor`` verifies at its current
    level; all in one transaction. Returns (how many verified, [(title, why not), …])."""
    comment = (comment or "").strip()
    if len(comment) > EvidenceComment.MAX_LENGTH:
        raise ValidationError(
            {
                "comment": _("Komentar paling banyak %(n)s karakter.")
                % {"n": EvidenceComment.MAX_LENGTH}
            }
        )
    verified, refused = [], []
    for item in items:
        try:
            verified.append(evidence_verify(actor=actor, item=item, comment=comment))
        except (AccessDenied, ValidationError) as exc:
            refused.append((item.title, " ".join(getattr(exc, "messages", [str(exc)]))))
    if verified:
        audit_record(
            actor=actor,
            tenant=verified[0].tenant,
            action=AuditAction.EVIDENCE_VERIFY_MANY,
            instance=verified[0],
            after={"items": [i.pk for i in verified], "comment": comment},
            reason=_("Verifikasi sekaligus: %(n)s bukti") % {"n": len(verified)},
        )
    return len(verified), refused
