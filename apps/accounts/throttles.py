"""Rate limits of the sensitive account requests (apps.core.ratelimit on Redis): asking
for a password reset (per client address and per e-mail) and adding people (per admin).
The login itself is guarded by django-axes (apps.accounts.lockout)."""

from django.conf import settings
from django.utils.translation import gettext as _

from apps.core.http import client_ip
from apps.core.ratelimit import allow, parse_rate


def _window_text(rate: str) -> str:
    limit, seconds = parse_rate(rate)
    if seconds >= 86400:
        span = _("%(n)d hari") % {"n": seconds // 86400}
    elif seconds >= 3600:
        span = _("%(n)d jam") % {"n": seconds // 3600}
    elif seconds >= 60:
        span = _("%(n)d menit") % {"n": seconds // 60}
    else:
        span = _("%(n)d detik") % {"n": seconds}
    return _("%(limit)d kali per %(span)s") % {"limit": limit, "span": span}


def password_reset_allowed(request, email: str) -> bool:
    rate = settings.RATE_LIMIT_PASSWORD_RESET
    # Both are counted, whichever is over the limit refuses.
    by_address = allow("password_reset_ip", client_ip(request), rate)
    by_email = allow("password_reset_email", (email or "").strip().lower(), rate)
    return by_address and by_email


def password_reset_limit_message() -> str:
    return _(
        "Permintaan atur ulang kata sandi sudah terlalu sering (batas %(limit)s). Periksa "
        "kotak masuk dan folder spam e-mail Anda, atau coba lagi nanti."
    ) % {"limit": _window_text(settings.RATE_LIMIT_PASSWORD_RESET)}


def invitation_allowed(user) -> bool:
    return allow("invitation", user.pk, settings.RATE_LIMIT_INVITATION)


def invitation_limit_message() -> str:
    return _(
        "Terlalu banyak pengguna ditambahkan dalam waktu singkat (batas %(limit)s). "
        "Coba lagi nanti."
    ) % {"limit": _window_text(settings.RATE_LIMIT_INVITATION)}
