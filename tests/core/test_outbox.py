"""The e-mail outbox (issue 10): a broker outage delays e-mail, never loses it, and never
turns a saved change into a 500; each message goes out once; failures are retried."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from apps.accounts.models import User
from apps.core import outbox
from apps.core.models import OutboxMessage
from apps.core.tasks import send_outbox_message, send_pending_outbox

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status

FAILURES = []


@outbox.outbox_handler
def flaky_mail(*, fail_times: int, to: str) -> bool:
    """Fails ``fail_times`` times, then sends (a test-only outbox handler)."""
    if len(FAILURES) < fail_times:
        FAILURES.append(to)
        raise ConnectionError("SMTP server not reachable")
    mail.send_mail("Uji", "Isi", "noreply@zi-portal.local", [to])
    return True


@pytest.fixture(autouse=True)
def _clean():
    mail.outbox.clear()
    FAILURES.clear()


@pytest.mark.django_db(transaction=True)
def test_people_added_while_the_broker_is_down_are_saved_and_invited_once_it_is_back(
    private_broker, client, admin, tenant
):
    private_broker.stop()

    client.force_login(admin)
    page = client.post(
        reverse("accounts:person_create"),
        {"email": "halaman@alfa.go.id", "full_name": "Lewat Halaman"},
    )
    assert page.status_code == 302
    api = APIClient()
    api.force_login(admin)
    created = api.post(
        "/api/v1/users/", {"email": "api@alfa.go.id", "full_name": "Lewat API"}, format="json"
    )
    assert created.status_code == 202, created.content

    by_page = User.objects.get(email="halaman@alfa.go.id")
    by_api = User.objects.get(email="api@alfa.go.id")
    rows = list(OutboxMessage.objects.order_by("pk"))
    assert [(m.status, m.attempts, m.tenant_id, m.payload) for m in rows] == [
        (
            Status.PENDING,
            0,
            tenant.pk,
            {"user_id": u.pk, "kind": "invitation", "tenant_id": tenant.pk},
        )
        for u in (by_page, by_api)
    ]
    assert mail.outbox == []

    private_broker.start()
    assert send_pending_outbox.apply().get() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["api@alfa.go.id", "halaman@alfa.go.id"]
    assert all("Kementerian Alfa" in m.body for m in mail.outbox)
    # Once: the sender again, and the on-commit task arriving late, send nothing more.
    assert send_pending_outbox.apply().get() == 0
    assert send_outbox_message.apply(args=[rows[0].pk]).get() is False
    assert len(mail.outbox) == 2
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {(Status.SENT, 1)}


@pytest.mark.django_db(transaction=True)
def test_a_password_reset_asked_while_the_broker_is_down_is_mailed_once_it_is_back(
    private_broker, client, member
):
    private_broker.stop()
    response = client.post(reverse("password_reset"), {"email": member.email})
    assert response.status_code == 302
    message = OutboxMessage.objects.get()
    assert (message.status, message.tenant_id, message.payload["kind"]) == (
        Status.PENDING,
        None,
        "password_reset",
    )

    private_broker.start()
    send_pending_outbox.apply()
    send_pending_outbox.apply()
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "/akun/atur-sandi/" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_up_the_on_commit_task_is_queued(private_broker, admin, tenant):
    import json

    import redis
    from django.conf import settings

    from apps.accounts.invitations import invitation_create

    invitation_create(actor=admin, tenant=tenant, email="baru@alfa.go.id", full_name="Baru")
    message = OutboxMessage.objects.get()
    queued = redis.Redis(port=private_broker.port).lrange(settings.CELERY_TASK_DEFAULT_QUEUE, 0, -1)
    assert [json.loads(m)["headers"]["task"] for m in queued] == [send_outbox_message.name]
    assert json.loads(queued[0])["headers"]["argsrepr"] == f"({message.pk},)"


def test_a_failed_send_is_recorded_and_retried_with_backoff_until_it_gives_up(
    django_capture_on_commit_callbacks, settings, monkeypatch
):
    monkeypatch.setattr("apps.core.queue.enqueue", lambda task, pk: True)
    settings.OUTBOX_MAX_ATTEMPTS = 3
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            message = outbox.outbox_add(
                handler=flaky_mail, payload={"fail_times": 5, "to": "x@alfa.go.id"}
            )
        assert outbox.outbox_deliver(message.pk) is False
        message.refresh_from_db()
        assert (message.status, message.attempts) == (Status.PENDING, 1)
        assert message.last_error == "ConnectionError: SMTP server not reachable"
        assert message.next_attempt_at == start + dt.timedelta(minutes=1)
        # Not due yet: the beat job leaves it.
        assert send_pending_outbox() == 0 and len(FAILURES) == 1

        clock.move_to(start + dt.timedelta(minutes=1))
        assert send_pending_outbox() == 0
        message.refresh_from_db()
        assert (message.attempts, message.next_attempt_at) == (
            2,
            start + dt.timedelta(minutes=3),  # then 2 minutes
        )
        clock.move_to(start + dt.timedelta(minutes=3))
        send_pending_outbox()
        message.refresh_from_db()
        assert (message.status, message.attempts) == (Status.FAILED, 3)
        clock.move_to(start + dt.timedelta(days=1))
        assert send_pending_outbox() == 0
    assert len(FAILURES) == 3 and mail.outbox == []


def test_a_message_that_fails_once_goes_out_on_the_next_attempt(monkeypatch):
    monkeypatch.setattr("apps.core.queue.enqueue", lambda task, pk: True)
    message = outbox.outbox_add(handler=flaky_mail, payload={"fail_times": 1, "to": "y@alfa.go.id"})
    assert outbox.outbox_deliver(message.pk) is False
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        assert send_pending_outbox() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.sent_at is not None) == (Status.SENT, 2, True)
    assert [m.to for m in mail.outbox] == [["y@alfa.go.id"]]


def test_only_one_sender_wins_the_claim_and_a_dead_senders_claim_runs_out(settings, monkeypatch):
    monkeypatch.setattr("apps.core.queue.enqueue", lambda task, pk: True)
    message = outbox.outbox_add(handler=flaky_mail, payload={"fail_times": 0, "to": "z@alfa.go.id"})
    assert outbox.outbox_claim(message.pk) is True
    assert outbox.outbox_claim(message.pk) is False
    assert send_pending_outbox() == 0 and mail.outbox == []
    # The holder died: after the lease the row is claimable again, and sent once.
    later = timezone.now() + dt.timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS + 1)
    with time_machine.travel(later):
        assert send_pending_outbox() == 1
        assert send_pending_outbox() == 0
    assert len(mail.outbox) == 1


def test_an_inactive_person_is_not_mailed_and_the_row_says_so(member, monkeypatch):
    from apps.accounts.tasks import account_email_queue

    monkeypatch.setattr("apps.core.queue.enqueue", lambda task, pk: True)
    account_email_queue(user=member, kind="password_reset")
    User.objects.filter(pk=member.pk).update(is_active=False)
    assert send_pending_outbox() == 0
    assert OutboxMessage.objects.get().status == Status.DROPPED
    assert mail.outbox == []


def test_only_marked_functions_can_be_outbox_handlers():
    with pytest.raises(ImportError, match="not marked"):
        outbox.outbox_add(handler=test_only_marked_functions_can_be_outbox_handlers, payload={})
