"""A small fixed-window rate limiter on the Redis cache, for sensitive pages and API
endpoints (password reset, adding people). Rates are written like DRF's: "5/h"."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "5/h" -> (5, 3600)."""
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period.strip()[:1].lower()]


def allow(scope: str, ident: str, rate: str) -> bool:
    """Count one request of ``ident`` (an address, an e-mail, a user id) in ``scope``;
    False once the rate is exceeded. Fails open: with Redis unreachable the request is
    let through (and logged) rather than answered with a 500."""
    limit, window = parse_rate(rate)
    digest = hashlib.sha256(str(ident).lower().encode()).hexdigest()[:32]
    key = f"{settings.RATE_LIMIT_NAMESPACE}:{scope}:{digest}"
    try:
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
    except Exception:
        log.warning("rate limit %s not checked: cache unavailable", scope, exc_info=True)
        return True
    return count <= limit
