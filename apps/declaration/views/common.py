"""Helpers shared by the declaration pages."""

from django.core.exceptions import ValidationError
from django.http import JsonResponse

from .. import services


def wants_json(request) -> bool:
    return request.headers.get(
        "x-requested-with"
    ) == "XMLHttpRequest" or "application/json" in request.headers.get("accept", "")


def error_json(exc, status: int) -> JsonResponse:
    message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    return JsonResponse(
        {"error": {"status": status, "code": "invalid", "message": message, "fields": {}}},
        status=status,
    )


def require_manager(user, unit) -> None:
    """403 for a page a wrong role may not open (the services check again on write)."""
    services.require_manager(user, unit)
