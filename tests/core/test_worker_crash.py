"""Celery after a crash (issue 10): a task whose worker was killed runs again once the
broker's visibility timeout has passed, and its effect (one e-mail) happens once.

A real `celery -A zi_portal worker` process on a private Redis, killed with SIGKILL in
the middle of an outbox delivery, then a second worker.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from apps.core import outbox
from apps.core.models import OutboxMessage
from tests.core import crash_probe
from tests.core.support import wait_until

ROOT = Path(__file__).resolve().parents[2]
VISIBILITY_TIMEOUT = 3
CLAIM_SECONDS = 2  # shorter than the visibility timeout, as in production


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    def __init__(self, broker, tmp_path: Path, name: str):
        self.log = tmp_path / f"{name}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.core.crash_worker_settings",
            "DATABASE_URL": database_url(),
            "REDIS_URL": broker.url,
            "ZI_CRASH_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
            "ZI_CRASH_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "ZI_CRASH_CLAIM_SECONDS": str(CLAIM_SECONDS),
            "ZI_CRASH_MAIL_DIR": str(tmp_path / "mail"),
        }
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable, "-m", "celery", "-A", "zi_portal", "worker",
                    "--pool", "solo", "--concurrency", "1", "--loglevel", "INFO",
                    "--without-heartbeat", "--without-gossip", "--without-mingle",
                    "--hostname", f"{name}@%h",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, killed as a whole
            )  # fmt: skip

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_was_killed_runs_again_and_mails_once(private_broker, tmp_path):
    gate = tmp_path / "gate"
    gate.mkdir()
    mail_dir = tmp_path / "mail"
    started = gate / "started"

    def starts() -> list[str]:
        return started.read_text().split() if started.exists() else []

    workers = [Worker(private_broker, tmp_path, "first")]
    try:
        # Queued on commit to the private broker, like every outbox message.
        message = outbox.outbox_add(
            handler=crash_probe.gated_mail,
            payload={"to": "korban@alfa.go.id", "gate_dir": str(gate)},
        )
        wait_until(lambda: len(starts()) == 1, timeout=60, what="the first worker's start")
        message.refresh_from_db()
        assert (message.status, message.attempts) == (OutboxMessage.Status.SENDING, 1)

        workers[0].kill()  # SIGKILL mid-task: no ack, no cleanup, the claim is left held
        assert not mail_dir.exists() or not any(mail_dir.iterdir())
        (gate / "open").touch()

        workers.append(Worker(private_broker, tmp_path, "second"))
        wait_until(
            lambda: OutboxMessage.objects.get(pk=message.pk).status == OutboxMessage.Status.SENT,
            timeout=60,
            what="the redelivered task to send the message",
        )
    finally:
        for worker in workers:
            worker.stop()

    message.refresh_from_db()
    assert message.attempts == 2
    runs = starts()
    assert len(runs) == 2 and runs[0] != runs[1]  # ran again, in the second worker
    mails = list(mail_dir.iterdir())
    assert len(mails) == 1
    assert "korban@alfa.go.id" in mails[0].read_text()
    log = (tmp_path / "second.log").read_text()
    assert "apps.core.tasks.send_outbox_message" in log
