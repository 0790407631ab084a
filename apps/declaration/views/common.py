"""Helpers shared by the declaration pages."""

from .. import services


def require_manager(user, unit) -> None:
    """403 for a page a wrong role may not open (the services check again on write)."""
    services.require_manager(user, unit)
