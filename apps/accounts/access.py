"""Unit selectors of the accounts app, over the access policy (``policy.POLICY``).

Kept for the callers inside accounts; other apps ask ``apps.core.access`` directly.
"""

from django.db.models import QuerySet

from apps.core.access import is_platform_operator  # noqa: F401  (used by the accounts services)
from apps.core.capabilities import Capability
from apps.units.models import Unit

from .policy import assignments_reaching, can, get_unit_for_user, units_where

__all__ = [
    "administered_units",
    "assignments_reaching",
    "can_admin_unit",
    "can_view_unit",
    "get_unit_for_user",
    "is_agency_admin",
    "is_tenant_admin",
    "visible_units",
]


def visible_units(user) -> QuerySet[Unit]:
    """Units of the active tenant that ``user`` may see, in tree order."""
    return units_where(user, Capability.UNIT_VIEW)


def administered_units(user) -> QuerySet[Unit]:
    """Units whose data, people and roles ``user`` may change."""
    return units_where(user, Capability.UNIT_ADMIN)


def can_view_unit(user, unit: Unit) -> bool:
    return can(user, Capability.UNIT_VIEW, unit)


def can_admin_unit(user, unit: Unit) -> bool:
    return can(user, Capability.UNIT_ADMIN, unit)


def is_tenant_admin(user) -> bool:
    """Holds Admin Instansi somewhere in the active tenant."""
    return can(user, Capability.PEOPLE_MANAGE)


def is_agency_admin(user) -> bool:
    """Holds Admin Instansi at the agency's root unit: administers the whole agency."""
    return can(user, Capability.AGENCY_ADMIN)
