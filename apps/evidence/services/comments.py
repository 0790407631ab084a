"""The item's thread: the unit and its verifiers write to each other."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record
from apps.core.exceptions import AccessDenied

from ..chain import is_chain_verifier
from ..models import EvidenceComment, EvidenceItem
from .items import can_contribute


def can_discuss(user, item: EvidenceItem) -> bool:
    """The unit's contributors for the item's area and the verifiers of its chain."""
    return can_contribute(user, item.unit, item.area_code) or is_chain_verifier(user, item)


@transaction.atomic
def evidence_comment_add(*, actor, item: EvidenceItem, body: str) -> EvidenceComment:
    """A message in the item's thread (e.g. the unit answering a return comment)."""
    item = (
        EvidenceItem.objects.select_for_update(of=("self",))
        .select_related("unit", "tenant")
        .get(pk=item.pk)
    )
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
