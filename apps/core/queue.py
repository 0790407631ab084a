"""Queueing Celery tasks without letting a broker outage break the request.

A task queued with ``transaction.on_commit`` runs its ``.delay()`` after the data is
committed: when the broker is down, the exception would turn a request whose change is
already saved into a 500. Every task is therefore queued through :func:`enqueue`, which
tries once, quickly, and logs the failure instead of raising. Whatever the task was meant
to do is picked up later by a beat job (the e-mail outbox, missing PDF reports) or by the
next request that needs it.
"""

import logging
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs) -> bool:
    """Send ``task`` to the broker; False (logged) when the broker cannot be reached.

    One connection attempt and one quick retry (kombu would otherwise retry for seconds
    inside the web request), and no publish retries.
    """
    try:
        with task.app.connection_for_write() as conn:
            conn.ensure_connection(
                max_retries=1, interval_start=0.2, interval_step=0.2, interval_max=0.2
            )
            task.apply_async(args=args, kwargs=kwargs, connection=conn, retry=False)
    except Exception:  # any broker failure: the caller's change stands, the work waits
        logger.warning(
            "could not queue %s%r; a beat job or a later request will pick it up",
            task.name,
            args,
            exc_info=True,
        )
        return False
    return True


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Queue ``task`` once the current transaction commits, never raising after commit."""
    transaction.on_commit(partial(enqueue, task, *args, **kwargs))
