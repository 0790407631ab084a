"""Beat jobs of the notices: the reminder run and the daily digests (both hourly; each
is safe to run twice or to be retried: see reminders.py and delivery.py)."""

from celery import shared_task

from .delivery import digest_run
from .reminders import reminder_run


@shared_task
def send_reminders() -> int:
    return reminder_run()


@shared_task
def send_digests() -> int:
    return digest_run()
