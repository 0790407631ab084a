"""The outbox: e-mails written with the change that causes them, sent once by the worker.

``outbox_add`` (inside the caller's transaction) writes the row and, on commit, queues
``send_outbox_message`` for it; when the broker is down that queueing fails quietly and
the beat job ``send_pending_outbox`` (every minute) sends the row later. Both paths go
through ``outbox_deliver``, which claims the row with one conditional UPDATE: of two
senders racing for the same row only one gets it, so a message goes out once.

A claim is a lease (``OUTBOX_CLAIM_SECONDS``, longer than the task time limit): when the
worker holding it dies, the row becomes claimable again once the lease has run out, by the
broker's redelivery of the task (after its visibility timeout) or by the beat job. A
worker killed after the mail left but before the row was marked sent makes the only
case of a repeated message; no crash ever loses one.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import OutboxMessage

logger = logging.getLogger(__name__)

Status = OutboxMessage.Status


def outbox_handler(func):
    """Mark ``func`` as a sender the outbox may call (with the row's payload as kwargs).

    Return False when there is nothing to send any more (say the person was removed);
    raise to have the message retried later.
    """
    func.outbox_handler = True
    return func


def _handler_path(func) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def _resolve(path: str):
    func = import_string(path)
    if not getattr(func, "outbox_handler", False):
        raise ImportError(f"{path} is not marked with @outbox_handler")
    return func


def outbox_add(*, handler, payload: dict, tenant=None) -> OutboxMessage:
    """Write a message to send once the surrounding transaction commits."""
    path = _handler_path(handler)
    _resolve(path)  # a typo fails here, in the caller's test, not in the worker
    message = OutboxMessage(tenant=tenant, handler=path, payload=payload)
    message.full_clean()
    message.save()
    from .queue import enqueue_on_commit
    from .tasks import send_outbox_message

    enqueue_on_commit(send_outbox_message, message.pk)
    return message


def outbox_add_many(
    *, handler, payloads: list[dict], tenant_id: int | None = None, chunk: int = 200
) -> int:
    """``outbox_add`` for many messages of one handler (a reminder run): one INSERT, and
    after commit one task per ``chunk`` messages instead of one each."""
    if not payloads:
        return 0
    path = _handler_path(handler)
    _resolve(path)
    messages = OutboxMessage.objects.bulk_create(
        [OutboxMessage(tenant_id=tenant_id, handler=path, payload=payload) for payload in payloads]
    )
    from .queue import enqueue_on_commit
    from .tasks import send_outbox_batch

    ids = [message.pk for message in messages]
    for start in range(0, len(ids), chunk):
        enqueue_on_commit(send_outbox_batch, ids[start : start + chunk])
    return len(ids)


def _claimable(now) -> Q:
    # Due and pending, or claimed by a sender whose lease ran out (it died).
    return Q(status=Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Status.SENDING, claimed_until__lt=now
    )


def outbox_claim(message_id: int) -> bool:
    """Take the row for one send attempt: one conditional UPDATE, True for the winner."""
    now = timezone.now()
    return bool(
        OutboxMessage.objects.filter(_claimable(now), pk=message_id).update(
            status=Status.SENDING,
            claimed_until=now + timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS),
            attempts=F("attempts") + 1,
        )
    )


def _backoff(attempts: int) -> timedelta:
    """1, 2, 4, … minutes after the failed attempt, at most an hour."""
    return timedelta(minutes=min(2 ** (attempts - 1), 60))


def outbox_deliver(message_id: int) -> bool:
    """Send one message if it can be claimed; True when it went out now."""
    if not outbox_claim(message_id):
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        result = _resolve(message.handler)(**message.payload)
    except Exception as exc:
        failed = message.attempts >= settings.OUTBOX_MAX_ATTEMPTS
        logger.warning(
            "outbox message %s attempt %s failed%s",
            message_id,
            message.attempts,
            "; giving up" if failed else "; will retry",
            exc_info=True,
        )
        OutboxMessage.objects.filter(pk=message_id, status=Status.SENDING).update(
            status=Status.FAILED if failed else Status.PENDING,
            next_attempt_at=timezone.now() + _backoff(message.attempts),
            claimed_until=None,
            last_error=f"{exc.__class__.__name__}: {exc}"[:2000],
        )
        return False
    OutboxMessage.objects.filter(pk=message_id, status=Status.SENDING).update(
        status=Status.DROPPED if result is False else Status.SENT,
        sent_at=timezone.now(),
        claimed_until=None,
    )
    return result is not False


def outbox_due_ids(*, limit: int) -> list[int]:
    """Ids of the messages a sender may claim now, oldest first."""
    now = timezone.now()
    return list(
        OutboxMessage.objects.filter(_claimable(now))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_send_pending(*, limit: int = 100, budget_seconds: float = 120.0) -> int:
    """Send what is due (the beat job); stops early to stay within the task time limit."""
    deadline = timezone.now() + timedelta(seconds=budget_seconds)
    sent = 0
    for message_id in outbox_due_ids(limit=limit):
        if timezone.now() > deadline:
            break
        sent += outbox_deliver(message_id)
    return sent
