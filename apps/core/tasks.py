from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from . import outbox


@shared_task(acks_late=True)
def clear_expired_sessions() -> int:
    """Daily housekeeping (beat): drop expired login sessions."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task(acks_late=True)
def send_outbox_message(message_id: int) -> bool:
    """Send one outbox message (queued when its row is committed). Idempotent: the row
    is claimed by a conditional update, a message already sent or being sent is left."""
    return outbox.outbox_deliver(message_id)


@shared_task(acks_late=True)
def send_pending_outbox() -> int:
    """Beat, every minute: send the outbox messages whose on-commit task never ran (the
    broker was down), whose retry is due, or whose sender died holding the claim."""
    return outbox.outbox_send_pending()
