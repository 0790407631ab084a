"""Login lockout after repeated failures (django-axes, configured in settings).

Failures are counted per account (the e-mail, from any address) and per client address
(any e-mail), each with its own limit: ``AXES_FAILURE_LIMIT`` for an account,
``AXES_IP_FAILURE_LIMIT`` for an address (an office behind one NAT address shares it).
A lockout lasts ``AXES_COOLOFF_TIME`` after the last failure; an Admin Instansi unlocks
a person of their agency on the person's page, platform operators in Django admin or
with ``manage.py axes_reset_username`` / ``axes_reset_ip``.
"""

from math import ceil

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _


def username_of(request, credentials=None) -> str | None:
    """The account an attempt is about: the e-mail, trimmed and lower-cased (the login
    form posts it as ``username``, the API token endpoint as ``email``)."""
    value = None
    if credentials:
        value = credentials.get("email") or credentials.get("username")
    if value is None:
        data = getattr(request, "POST", None) or {}
        value = data.get("username") or data.get("email")
    return value.strip().lower() if isinstance(value, str) else value


class PortalAxesHandler(AxesDatabaseHandler):
    """Axes compares one number with AXES_FAILURE_LIMIT. This handler gives it the
    account's failures, or the address's failures scaled to that limit (so an address
    locks after AXES_IP_FAILURE_LIMIT failures), whichever is higher."""

    def get_failures(self, request, credentials=None) -> int:
        account, address = (
            qs.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for qs in self.get_user_attempts(request, credentials)
        )
        scaled = address * settings.AXES_FAILURE_LIMIT // max(settings.AXES_IP_FAILURE_LIMIT, 1)
        return max(account, scaled)


def cooloff_minutes() -> int:
    return ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)


def lockout_message() -> str:
    return _(
        "Terlalu banyak percobaan masuk yang gagal untuk akun ini atau dari alamat jaringan "
        "Anda, sehingga masuk dikunci sementara selama %(minutes)d menit. Coba lagi nanti, "
        "pakai \u201cLupa kata sandi?\u201d bila Anda lupa, atau minta Admin Instansi Anda "
        "membuka kunci akun Anda."
    ) % {"minutes": cooloff_minutes()}


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out attempt gets: the login page with the message (HTTP 429), or
    the API's error body on /api/."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "error": {
                    "status": status,
                    "code": "locked_out",
                    "message": lockout_message(),
                    "fields": {},
                }
            },
            status=status,
        )
    return render(
        request,
        "registration/locked_out.html",
        {"message": lockout_message(), "minutes": cooloff_minutes()},
        status=status,
    )


def _recent_attempts(email: str):
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(username=email.lower(), attempt_time__gte=since)


def account_failures(email: str) -> int:
    """Failed logins of the account within the cool-off period."""
    return _recent_attempts(email).aggregate(n=Sum("failures_since_start"))["n"] or 0


def account_is_locked(email: str) -> bool:
    return account_failures(email) >= settings.AXES_FAILURE_LIMIT


def clear_account(email: str) -> int:
    """Forget the account's failed logins (from every address); returns the rows removed."""
    from axes.utils import reset

    return reset(username=email.lower())
