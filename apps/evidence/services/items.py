"""Evidence items and their content: who may add, in which stages, and the upload that
opens an item's history."""

import unicodedata
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core import workflow
from apps.core.access import Capability, can, require
from apps.core.text import limited_text
from apps.files.services import file_store
from apps.lke.models import EvidenceRequirement, Question

from ..models import EventAction, EvidenceItem, EvidenceRevision

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
    workflow.announce(item, EventAction.UPLOAD, actor=actor)
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
