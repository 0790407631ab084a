"""Text limits said one way everywhere: over the limit is refused with this message,
never cut (issue 9). Forms show the limit with a counter (static/js/portal.js)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def too_long_message(limit: int, length: int) -> str:
    return _("Maksimal %(n)s karakter (sekarang %(m)s); persingkat teksnya.") % {
        "n": limit,
        "m": length,
    }


def limited_text(value, limit: int, *, field: str | None = None, strip: bool = True) -> str:
    """``value`` as text (stripped), or a ValidationError (on ``field`` when given) when
    it is longer than ``limit``."""
    text = str(value or "")
    if strip:
        text = text.strip()
    if len(text) > limit:
        message = too_long_message(limit, len(text))
        raise ValidationError({field: [message]} if field else message)
    return text
