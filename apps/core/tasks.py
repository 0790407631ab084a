"""Background work: the task base, the row claim, and the core's own tasks.

Every task runs with the options set once in settings (JSON serializer, time limits,
``acks_late``, prefetch 1, reject on worker lost) and is queued after commit through
``apps.core.queue.enqueue_on_commit``. A task that works on a tenant-owned row:

- takes ids only, the tenant's first: ``task.delay(row.tenant_id, row.pk)``;
- is declared with ``@tenant_task``: its base (``TenantTask``) loads that tenant and runs
  the body inside ``scope(tenant=...)``, so the body's queries are scoped like a request's
  (a tenant that no longer exists makes the task a no-op);
- claims its row with one conditional UPDATE (``claim``), so a task delivered twice, or
  queued twice, acts once; a claim is a lease that expires after the hard time limit, so
  a worker killed mid-task leaves the row to the next delivery or the beat job.

Beat jobs that sweep every agency use ``each_tenant()``, which opens each tenant's scope
in turn, instead of switching scoping off.
"""

from collections.abc import Iterator
from datetime import timedelta

from celery import Task, shared_task
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.utils import timezone
from django_scopes import scope

from . import outbox
from .choices import RenderState

TENANT_MODEL = "tenants.Tenant"  # by label: core imports no app above it


def _tenant_model():
    return apps.get_model(TENANT_MODEL)


class TenantTask(Task):
    """Runs the body inside the scope of the tenant named by its first argument."""

    def __call__(self, tenant_id, *args, **kwargs):
        tenant = _tenant_model().objects.filter(pk=tenant_id).first()
        if tenant is None:
            return None
        with scope(tenant=tenant):
            return super().__call__(tenant_id, *args, **kwargs)


def tenant_task(func=None, **options):
    """``@shared_task`` with the ``TenantTask`` base; the body's first parameter is the
    tenant id."""

    def decorate(body):
        return shared_task(base=TenantTask, **options)(body)

    return decorate(func) if func is not None else decorate


def each_tenant() -> Iterator:
    """Every agency, each inside its own scope (for beat jobs that sweep them all)."""
    for tenant in _tenant_model().objects.order_by("pk"):
        with scope(tenant=tenant):
            yield tenant


# --- claiming a row ---------------------------------------------------------------------


def _lease_start():
    return timezone.now() - timedelta(seconds=settings.TASK_CLAIM_SECONDS)


def claimable(*, state: str, claimed_at: str) -> Q:
    """Rows whose work is due: pending, or claimed by a worker whose lease ran out."""
    return Q(**{state: RenderState.PENDING}) | Q(
        **{state: RenderState.RUNNING, f"{claimed_at}__lt": _lease_start()}
    )


def claim(queryset, pk: int, *, state: str, claimed_at: str):
    """Take row ``pk`` for one run: one conditional UPDATE (pending → running). Returns the
    claim's time (pass it to ``finish``/``release``) for the winner, None for the rest."""
    now = timezone.now()
    taken = (
        queryset.filter(claimable(state=state, claimed_at=claimed_at), pk=pk).update(
            **{state: RenderState.RUNNING, claimed_at: now}
        )
        == 1
    )
    return now if taken else None


def finish(queryset, pk: int, claimed, *, state: str, claimed_at: str, **values) -> bool:
    """Mark the claimed row done (running → ready) with ``values``; False when the claim
    was lost meanwhile (the lease ran out and another run took the row)."""
    return (
        queryset.filter(pk=pk, **{state: RenderState.RUNNING, claimed_at: claimed}).update(
            **{state: RenderState.READY, claimed_at: None}, **values
        )
        == 1
    )


def release(queryset, pk: int, claimed, *, state: str, claimed_at: str) -> None:
    """Give the row back (running → pending) after a failed run: it is tried again."""
    queryset.filter(pk=pk, **{state: RenderState.RUNNING, claimed_at: claimed}).update(
        **{state: RenderState.PENDING, claimed_at: None}
    )


# --- the core's own tasks ---------------------------------------------------------------


@shared_task
def clear_expired_sessions() -> int:
    """Daily housekeeping (beat): drop expired login sessions."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def send_outbox_message(message_id: int) -> bool:
    """Send one outbox message (queued when its row is committed). Idempotent: the row
    is claimed by a conditional update, a message already sent or being sent is left."""
    return outbox.outbox_deliver(message_id)


@shared_task
def send_outbox_batch(message_ids: list[int]) -> int:
    """Send several outbox messages (``outbox_add_many``); each is claimed on its own."""
    return sum(outbox.outbox_deliver(message_id) for message_id in message_ids)


@shared_task
def send_pending_outbox() -> int:
    """Beat, every minute: send the outbox messages whose on-commit task never ran (the
    broker was down), whose retry is due, or whose sender died holding the claim."""
    return outbox.outbox_send_pending()
