"""The demo's notices: what the seeded steps told people (the services write them as
they go), the reminders due today (tasks of the Rencana Kerja past their deadline), and
the states a person meets: unread, read, e-mailed at once, waiting for the morning's
digest, and one person who chose the digest for due-soon reminders."""

from django.db.models import F

from apps.accounts.models import User
from apps.notifications.kinds import Kind
from apps.notifications.models import Notification
from apps.notifications.reminders import reminder_run
from apps.notifications.services import preference_set


def seed_notifications(*, tenant, digest_email: str) -> None:
    reminder_run(tenants=[tenant])
    person = User.objects.filter(email=digest_email).first()
    if person is not None:
        preference_set(user=person, kind=Kind.TASK_DUE, email="digest")
        preference_set(user=person, kind=Kind.EVIDENCE_VERIFIED, email="off")
    # The older half of everybody's notices has been read (idempotent: the same rows).
    # order_by(): the model's ordering would make DISTINCT one row per notice.
    for user_id in (
        Notification.objects.filter(tenant=tenant)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    ):
        rows = list(
            Notification.objects.filter(tenant=tenant, recipient_id=user_id)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=rows[: len(rows) // 2], read_at__isnull=True).update(
            read_at=F("created_at")
        )
