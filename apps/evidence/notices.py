"""Who is told of an evidence item's steps (apps.notifications.events; imported by
``EvidenceConfig.ready``). Each rule runs inside the step's transaction and asks a
constant number of queries, whatever the number of people told.

- submitted, or passed on by one level: the verifiers of the level it now waits at;
- verified at the last level (or at once, in an agency without levels): its author;
- returned: the people who must fix it (its author and the unit's Pokja of its area),
  with the verifier's reason.

Nobody is told of their own act (``exclude=actor``).
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import AREA_ROLES
from apps.core.access import Capability, roles_of
from apps.notifications.events import on_transition
from apps.notifications.kinds import Kind
from apps.notifications.services import Notice, notify

from .chain import current_verifier_ids
from .models import EventAction, EvidenceItem, ItemStatus


def item_url(item: EvidenceItem) -> str:
    """The item on its question's page, where it is revised, verified or returned."""
    return (
        reverse("evidence:question", args=[item.cycle_id, item.question.code])
        + f"#item-{item.pk}-title"
    )


def fixer_ids(item: EvidenceItem):
    """Who must fix a returned item (one query): of the people who may work on the item's
    unit and area (``evidence.submit``), its author and the Pokja of its area. An author
    who no longer works on the area is not told; the unit's whole team is not either:
    the item is theirs only when they wrote it."""
    holders = RoleAssignment.objects.filter(
        tenant_id=item.tenant_id,
        unit_id=item.unit_id,
        role__in=sorted(roles_of(Capability.EVIDENCE_SUBMIT)),
    ).filter(~Q(role__in=sorted(AREA_ROLES)) | Q(area=item.area_code))
    return (
        holders.filter(Q(user_id=item.created_by_id) | Q(role__in=sorted(AREA_ROLES)))
        .values_list("user_id", flat=True)
        .distinct()
    )


def _waiting(item: EvidenceItem, actor) -> None:
    notify(
        current_verifier_ids(item),
        Notice.about(
            item,
            kind=Kind.EVIDENCE_WAITING,
            title=_("Bukti dukung \u201c%(title)s\u201d dari %(unit)s menunggu %(level)s Anda")
            % {"title": item.title, "unit": item.unit.name, "level": item.current_level_name},
            url=item_url(item),
        ),
        exclude=actor,
    )


def _verified(item: EvidenceItem, actor) -> None:
    notify(
        [item.created_by_id],
        Notice.about(
            item,
            kind=Kind.EVIDENCE_VERIFIED,
            title=_("Bukti dukung \u201c%(title)s\u201d (%(unit)s) sudah terverifikasi")
            % {"title": item.title, "unit": item.unit.name},
            url=item_url(item),
        ),
        exclude=actor,
    )


@on_transition(EvidenceItem, EventAction.SUBMIT, EventAction.VERIFY)
def item_moved_on(item: EvidenceItem, *, actor, to_state, **kwargs) -> None:
    if to_state == ItemStatus.IN_VERIFICATION:
        _waiting(item, actor)
    elif to_state == ItemStatus.VERIFIED:
        _verified(item, actor)


@on_transition(EvidenceItem, EventAction.RETURN)
def item_returned(item: EvidenceItem, *, actor, reason, context, **kwargs) -> None:
    level = context.get("level_name") or _("verifikator")
    notify(
        fixer_ids(item),
        Notice.about(
            item,
            kind=Kind.EVIDENCE_RETURNED,
            title=_(
                "Bukti dukung \u201c%(title)s\u201d (%(unit)s) dikembalikan pada %(level)s: "
                "%(reason)s"
            )
            % {"title": item.title, "unit": item.unit.name, "level": level, "reason": reason},
            body=_("Dikembalikan oleh %(name)s (%(level)s). Alasan: %(reason)s")
            % {"name": getattr(actor, "full_name", ""), "level": level, "reason": reason},
            url=item_url(item),
        ),
        exclude=actor,
    )
