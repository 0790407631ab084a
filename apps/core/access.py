"""Ask the access policy without importing it: ``can``, ``require``, ``units_where``,
``reaches`` and the capability names.

The policy (``settings.ACCESS_POLICY``, ``apps.accounts.policy``) lives above ``units``
because role assignments point at units; this facade, resolved on first use like
``AUTH_USER_MODEL``, lets ``units`` and every feature app ask it downhill.
"""

from functools import cache
from importlib import import_module
from types import ModuleType

from django.conf import settings

from .capabilities import Capability

__all__ = [
    "Capability",
    "can",
    "capabilities_held",
    "conflict_message",
    "denied_message",
    "forget_grants",
    "get_unit_for_user",
    "grants_of",
    "holds",
    "is_platform_operator",
    "reaches",
    "request_capabilities",
    "request_grants",
    "require",
    "roles_of",
    "unit_grants",
    "units_where",
]


@cache
def policy() -> ModuleType:
    return import_module(settings.ACCESS_POLICY)


def can(user, capability: str, unit=None, area: str | None = None) -> bool:
    return policy().can(user, capability, unit, area)


def require(user, capability: str, unit=None, area: str | None = None) -> None:
    policy().require(user, capability, unit, area)


def holds(user, capability: str, unit, area: str | None = None) -> bool:
    """Holds a role granting ``capability`` over ``unit``, before exclusions."""
    return policy().holds(user, capability, unit, area)


def conflict_message(user, unit) -> str | None:
    """Why ``user`` may not assess ``unit`` (a role in it or below it), or None."""
    return policy().conflict_message(user, unit)


def unit_grants(user, unit_id: int):
    """The capabilities ``user``'s roles in the unit itself give (one query)."""
    return policy().unit_grants(user, unit_id)


def capabilities_held(user) -> frozenset:
    """The capabilities ``user``'s roles grant somewhere in the active tenant (one query)."""
    return policy().capabilities_held(user)


def grants_of(user):
    """``user``'s role assignments in the active tenant, read once (one query), to ask many
    questions of: ``.held`` (as ``capabilities_held``) and ``.where(capability, unit=…,
    area=…, area_field=…)``, the condition ``reaches`` gives, in plain columns."""
    return policy().grants_of(user)


def roles_of(capability: str) -> frozenset:
    """The roles that grant ``capability`` (for pickers listing who could act)."""
    return policy().roles_of(capability)


def units_where(user, capability: str):
    return policy().units_where(user, capability)


def reaches(user, capability: str, path=None, area=None, unit_pk=None):
    """A boolean SQL expression over rows that have a unit (``path`` defaults to the
    row's ``unit__path``)."""
    if path is None:
        from django.db.models import OuterRef

        path = OuterRef("unit__path")
    return policy().reaches(user, capability, path, area, unit_pk)


def denied_message(user, capability: str, unit=None, area: str | None = None) -> str:
    return policy().denied_message(user, capability, unit, area)


def get_unit_for_user(user, pk):
    """The unit, if ``user`` may see it; 404 for missing, other tenant and not yours alike."""
    return policy().get_unit_for_user(user, pk)


def is_platform_operator(user) -> bool:
    """A platform operator (superuser, Django admin): may change any agency's units and
    roles, through the same services and audit trail as the agency's own admins."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def request_capabilities(request) -> frozenset:
    """What the user's roles in the request's active agency allow (``grants_of``: read
    once per request), shared by the menu (``nav.py`` modules) and the template flags."""
    return request_grants(request).held


def request_grants(request, assignments=None):
    """The user's role assignments in the request's active agency (``grants_of``, kept on
    the user object for the request); ``assignments``: the same rows with their units,
    when the page has read them already (then no query). Without an active agency: none."""
    policy_ = policy()
    user = getattr(request, "user", None)
    if getattr(request, "tenant", None) is None or not getattr(user, "is_authenticated", False):
        return policy_.Grants(user)
    if assignments is not None and "_access_grants" not in user.__dict__:
        return policy_.remember_grants(user, policy_.Grants.of_assignments(user, assignments))
    return policy_.grants_of(user)


def forget_grants() -> None:
    """Roles or unit paths changed by a bulk update (no model signal): the roles read
    before are read again (``grants_of``)."""
    policy().forget_grants()
