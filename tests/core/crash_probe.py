"""A test-only outbox handler for the killed-worker test: it records each start, then
waits until the test opens its gate, then sends one e-mail."""

import os
import time
from pathlib import Path

from django.core.mail import send_mail

from apps.core.outbox import outbox_handler


@outbox_handler
def gated_mail(*, to: str, gate_dir: str) -> bool:
    gate = Path(gate_dir)
    with open(gate / "started", "a") as log:
        log.write(f"{os.getpid()}\n")
    deadline = time.monotonic() + 120
    while not (gate / "open").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("the test never opened the gate")
        time.sleep(0.05)
    send_mail("Uji pekerja", "Isi", "noreply@zi-portal.local", [to])
    return True
