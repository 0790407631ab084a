"""Who is told of the Rencana Kerja's steps (apps.notifications.events; imported by
``WorkplanConfig.ready``). The plan's workflow has two steps people take: an area's
approval and the ratification (``PLAN_WORKFLOW``); a draft has no "send for approval"
step, so an area starts waiting for its Ketua Pokja when a new revision copies it
(``plan_revise``) or when a change withdraws its approval (``services.items``): those
two call ``areas_waiting`` here.

- an area approved: the drafters (Ketua Tim, Sekretaris); and when it was the last area
  missing, the Pimpinan Unit, for whom the plan now waits;
- the plan ratified: the drafters;
- an area waiting: its Ketua Pokja (the Ketua Tim for an area without one).

Each rule asks a constant number of queries; nobody is told of their own act.
"""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.capabilities import Capability
from apps.core.choices import Area
from apps.notifications.events import on_transition
from apps.notifications.kinds import Kind
from apps.notifications.services import Notice, notify, notify_many

from .access import area_head_ids, holder_ids
from .models import PlanRevision


def plan_url(revision: PlanRevision) -> str:
    """The cycle's plan page: where areas are approved and the plan ratified."""
    return reverse("workplan:plan", args=[revision.cycle_id])


def _names(revision: PlanRevision) -> dict:
    # The services lock the revision with its cycle and the cycle's unit (the same unit).
    return {"unit": revision.cycle.unit.name, "n": revision.number}


@on_transition(PlanRevision, "approve_area")
def area_approved(revision: PlanRevision, *, actor, context, **kwargs) -> None:
    from .services.plan import missing_approvals

    area = context["area"]
    notify(
        holder_ids(revision.unit_id, Capability.PLAN_EDIT),
        Notice.about(
            revision,
            kind=Kind.PLAN_DECIDED,
            title=_("Area %(area)s Rencana Kerja %(unit)s revisi %(n)s disetujui oleh %(name)s")
            % {**_names(revision), "area": Area(area).label, "name": actor.full_name},
            url=plan_url(revision),
        ),
        exclude=actor,
    )
    if not missing_approvals(revision):
        notify(
            holder_ids(revision.unit_id, Capability.PLAN_RATIFY),
            Notice.about(
                revision,
                kind=Kind.PLAN_WAITING,
                title=_(
                    "Rencana Kerja %(unit)s revisi %(n)s sudah disetujui semua Ketua Pokja "
                    "dan menunggu pengesahan Anda"
                )
                % _names(revision),
                url=plan_url(revision),
            ),
            exclude=actor,
        )


@on_transition(PlanRevision, "ratify")
def plan_ratified(revision: PlanRevision, *, actor, **kwargs) -> None:
    notify(
        holder_ids(revision.unit_id, Capability.PLAN_EDIT),
        Notice.about(
            revision,
            kind=Kind.PLAN_DECIDED,
            title=_("Rencana Kerja %(unit)s revisi %(n)s disahkan oleh %(name)s")
            % {**_names(revision), "name": actor.full_name},
            url=plan_url(revision),
        ),
        exclude=actor,
    )


def areas_waiting(revision: PlanRevision, areas: Iterable[str], *, actor, reason: str) -> None:
    """Tell the approvers of ``areas`` (those of them that have items in ``revision``)
    that the area waits for their approval; ``reason`` says why it waits again."""
    from .services.plan import live_items

    areas = set(areas)
    if not areas:
        return
    waiting = set(
        live_items(revision).filter(area__in=sorted(areas)).values_list("area", flat=True)
    )
    if not waiting:
        return
    heads = area_head_ids(revision.unit_id, waiting)
    in_place = (
        set(holder_ids(revision.unit_id, Capability.PLAN_APPROVE_IN_PLACE))
        if waiting - set(heads)
        else set()
    )
    notify_many(
        [
            (
                heads.get(area) or in_place,
                Notice.about(
                    revision,
                    kind=Kind.PLAN_WAITING,
                    title=_(
                        "Area %(area)s Rencana Kerja %(unit)s revisi %(n)s menunggu "
                        "persetujuan Anda: %(reason)s"
                    )
                    % {**_names(revision), "area": Area(area).label, "reason": reason},
                    url=plan_url(revision),
                ),
            )
            for area in sorted(waiting)
        ],
        exclude=actor,
    )
