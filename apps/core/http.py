"""Small response helpers shared by the pages of every app."""

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse


def error_text(exc: Exception) -> str:
    """The Indonesian message(s) of a service error, as one line for a message or JSON."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def get_or_404(queryset, **lookup):
    """``queryset.get(**lookup)``, or 404. A malformed id (``"abc"``, ``None``, a list) is
    a 404 like a missing row: selectors pass ids from the address or the body unchecked,
    and a 400 or 500 there would tell probing apart from "not yours"."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None


def wants_json(request) -> bool:
    """A script (the uploader's XMLHttpRequest) wants JSON; a plain form post wants a page."""
    return request.headers.get(
        "x-requested-with"
    ) == "XMLHttpRequest" or "application/json" in request.headers.get("accept", "")


def json_error(exc: Exception, status: int = 400) -> JsonResponse:
    """The API's error body (apps.core.api) for a page endpoint answering a script."""
    return JsonResponse(
        {"error": {"status": status, "code": "invalid", "message": error_text(exc), "fields": {}}},
        status=status,
    )


def client_ip(request) -> str:
    """The client's address. Behind ``TRUSTED_PROXY_COUNT`` reverse proxies that each
    append to X-Forwarded-For, the address the outermost trusted proxy saw; otherwise
    REMOTE_ADDR (a forwarded header sent by the client itself is then ignored)."""
    from django.conf import settings

    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "") or ""
