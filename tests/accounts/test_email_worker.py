"""The invitation and password-reset e-mails travel through the real broker (Redis) to a
real Celery worker, which renders and sends them."""

import re
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.urls import reverse

from apps.accounts.models import User
from zi_portal.celery import app as celery_app


@pytest.fixture
def celery_worker_thread(transactional_db):
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def wait_for_mail(count: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_invitation_is_sent_by_the_worker_and_its_link_sets_the_password(
    celery_worker_thread, client, admin, tenant
):
    mail.outbox.clear()
    client.force_login(admin)
    response = client.post(
        reverse("accounts:person_create"),
        {"email": "undangan@alfa.go.id", "full_name": "Tamu Baru"},
    )
    assert response.status_code == 302
    wait_for_mail(1)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["undangan@alfa.go.id"]
    assert "Kementerian Alfa" in message.body
    link = re.search(r"http://[^\s]+/akun/atur-sandi/[^\s]+", message.body).group(0)
    path = link.split("8000", 1)[-1] if "8000" in link else "/" + link.split("/", 3)[3]

    client.logout()
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    done = client.post(
        set_url, {"new_password1": "Integritas-Baru-2026", "new_password2": "Integritas-Baru-2026"}
    )
    assert done.status_code == 302
    assert User.objects.get(email="undangan@alfa.go.id").check_password("Integritas-Baru-2026")


@pytest.mark.django_db(transaction=True)
def test_password_reset_mail_goes_through_the_worker(celery_worker_thread, client, member):
    mail.outbox.clear()
    response = client.post(reverse("password_reset"), {"email": member.email})
    assert response.status_code == 302
    wait_for_mail(1)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "Atur ulang kata sandi" in mail.outbox[0].subject


@pytest.mark.django_db(transaction=True)
def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(
    celery_worker_thread, client, member
):
    mail.outbox.clear()
    response = client.post(reverse("password_reset"), {"email": "tidak.ada@alfa.go.id"})
    assert response.status_code == 302
    time.sleep(1)
    assert mail.outbox == []
