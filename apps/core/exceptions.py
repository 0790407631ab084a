from django.core.exceptions import PermissionDenied


class AccessDenied(PermissionDenied):
    """Raised by services when the actor lacks the role for a change (HTTP 403)."""
