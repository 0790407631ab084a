"""The second factor in tests: codes computed with django-otp's own TOTP functions from a
device's key, and ``force_login`` that also passes the second step.

``Client.force_login`` skips the password; tests/conftest.py makes it skip the second step
the same way for people who have or need a second factor (a confirmed TOTP device is
created for them and the session is marked verified with it, exactly what
``django_otp.login`` stores). Tests of the gate itself log in with ``PLAIN_FORCE_LOGIN``.
"""

import time
from base64 import b32decode

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

PLAIN_FORCE_LOGIN = Client.force_login


def confirmed_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def code_for_key(key: bytes, *, step: int = 30, digits: int = 6) -> str:
    """The code an authenticator app shows now for ``key``."""
    return f"{TOTP(key, step=step, digits=digits).token():0{digits}d}"


def key_from_secret_text(secret: str) -> bytes:
    """The key behind the base32 secret shown for manual entry."""
    return b32decode("".join(secret.split()).upper())


def next_code(device: TOTPDevice) -> tuple[str, float]:
    """A code the device accepts now, and how many seconds to wait before sending it.

    A device refuses a time step it already accepted (replay protection), so a person who
    logs in twice within 30 seconds needs the next step's code; the device tolerates one
    step of clock difference, so that one is accepted at once.
    """
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now_t = totp.t()
    target = max(now_t, device.last_t + 1)
    wait = 0.0
    if target > now_t + device.tolerance:
        wait = (device.t0 + (target - device.tolerance) * device.step) - time.time() + 0.5
    return f"{hotp(device.bin_key, target, device.digits):0{device.digits}d}", max(wait, 0.0)


def force_login_verified(client, user, backend=None):
    PLAIN_FORCE_LOGIN(client, user, backend)
    from apps.accounts.twofactor.policy import two_factor_state

    state = two_factor_state(user)
    if state.enrolled or state.required:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
        session.save()
