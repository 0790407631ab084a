"""Sending a nudge: one NUDGE notice per person confirmed on the preview who still has
the work pending and was not nudged for it in the last 24 hours, and one audit event."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record
from apps.core.access import Capability, require
from apps.cycles.models import Cycle
from apps.notifications.kinds import Kind
from apps.notifications.services import Notice, notify_many

from ..nudges import Reason, key_prefix, notice_text, nudge_preview


@transaction.atomic
def nudge_send(*, actor, cycle: Cycle, reason: str, recipient_ids: Iterable[int]) -> dict:
    """Remind the people of ``recipient_ids`` (those the sender saw on the preview) of
    ``reason``; returns ``{"sent": n, "skipped": m}`` (m: nudged in the last 24 hours).
    Somebody not on the preview is never told; somebody whose work was done meanwhile
    is no longer pending and is not told either."""
    require(actor, Capability.NUDGE_SEND, cycle.unit)
    try:
        reason = Reason(reason)
    except ValueError:
        raise ValidationError({"reason": _("Pilih jenis pengingat.")}) from None
    # One nudge of a cycle at a time: two senders (or a double click) cannot both pass
    # the 24-hour check before either has written.
    Cycle.objects.select_for_update(of=("self",)).filter(pk=cycle.pk).first()
    chosen = set(recipient_ids)
    pending, _without = nudge_preview(cycle, reason)
    confirmed = [p for p in pending if p.user.pk in chosen]
    if not confirmed:
        if not pending:
            raise ValidationError(_nobody_message(reason))
        raise ValidationError(
            _("Tidak ada penerima yang dipilih dari pratinjau; muat ulang halaman lalu coba lagi.")
        )
    ready = [p for p in confirmed if p.may_send]
    if not ready:
        again = min(p.again_at for p in confirmed)
        raise ValidationError(
            _(
                "Semua penerima sudah diingatkan untuk hal ini dalam 24 jam terakhir. "
                "Pengingat berikutnya dapat dikirim mulai %(when)s."
            )
            % {"when": date_format(timezone.localtime(again), "j M Y H:i")}
        )
    key = key_prefix(cycle, reason) + timezone.now().isoformat()
    batch = []
    for p in ready:
        title, body = notice_text(cycle, reason, p, sender=actor)
        batch.append(
            (
                [p.user.pk],
                Notice.about(
                    cycle,
                    kind=Kind.NUDGE,
                    title=title,
                    body=body,
                    url=p.url,
                    key=key,
                    # "My pact" is the employee's own page, whatever their roles: the
                    # link must not hang on reading the unit.
                    **({"unit_id": None} if reason == Reason.PACT else {}),
                ),
            )
        )
    written = notify_many(batch)
    audit_record(
        actor=actor,
        tenant=cycle.tenant,
        action=AuditAction.NUDGE_SEND,
        instance=cycle,
        after={
            "reason": reason.value,
            "recipients": sorted(n.recipient_id for n in written),
            "skipped": sorted(p.user.pk for p in confirmed if not p.may_send),
        },
        reason=str(reason.label),
    )
    return {"sent": len(written), "skipped": len(confirmed) - len(ready)}


def _nobody_message(reason: str) -> str:
    if reason == Reason.PACT:
        return _(
            "Tidak ada yang perlu diingatkan: setiap pegawai unit yang memiliki akun portal "
            "sudah menandatangani Pakta Integritas."
        )
    return _(
        "Tidak ada yang perlu diingatkan: tidak ada tugas siklus ini yang melewati batas "
        "waktu dan belum selesai."
    )
