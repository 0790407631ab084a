"""Writes of the Rencana Kerja as a whole: starting it, revising it, per-area approval and
ratification (the revision's workflow). The items of a draft and the spreadsheet import
are in ``items``. Each one locks the revision, checks the actor's roles in the unit
(``access.unit_roles``), validates everything before writing, and is audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core import workflow
from apps.core.capabilities import Capability
from apps.core.choices import Area, RenderState
from apps.core.exceptions import AccessDenied
from apps.core.text import too_long_message
from apps.cycles.models import Cycle

from ..access import area_heads, unit_roles
from ..models import AreaApproval, PlanItem, PlanRevision, RevisionStatus
from ..notices import areas_waiting
from .plan_pdf import plan_pdf_queue

ITEM_FIELDS = ["area", "action", "description", "output", "pic", "months"]
REASON_LIMIT = 2000
# Stages in which the plan may still be drafted and revised.
PLAN_CLOSED_STAGES = frozenset({"ditetapkan", "tidak_ditetapkan", "dicabut"})


def _require_drafter(actor, cycle: Cycle) -> None:
    if not unit_roles(actor, cycle.unit_id).drafts:
        raise AccessDenied(
            _("Rencana Kerja disusun oleh Ketua Tim atau Sekretaris Tim Kerja unit ini.")
        )
    if cycle.stage in PLAN_CLOSED_STAGES:
        raise ValidationError(
            _("Siklus sudah pada tahap %(stage)s; Rencana Kerja tidak dapat diubah lagi.")
            % {"stage": cycle.get_stage_display()}
        )


def _require_draft(revision: PlanRevision) -> None:
    if not revision.is_draft:
        raise ValidationError(
            _(
                "Rencana Kerja revisi %(n)s sudah disahkan dan tidak dapat diubah. "
                "Buat revisi baru dengan alasan perubahannya."
            )
            % {"n": revision.number}
        )


def _locked(revision: PlanRevision) -> PlanRevision:
    return workflow.mark_locked(
        PlanRevision.objects.select_for_update(of=("self",))
        .select_related("cycle", "cycle__unit", "cycle__tenant")
        .get(tenant_id=revision.tenant_id, pk=revision.pk)
    )


def _ratified(revision: PlanRevision, *, actor, **context) -> list[str]:
    revision.ratified_by = actor
    revision.ratified_at = timezone.now()
    # Its PDF is made by the worker once this is committed (plan_pdf_queue).
    revision.pdf_state = RenderState.PENDING
    revision.full_clean()
    return ["ratified_by", "ratified_at", "pdf_state"]


# The service functions below check who may act and what must be complete, with the
# messages the pages have always shown; the declaration holds states, history and audit.
PLAN_WORKFLOW = workflow.declare(
    PlanRevision,
    field="status",
    unit=lambda revision: revision.unit,
    transitions=[
        # An area's Ketua Pokja (or the Ketua Tim in place) approves: the revision stays
        # a draft; the approval is its own row (AreaApproval), the step is in the history.
        workflow.Transition(
            name="approve_area",
            source=(RevisionStatus.DRAFT,),
            target=None,
            keeps_state=True,
            capability=(Capability.PLAN_APPROVE_AREA, Capability.PLAN_APPROVE_IN_PLACE),
            action=AuditAction.PLAN_APPROVE_AREA,
        ),
        workflow.Transition(
            name="ratify",
            source=(RevisionStatus.DRAFT,),
            target=RevisionStatus.RATIFIED,
            capability=Capability.PLAN_RATIFY,
            action=AuditAction.PLAN_RATIFY,
            effect=_ratified,
        ),
        # The ratified revision a newer one replaces (in the newer one's ratification).
        workflow.Transition(
            name="supersede",
            source=(RevisionStatus.RATIFIED,),
            target=RevisionStatus.SUPERSEDED,
            capability=Capability.PLAN_RATIFY,
            action=AuditAction.PLAN_SUPERSEDE,
        ),
    ],
)


def _revision_snapshot(revision: PlanRevision) -> dict:
    return snapshot(revision, ["cycle", "number", "status", "reason", "based_on"])


# --- Starting and revising ---------------------------------------------------------------


@transaction.atomic
def plan_start(*, actor, cycle: Cycle) -> PlanRevision:
    """The cycle's first Rencana Kerja, as an empty draft (revision 1)."""
    cycle = (
        Cycle.objects.select_for_update(of=("self",))
        .select_related("unit", "tenant")
        .get(pk=cycle.pk)
    )
    _require_drafter(actor, cycle)
    if PlanRevision.objects.filter(cycle=cycle).exists():
        raise ValidationError(_("Siklus ini sudah memiliki Rencana Kerja."))
    revision = PlanRevision(
        tenant_id=cycle.tenant_id, cycle=cycle, unit_id=cycle.unit_id, number=1, created_by=actor
    )
    revision.full_clean()
    revision.save()
    workflow.history_record(revision, "start", from_state="", to_state=revision.status, actor=actor)
    audit_record(
        actor=actor,
        tenant=cycle.tenant,
        action=AuditAction.PLAN_START,
        instance=revision,
        after=_revision_snapshot(revision),
    )
    return revision


@transaction.atomic
def plan_revise(*, actor, cycle: Cycle, reason: str) -> PlanRevision:
    """Copy the ratified revision into a new draft (n + 1) with the reason for the change;
    the ratified one stays as it is until the new one is ratified."""
    cycle = (
        Cycle.objects.select_for_update(of=("self",))
        .select_related("unit", "tenant")
        .get(pk=cycle.pk)
    )
    _require_drafter(actor, cycle)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan revisi Rencana Kerja.")})
    if len(reason) > REASON_LIMIT:
        raise ValidationError({"reason": _too_long(REASON_LIMIT, len(reason))})
    revisions = list(PlanRevision.objects.filter(cycle=cycle).order_by("-number"))
    if any(r.is_draft for r in revisions):
        raise ValidationError(
            _("Masih ada revisi berstatus draf; selesaikan atau sahkan dulu revisi itu.")
        )
    current = next((r for r in revisions if r.status == RevisionStatus.RATIFIED), None)
    if current is None:
        raise ValidationError(_("Belum ada Rencana Kerja yang disahkan untuk direvisi."))
    revision = PlanRevision(
        tenant_id=cycle.tenant_id,
        cycle=cycle,
        unit_id=cycle.unit_id,
        number=revisions[0].number + 1,
        based_on=current,
        reason=reason,
        created_by=actor,
    )
    revision.full_clean()
    revision.save()
    # A revision starts as a new draft copied from the ratified one: its history opens
    # with the reason for the change.
    workflow.history_record(
        revision,
        "revise",
        from_state="",
        to_state=revision.status,
        actor=actor,
        reason=reason,
        data={"based_on": current.number},
    )
    old_items = list(current.items.prefetch_related("questions").order_by("area", "order", "id"))
    copies = PlanItem.objects.bulk_create(
        [
            PlanItem(
                tenant_id=cycle.tenant_id,
                revision=revision,
                origin=item,
                **{f: getattr(item, f) for f in ITEM_FIELDS},
                order=item.order,
            )
            for item in old_items
        ]
    )
    links = [
        PlanItem.questions.through(planitem_id=copy.pk, question_id=question.pk)
        for copy, item in zip(copies, old_items, strict=True)
        for question in item.questions.all()
    ]
    PlanItem.questions.through.objects.bulk_create(links)
    areas_waiting(
        revision,
        {item.area for item in old_items},
        actor=actor,
        reason=_("revisi baru dibuat oleh %(name)s: %(reason)s")
        % {"name": actor.full_name, "reason": reason},
    )
    audit_record(
        actor=actor,
        tenant=cycle.tenant,
        action=AuditAction.PLAN_REVISE,
        instance=revision,
        after={**_revision_snapshot(revision), "items": len(copies)},
        reason=reason,
    )
    return revision


def _too_long(limit: int, length: int) -> str:
    return too_long_message(limit, length)


# --- Approval and ratification -------------------------------------------------------------


def _head_names(heads: dict, area: str) -> str:
    return ", ".join(user.full_name for user in heads.get(area, []))


@transaction.atomic
def plan_area_approve(*, actor, revision: PlanRevision, area: str) -> AreaApproval:
    """The Ketua Pokja of ``area`` approves their area of a draft. An area without a Ketua
    Pokja in the unit is approved by the Ketua Tim in their place, recorded as such."""
    revision = _locked(revision)
    if area not in Area.values:
        raise ValidationError({"area": _("Area tidak dikenal.")})
    roles = unit_roles(actor, revision.unit_id)
    in_place = False
    if not roles.approves(area):
        heads = area_heads(revision.unit_id)
        if heads.get(area):
            raise AccessDenied(
                _("Area %(area)s disetujui oleh Ketua Pokja-nya: %(names)s.")
                % {"area": Area(area).label, "names": _head_names(heads, area)}
            )
        if not roles.approves_in_place(area_has_head=False):
            raise AccessDenied(
                _(
                    "Area %(area)s belum memiliki Ketua Pokja; sampai Admin Instansi "
                    "menetapkannya di Tim Kerja, area ini disetujui oleh Ketua Tim."
                )
                % {"area": Area(area).label}
            )
        in_place = True
    _require_draft(revision)
    if not live_items(revision).filter(area=area).exists():
        raise ValidationError(
            _("Area %(area)s belum memiliki butir rencana kerja untuk disetujui.")
            % {"area": Area(area).label}
        )
    if AreaApproval.objects.filter(revision=revision, area=area).exists():
        raise ValidationError(
            _("Area %(area)s sudah disetujui pada revisi ini.") % {"area": Area(area).label}
        )
    approval = AreaApproval(
        tenant_id=revision.tenant_id,
        revision=revision,
        area=area,
        approved_by=actor,
        in_place=in_place,
    )
    approval.full_clean()
    approval.save()
    workflow.transition(
        revision,
        "approve_area",
        actor=actor,
        area=area,
        data={"area": area, "in_place_of_ketua_pokja": in_place},
        audit_before=None,
        audit_after={
            "revision": revision.number,
            "area": area,
            "in_place_of_ketua_pokja": in_place,
        },
    )
    return approval


def live_items(revision: PlanRevision):
    """The items of ``revision`` that are not marked deleted."""
    return PlanItem.objects.filter(revision=revision, removed_at__isnull=True)


def missing_approvals(revision: PlanRevision) -> list[str]:
    """Areas with items in ``revision`` that their Ketua Pokja has not approved yet."""
    with_items = set(live_items(revision).values_list("area", flat=True))
    approved = set(revision.approvals.values_list("area", flat=True))
    return [code for code in Area.values if code in with_items - approved]


def waiting_text(area: str, heads: dict) -> str:
    """Who must act for an area that is not approved yet, and how."""
    if heads.get(area):
        return _("%(area)s: menunggu persetujuan Ketua Pokja %(names)s") % {
            "area": Area(area).label,
            "names": _head_names(heads, area),
        }
    return _(
        "%(area)s: belum ada Ketua Pokja – Admin Instansi menetapkannya di halaman Tim Kerja, "
        "atau Ketua Tim menyetujui area ini sebagai pengganti"
    ) % {"area": Area(area).label}


@transaction.atomic
def plan_ratify(*, actor, revision: PlanRevision) -> PlanRevision:
    """The Pimpinan Unit ratifies a draft whose every area with items is approved; the
    previously ratified revision is superseded (and stays readable)."""
    revision = _locked(revision)
    if not unit_roles(actor, revision.unit_id).ratifies:
        raise AccessDenied(_("Rencana Kerja disahkan oleh Pimpinan Unit ini."))
    _require_draft(revision)
    if not live_items(revision).exists():
        raise ValidationError(_("Rencana Kerja belum memiliki butir kegiatan."))
    missing = missing_approvals(revision)
    if missing:
        heads = area_heads(revision.unit_id)
        raise ValidationError(
            _("Belum dapat disahkan. %(waiting)s.")
            % {"waiting": "; ".join(waiting_text(code, heads) for code in missing)}
        )
    # Items deleted in the draft leave for good: a ratified revision has no undo.
    removed = PlanItem.objects.filter(revision=revision, removed_at__isnull=False)
    purged = removed.count()
    if purged:
        PlanItem.questions.through.objects.filter(planitem__in=removed).delete()
        removed.delete()
    superseded = list(
        PlanRevision.objects.select_for_update(of=("self",)).filter(
            cycle_id=revision.cycle_id, status=RevisionStatus.RATIFIED
        )
    )
    for old in superseded:
        workflow.transition(
            workflow.mark_locked(old),
            "supersede",
            actor=actor,
            reason=_("Digantikan revisi %(n)s yang disahkan.") % {"n": revision.number},
            data={"by_revision": revision.number},
        )
    revision = workflow.transition(
        revision,
        "ratify",
        actor=actor,
        data={"superseded": [old.number for old in superseded], "deleted_items_purged": purged},
        audit_after={
            "status": RevisionStatus.RATIFIED,
            "superseded": [old.number for old in superseded],
            "deleted_items_purged": purged,
        },
    )
    plan_pdf_queue(revision)
    return revision
