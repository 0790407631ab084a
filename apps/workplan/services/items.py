"""Writes of a draft Rencana Kerja's items: add, change, delete (restorable while the
revision is a draft), restore, and the spreadsheet import that replaces them all. A change
to an area's items withdraws that area's approval."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core.choices import Area
from apps.core.imports import RowsInvalid
from apps.cycles.models import Cycle
from apps.lke.models import Question

from ..models import AreaApproval, PlanItem, PlanRevision
from ..notices import areas_waiting
from .plan import (
    ITEM_FIELDS,
    _locked,
    _require_draft,
    _require_drafter,
    _too_long,
    live_items,
)

TEXT_LIMITS = {"action": 300, "output": 300, "pic": 150}
DESCRIPTION_LIMIT = 2000


def parse_months(values: Iterable) -> list[int]:
    months = set()
    for value in values:
        try:
            month = int(value)
        except (TypeError, ValueError):
            raise ValidationError(
                {"months": _("Bulan tidak dikenal: %(v)s.") % {"v": value}}
            ) from None
        if not 1 <= month <= 12:
            raise ValidationError({"months": _("Bulan harus antara 1 dan 12.")})
        months.add(month)
    if not months:
        raise ValidationError({"months": _("Pilih minimal satu bulan pelaksanaan.")})
    return sorted(months)


def clean_item_values(cycle: Cycle, values: dict, questions: Iterable[Question]) -> dict:
    """Checked and normalised item values, or a ValidationError with every problem."""
    errors: dict[str, list] = {}
    cleaned: dict = {}
    area = str(values.get("area") or "")
    if area not in Area.values:
        errors["area"] = [_("Pilih salah satu dari enam area perubahan.")]
    cleaned["area"] = area
    for field in ("action", "output", "pic"):
        text = " ".join(str(values.get(field) or "").split())
        if not text:
            errors[field] = [_("Kolom ini wajib diisi.")]
        elif len(text) > TEXT_LIMITS[field]:
            errors[field] = [_too_long(TEXT_LIMITS[field], len(text))]
        cleaned[field] = text
    cleaned["description"] = str(values.get("description") or "").strip()
    if len(cleaned["description"]) > DESCRIPTION_LIMIT:
        errors["description"] = [_too_long(DESCRIPTION_LIMIT, len(cleaned["description"]))]
    try:
        cleaned["months"] = parse_months(values.get("months") or [])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    questions = list(questions)
    wrong = [q.code for q in questions if q.version_id != cycle.template_id]
    if wrong:
        errors["questions"] = [
            _("Pertanyaan %(codes)s bukan bagian dari LKE siklus ini.")
            % {"codes": ", ".join(wrong)}
        ]
    elif area in Area.values:
        other = [q.code for q in questions if q.indicator.aspect.area.code != area]
        if other:
            errors["questions"] = [
                _("Pertanyaan LKE %(codes)s bukan bagian area %(area)s.")
                % {"codes": ", ".join(other), "area": area}
            ]
    if errors:
        raise ValidationError(errors)
    cleaned["questions"] = questions
    return cleaned


def _reset_approvals(revision: PlanRevision, areas: set[str], *, actor) -> list[str]:
    """Changing an area's items withdraws that area's approval: it approved other content.
    Its approver is told that it waits for them again."""
    reset = list(
        AreaApproval.objects.filter(revision=revision, area__in=areas).values_list(
            "area", flat=True
        )
    )
    if reset:
        AreaApproval.objects.filter(revision=revision, area__in=reset).delete()
        areas_waiting(
            revision,
            reset,
            actor=actor,
            reason=_("butirnya diubah oleh %(name)s setelah disetujui") % {"name": actor.full_name},
        )
    return sorted(reset)


def _item_audit(item: PlanItem) -> dict:
    data = snapshot(item, ITEM_FIELDS)
    data["months"] = list(item.months)
    data["questions"] = sorted(q.code for q in item.questions.all())
    return data


@transaction.atomic
def plan_item_add(
    *, actor, revision: PlanRevision, questions: Iterable[Question] = (), **values
) -> PlanItem:
    revision = _locked(revision)
    _require_drafter(actor, revision.cycle)
    _require_draft(revision)
    cleaned = clean_item_values(revision.cycle, values, questions)
    questions = cleaned.pop("questions")
    last = (
        PlanItem.objects.filter(revision=revision, area=cleaned["area"]).order_by("-order").first()
    )
    item = PlanItem(
        tenant_id=revision.tenant_id,
        revision=revision,
        order=(last.order + 1) if last else 1,
        **cleaned,
    )
    item.full_clean()
    item.save()
    item.questions.set(questions)
    reset = _reset_approvals(revision, {item.area}, actor=actor)
    audit_record(
        actor=actor,
        tenant=revision.cycle.tenant,
        action=AuditAction.PLAN_ITEM_ADD,
        instance=item,
        after={**_item_audit(item), "revision": revision.number, "approvals_reset": reset},
    )
    return item


@transaction.atomic
def plan_item_update(
    *, actor, item: PlanItem, questions: Iterable[Question] = (), **values
) -> PlanItem:
    revision = _locked(item.revision)
    _require_drafter(actor, revision.cycle)
    _require_draft(revision)
    item = PlanItem.objects.select_for_update(of=("self",)).get(pk=item.pk, revision=revision)
    _require_live(item)
    before = _item_audit(item)
    cleaned = clean_item_values(revision.cycle, values, questions)
    questions = cleaned.pop("questions")
    areas = {item.area, cleaned["area"]}
    for field, value in cleaned.items():
        setattr(item, field, value)
    item.full_clean()
    item.save()
    item.questions.set(questions)
    after = _item_audit(item)
    if after == before:
        return item
    reset = _reset_approvals(revision, areas, actor=actor)
    audit_record(
        actor=actor,
        tenant=revision.cycle.tenant,
        action=AuditAction.PLAN_ITEM_UPDATE,
        instance=item,
        before=before,
        after={**after, "approvals_reset": reset},
    )
    return item


def _require_live(item: PlanItem) -> None:
    if item.removed_at is not None:
        raise ValidationError(
            _("Butir “%(action)s” sudah dihapus dari draf ini; pulihkan dulu untuk mengubahnya.")
            % {"action": item.action}
        )


@transaction.atomic
def plan_item_delete(*, actor, item: PlanItem) -> None:
    """Mark an item of a draft as deleted: it leaves the plan (and withdraws its area's
    approval) but can be restored while the revision is a draft (``plan_item_restore``)."""
    revision = _locked(item.revision)
    _require_drafter(actor, revision.cycle)
    _require_draft(revision)
    item = PlanItem.objects.select_for_update(of=("self",)).get(pk=item.pk, revision=revision)
    _require_live(item)
    before = _item_audit(item)
    item.removed_at = timezone.now()
    item.removed_by = actor
    item.save(update_fields=["removed_at", "removed_by"])
    reset = _reset_approvals(revision, {item.area}, actor=actor)
    audit_record(
        actor=actor,
        tenant=revision.cycle.tenant,
        action=AuditAction.PLAN_ITEM_DELETE,
        instance=item,
        before={**before, "approvals_reset": reset},
    )


@transaction.atomic
def plan_item_restore(*, actor, item: PlanItem) -> PlanItem:
    """Bring a deleted item back into its draft; its area is approved again afterwards."""
    revision = _locked(item.revision)
    _require_drafter(actor, revision.cycle)
    _require_draft(revision)
    item = PlanItem.objects.select_for_update(of=("self",)).get(pk=item.pk, revision=revision)
    if item.removed_at is None:
        raise ValidationError(
            _("Butir “%(action)s” tidak dihapus; tidak ada yang dipulihkan.")
            % {"action": item.action}
        )
    item.removed_at = None
    item.removed_by = None
    item.save(update_fields=["removed_at", "removed_by"])
    reset = _reset_approvals(revision, {item.area}, actor=actor)
    audit_record(
        actor=actor,
        tenant=revision.cycle.tenant,
        action=AuditAction.PLAN_ITEM_RESTORE,
        instance=item,
        after={**_item_audit(item), "revision": revision.number, "approvals_reset": reset},
    )
    return item


# --- Import --------------------------------------------------------------------------------


@transaction.atomic
def plan_import(*, actor, revision: PlanRevision, rows: list) -> list[PlanItem]:
    """Replace the items of a draft with the rows of a checked spreadsheet, all or none.

    ``rows`` are ``importing.ImportRow``; they are checked again here (the draft or the
    template may have changed since the dry run) and any row error refuses the whole
    import with ``core.imports.RowsInvalid``.
    """
    from ..importing import check_rows

    revision = _locked(revision)
    _require_drafter(actor, revision.cycle)
    _require_draft(revision)
    checked, errors = check_rows(revision.cycle, rows)
    if errors:
        raise RowsInvalid(errors)
    removed = live_items(revision).count()
    PlanItem.questions.through.objects.filter(planitem__revision=revision).delete()
    revision.items.all().delete()
    order: dict[str, int] = {}
    created = []
    for cleaned in checked:
        questions = cleaned.pop("questions")
        order[cleaned["area"]] = order.get(cleaned["area"], 0) + 1
        item = PlanItem(
            tenant_id=revision.tenant_id, revision=revision, order=order[cleaned["area"]], **cleaned
        )
        item.full_clean()
        created.append((item, questions))
    PlanItem.objects.bulk_create([item for item, _q in created])
    PlanItem.questions.through.objects.bulk_create(
        [
            PlanItem.questions.through(planitem_id=item.pk, question_id=q.pk)
            for item, questions in created
            for q in questions
        ]
    )
    reset = _reset_approvals(revision, set(Area.values), actor=actor)
    audit_record(
        actor=actor,
        tenant=revision.cycle.tenant,
        action=AuditAction.PLAN_IMPORT,
        instance=revision,
        after={
            "revision": revision.number,
            "items_removed": removed,
            "items_created": len(created),
            "approvals_reset": reset,
        },
    )
    return [item for item, _q in created]
