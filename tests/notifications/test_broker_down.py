"""A notice written while the broker is down (issue 14): the person's request succeeds,
the notice is in the bell at once, and its e-mail leaves once the worker runs again,
through the same outbox as the account e-mails, exactly once."""

import pytest
from django.core import mail
from django.urls import reverse
from django_scopes import scopes_disabled

from apps.core.models import OutboxMessage
from apps.core.tasks import send_outbox_batch, send_pending_outbox
from apps.notifications.kinds import Kind
from apps.notifications.models import Notification


@pytest.mark.django_db(transaction=True)
def test_a_task_assigned_while_the_broker_is_down(
    private_broker, client_for, plan, member, anggota
):
    with scopes_disabled():
        item = plan.items.get(area="MP")
        # The plan's own notices (drafted, approved, ratified) are sent already.
        OutboxMessage.objects.update(status=OutboxMessage.Status.SENT)
    mail.outbox.clear()
    private_broker.stop()
    response = client_for(member).post(
        reverse("workplan:task_create", args=[item.pk]),
        {"title": "Siapkan ruang rapat", "due_on": "2026-03-10", "assignees": [anggota.pk]},
    )
    assert response.status_code == 302

    notice = Notification.objects.get(recipient=anggota)
    assert notice.kind == Kind.TASK_ASSIGNED and "Siapkan ruang rapat" in notice.title
    message = OutboxMessage.objects.get(status=OutboxMessage.Status.PENDING)
    assert (message.status, message.payload) == (
        OutboxMessage.Status.PENDING,
        {"notification_id": notice.pk, "channel": "email"},
    )
    assert mail.outbox == []

    private_broker.start()
    assert send_pending_outbox.apply().get() == 1
    # The beat again, and the on-commit batch task arriving late: nothing more.
    assert send_pending_outbox.apply().get() == 0
    assert send_outbox_batch.apply(args=[[message.pk]]).get() == 0
    assert [m.to for m in mail.outbox] == [[anggota.email]]
    assert "Siapkan ruang rapat" in mail.outbox[0].subject
