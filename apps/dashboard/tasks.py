from celery import shared_task

from .summaries import refresh_all, refresh_stale


@shared_task(time_limit=600, soft_time_limit=540)
def refresh_stale_summaries() -> int:
    """Every minute: rows marked stale by a workflow step, and cycles without a row."""
    return refresh_stale()


@shared_task(time_limit=3600, soft_time_limit=3500)
def refresh_all_summaries() -> int:
    """Hourly: every cycle of this year and the last (overdue tasks, monev deadlines,
    pacts of new staff change without a workflow step)."""
    return refresh_all()
