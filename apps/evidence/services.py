"""Writes about evidence. Every change is checked against the actor's roles and done in one
transaction; status changes are the item's workflow transitions (``ITEM_WORKFLOW``:
history row and audit event), the upload opens the item's history."""

import unicodedata
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core import workflow
from apps.core.access import Capability, can, require
from apps.core.exceptions import AccessDenied
from apps.core.text import limited_text
from apps.files.services import file_store
from apps.lke.models import EvidenceRequirement, Question

from .chain import chain_for, is_chain_verifier, is_current_verifier
from .models import (
    EventAction,
    EvidenceComment,
    EvidenceItem,
    EvidenceRevision,
    ItemStatus,
    VerificationLevel,
)

# Stages of a cycle in which evidence may still be added and submitted.
OPEN_STAGES = frozenset({"pencanangan", "identifikasi", "pembangunan", "penilaian_pendahuluan"})


def question_area_code(question: Question) -> str:
    return question.indicator.aspect.area.code


def can_contribute(user, unit, area_code: str) -> bool:
    """A member of the unit who works on this area (or on the whole ZI programme)."""
    return can(user, Capability.EVIDENCE_SUBMIT, unit, area=area_code)


def _require_contributor(actor, cycle, area_code: str) -> None:
    require(actor, Capability.EVIDENCE_SUBMIT, cycle.unit, area=area_code)


def _require_open_cycle(cycle) -> None:
    if cycle.stage not in OPEN_STAGES:
        raise ValidationError(
            _("Siklus %(name)s sudah pada tahap %(stage)s; bukti tidak dapat diubah lagi.")
            % {"name": cycle.name, "stage": cycle.get_stage_display()}
        )


def _validate_question(cycle, question: Question, requirement: EvidenceRequirement | None) -> None:
    if question.version_id != cycle.template_id:
        raise ValidationError({"question": _("Pertanyaan ini bukan bagian dari LKE siklus ini.")})
    if requirement is not None and requirement.question_id != question.pk:
        raise ValidationError(
            {
                "requirement": _("Dokumen checklist ini bukan milik pertanyaan %(code)s.")
                % {"code": question.code}
            }
        )


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            {"url": _("Tautan harus alamat web lengkap yang diawali http:// atau https://.")}
        ) from None
    return url


def _event_data(item, *, revision=None, level=None) -> dict:
    """What the item's history shows with a step: the revision, the level and its name."""
    data: dict = {}
    if revision is not None:
        data["revision"] = revision.pk
    if level is not None:
        data["level"] = level
        data["level_name"] = item.chain[level]["name"] if level < len(item.chain) else ""
    return data


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


def _audit(item, action: AuditAction, actor, *, before=None, after=None, reason="") -> None:
    """The agency's audit record of a step in the item's life (same transaction)."""
    audit_record(
        actor=actor,
        tenant=item.tenant,
        action=action,
        instance=item,
        before=before,
        after=after,
        reason=reason,
    )


def _upload_name(uploaded, stored) -> str:
    """The name the uploader gave the file (checked with it by ``file_store``)."""
    if stored is None:
        return ""
    name = unicodedata.normalize("NFC", PurePath(uploaded.name or "").name).strip()
    return name[:255] or stored.original_name


@transaction.atomic
def evidence_add(
    *,
    actor,
    cycle,
    question: Question,
    requirement: EvidenceRequirement | None = None,
    uploaded=None,
    url: str = "",
    title: str = "",
) -> EvidenceItem:
    """A new evidence item (draft) holding one file or one link."""
    area_code = question_area_code(question)
    _require_contributor(actor, cycle, area_code)
    _require_open_cycle(cycle)
    _validate_question(cycle, question, requirement)
    if (uploaded is None) == (not url):
        raise ValidationError(_("Unggah satu berkas atau isi satu tautan."))
    stored = file_store(actor=actor, unit=cycle.unit, uploaded=uploaded) if uploaded else None
    link = "" if stored else _clean_url(url)
    # The name this person gave the file: a deduplicated StoredFile keeps the first name.
    file_name = _upload_name(uploaded, stored)
    default_title = file_name or link
    item = EvidenceItem(
        tenant_id=cycle.tenant_id,
        cycle=cycle,
        unit=cycle.unit,
        question=question,
        requirement=requirement,
        area_code=area_code,
        # A typed title over the limit is refused; a long file name becomes the title
        # only as far as it fits (the file keeps its whole name).
        title=limited_text(title, 255, field="title") or default_title[:255],
        created_by=actor,
    )
    item.full_clean(exclude=["chain"])
    item.save()
    revision = EvidenceRevision.objects.create(
        item=item, number=1, stored_file=stored, file_name=file_name, url=link, created_by=actor
    )
    workflow.history_record(
        item,
        EventAction.UPLOAD,
        from_state="",
        to_state=item.status,
        actor=actor,
        data=_event_data(item, revision=revision),
    )
    _audit(
        item,
        AuditAction.EVIDENCE_ADD,
        actor,
        after={
            **snapshot(item, ["cycle", "question", "requirement", "area_code", "title", "status"]),
            "revision": revision.number,
            "file": revision.file_name,
            "url": revision.url,
        },
    )
    return item


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
    last = item.revisions.select_for_update().order_by("-number").first()
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
    item = _locked(item, "cycle", "unit")
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
    item = _locked(item, "unit")
    if not is_current_verifier(actor, item):
        raise AccessDenied(_("Anda bukan verifikator tingkat ini untuk bukti tersebut."))
    revision = item.revisions.get(is_current=True)
    data = _event_data(item, revision=revision, level=item.level)
    before = {"status": item.status, "level": item.current_level_name}
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
    )


@transaction.atomic
def evidence_return(*, actor, item: EvidenceItem, comment: str) -> EvidenceItem:
    item = _locked(item, "unit")
    if not is_current_verifier(actor, item):
        raise AccessDenied(_("Anda bukan verifikator tingkat ini untuk bukti tersebut."))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Tuliskan alasan pengembalian agar unit tahu apa yang harus diperbaiki.")}
        )
    revision = item.revisions.get(is_current=True)
    data = _event_data(item, revision=revision, level=item.level)
    _set_level(item, len(item.chain))  # no level has it while the unit revises
    item.level = 0
    return workflow.transition(item, EventAction.RETURN, actor=actor, reason=comment, data=data)


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


def can_discuss(user, item: EvidenceItem) -> bool:
    """The unit's contributors for the item's area and the verifiers of its chain."""
    return can_contribute(user, item.unit, item.area_code) or is_chain_verifier(user, item)


@transaction.atomic
def evidence_comment_add(*, actor, item: EvidenceItem, body: str) -> EvidenceComment:
    """A message in the item's thread (e.g. the unit answering a return comment)."""
    item = EvidenceItem.objects.select_for_update().select_related("unit", "tenant").get(pk=item.pk)
    if not can_discuss(actor, item):
        raise AccessDenied(
            _(
                "Hanya anggota Pokja area %(area)s unit ini dan verifikator bukti ini yang dapat menulis di percakapan bukti."
            )
            % {"area": item.area_code}
        )
    comment = EvidenceComment(
        item=item,
        revision=item.revisions.filter(is_current=True).first(),
        author=actor,
        body=(body or "").strip(),
    )
    if not comment.body:
        raise ValidationError({"body": _("Tuliskan pesan terlebih dahulu.")})
    if len(comment.body) > EvidenceComment.MAX_LENGTH:
        raise ValidationError(
            {"body": _("Pesan paling banyak %(n)s karakter.") % {"n": EvidenceComment.MAX_LENGTH}}
        )
    comment.full_clean()
    comment.save()
    audit_record(
        actor=actor,
        tenant=item.tenant,
        action=AuditAction.EVIDENCE_COMMENT,
        instance=item,
        after={"comment": comment.pk, "body": comment.body},
    )
    return comment


@transaction.atomic
def verification_levels_update(
    *, actor, tenant, changes: dict[int, dict]
) -> list[VerificationLevel]:
    """Switch levels on/off and rename them (whole-agency admins). Items already in
    verification keep the chain they were submitted with."""
    if not can(actor, Capability.AGENCY_ADMIN):
        raise AccessDenied(
            _("Hanya Admin Instansi tingkat instansi yang dapat mengatur rantai verifikasi.")
        )
    levels = list(
        VerificationLevel.objects.select_for_update().filter(tenant=tenant).order_by("order")
    )
    for level in levels:
        change = changes.get(level.pk)
        if not change:
            continue
        before = snapshot(level, ["name", "is_active"])
        level.name = (change.get("name") or "").strip()
        level.is_active = bool(change.get("is_active"))
        level.full_clean()
        level.save(update_fields=["name", "is_active"])
        after = snapshot(level, ["name", "is_active"])
        if before != after:
            audit_record(
                actor=actor,
                tenant=tenant,
                action=AuditAction.VERIFICATION_LEVEL_UPDATE,
                instance=level,
                before=before,
                after=after,
            )
    return levels
