"""What keeps the public form usable when anybody on the internet may post to it.

- **Rate limits** (``apps.core.ratelimit``, fixed windows in Redis): answers per client
  address and per link, pages per client address. The per-address limits are generous:
  a service hall puts many respondents behind one address (NAT), and the link's own limit
  caps what reaches one survey whatever the number of addresses.
- **A light proof-of-work** (ALTCHA, https://altcha.org; the ``altcha`` package here, the
  vendored web component in the browser): the form asks for a solved challenge that this
  server made and signed. No outside service is called, so the portal works where only
  its own server is reachable. A challenge names the link it was made for, expires after
  ``ALTCHA_TTL_SECONDS`` and is accepted once: its signature is remembered in the cache
  until it expires.

Like the rate limiter, the replay memory fails open: with Redis unreachable a solved
challenge is accepted (and logged) rather than every respondent refused.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from dataclasses import dataclass

import altcha
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from apps.core.http import client_ip
from apps.core.ratelimit import allow, parse_rate

log = logging.getLogger(__name__)

ALGORITHM = "PBKDF2/SHA-256"
REPLAY_PREFIX = "survey-altcha"
# A payload is base64 of a small JSON object (~600 bytes); anything much larger is junk.
PAYLOAD_MAX_CHARS = 4000


# --- rate limits ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    message: str
    retry_after: int


def _refusal(rate: str) -> Refusal:
    _limit, window = parse_rate(rate)
    return Refusal(
        _(
            "Terlalu banyak jawaban dikirim dalam waktu singkat dari jaringan ini atau "
            "melalui kode ini. Tunggu sebentar, lalu kirim ulang."
        ),
        window,
    )


def page_allowed(request) -> Refusal | None:
    """A form page or a challenge, counted per client address."""
    rate = settings.SURVEY_RATE_LIMIT_PAGE_IP
    if allow("survey_page_ip", client_ip(request), rate):
        return None
    return _refusal(rate)


def answer_allowed(request) -> Refusal | None:
    """An answer, counted per client address (before anything else is read)."""
    if allow("survey_answer_ip", client_ip(request), settings.SURVEY_RATE_LIMIT_IP):
        return None
    return _refusal(settings.SURVEY_RATE_LIMIT_IP)


def link_allowed(token: str) -> Refusal | None:
    """An answer through the link ``token``, counted only once its challenge is solved:
    junk posted without the work must not use up the link's allowance, which every
    respondent of the code, on any network, shares."""
    if allow("survey_answer_link", token, settings.SURVEY_RATE_LIMIT_LINK):
        return None
    return _refusal(settings.SURVEY_RATE_LIMIT_LINK)


# --- the challenge ---------------------------------------------------------------------------


def _keys() -> tuple[bytes, bytes]:
    """The HMAC keys of the challenge and of its derived key: ALTCHA_HMAC_KEY, or keys
    derived from SECRET_KEY (never SECRET_KEY itself)."""
    base = (
        settings.ALTCHA_HMAC_KEY
        or hmac.new(
            settings.SECRET_KEY.encode(), b"zi-portal.surveys.altcha", hashlib.sha256
        ).hexdigest()
    )
    challenge_key = hmac.new(base.encode(), b"challenge", hashlib.sha256).digest()
    key_key = hmac.new(base.encode(), b"derived-key", hashlib.sha256).digest()
    return challenge_key, key_key


def challenge_for(token: str) -> dict:
    """A new signed challenge for the link ``token`` (the JSON the widget fetches).

    The server solves it itself with a secret counter (one derivation) and signs the
    derived key, so checking a solution later is one HMAC, whatever the work asked."""
    challenge_key, key_key = _keys()
    low = max(0, settings.ALTCHA_COUNTER_MIN)
    high = max(low, settings.ALTCHA_COUNTER_MAX)
    challenge = altcha.create_challenge(
        ALGORITHM,
        settings.ALTCHA_COST,
        counter=low + secrets.randbelow(high - low + 1),
        expires_at=int(time.time()) + settings.ALTCHA_TTL_SECONDS,
        data={"link": token},
        hmac_secret=challenge_key,
        hmac_key_secret=key_key,
    )
    return challenge.to_dict()


def solve(challenge: dict) -> str:
    """The payload a browser would send for ``challenge`` (tests and bench/survey.py)."""
    parsed = altcha.Challenge.from_dict(challenge)
    solution = altcha.solve_challenge(parsed)
    if solution is None:
        raise RuntimeError("challenge not solved in time")
    return altcha.Payload(parsed, solution).to_base64()


class ChallengeError(Exception):
    """The form's challenge is missing, wrong, expired or already used."""


def check(payload: str, token: str) -> str:
    """The payload's signature when it is a valid, unexpired solution of a challenge made
    for ``token``; raises ``ChallengeError`` with an Indonesian message otherwise. Does
    not consume it (``consume`` does, once the answer is about to be stored)."""
    payload = (payload or "").strip()
    if not payload:
        raise ChallengeError(
            _(
                "Verifikasi otomatis belum selesai. Tunggu sampai tanda “Terverifikasi” "
                "muncul, lalu kirim ulang."
            )
        )
    if len(payload) > PAYLOAD_MAX_CHARS:
        raise ChallengeError(_("Verifikasi tidak sah. Muat ulang halaman, lalu kirim ulang."))
    challenge_key, key_key = _keys()
    try:
        parsed = altcha.Payload.from_base64(payload)
        result = altcha.verify_solution(parsed, challenge_key, hmac_key_secret=key_key)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise ChallengeError(
            _("Verifikasi tidak sah. Muat ulang halaman, lalu kirim ulang.")
        ) from None
    if result.expired:
        raise ChallengeError(
            _("Verifikasi sudah kedaluwarsa. Tunggu verifikasi baru selesai, lalu kirim ulang.")
        )
    data = parsed.challenge.parameters.data or {}
    if not result.verified or data.get("link") != token:
        raise ChallengeError(_("Verifikasi tidak sah. Muat ulang halaman, lalu kirim ulang."))
    return parsed.challenge.signature


def consume(signature: str) -> None:
    """Mark the challenge used; raises ``ChallengeError`` when it already was (a replay)."""
    key = f"{REPLAY_PREFIX}:{hashlib.sha256(signature.encode()).hexdigest()[:40]}"
    try:
        fresh = cache.add(key, 1, timeout=settings.ALTCHA_TTL_SECONDS + 60)
    except Exception:
        log.warning("survey challenge replay not checked: cache unavailable", exc_info=True)
        return
    if not fresh:
        raise ChallengeError(
            _("Verifikasi ini sudah dipakai. Tunggu verifikasi baru selesai, lalu kirim ulang.")
        )
