"""The access policy: one table of capabilities, and the questions asked of it.

Every rule about *who* may do something in a unit is a row of ``POLICY``: the roles
(``apps.accounts.roles.Role``) that grant it, how far those roles reach, which of them
are bound to one change area, and whether a conflict of interest excludes the holder.
Views, API endpoints, services and selectors ask through ``apps.core.access``
(``can`` / ``require`` / ``units_where`` / ``reaches``), which resolves to this module;
``docs/permissions.md`` (``manage.py permissions_doc``) and ``tests/accounts/
test_policy_matrix.py`` are generated from the same table.

Rules about one object rather than a role (the lead of an assessment, a task's
assignees, the employee signing their own pact, a verifier at the item's current chain
level) stay with the object's app; they combine with a capability from here.

A person's roles in the active agency are read once (``grants_of``: one query, kept on
the user object until a role or a unit path changes) and the questions are answered from
them: ``can`` in Python, ``units_where`` and ``Grants.where`` as plain conditions on unit
ids and path prefixes. ``reaches`` still gives the same condition as one SQL ``EXISTS``
over the role assignments, for annotations evaluated per row.
"""

from .queries import (
    Grant,
    Grants,
    UnitGrants,
    assignments_reaching,
    can,
    capabilities_held,
    conflict_message,
    conflicting_roles,
    denied_message,
    forget_grants,
    get_unit_for_user,
    grants_of,
    holds,
    reaches,
    remember_grants,
    require,
    unit_grants,
    units_where,
)
from .table import POLICY, Reach, Rule, roles_of

__all__ = [
    "POLICY",
    "Grant",
    "Grants",
    "Reach",
    "Rule",
    "UnitGrants",
    "assignments_reaching",
    "can",
    "capabilities_held",
    "conflict_message",
    "conflicting_roles",
    "denied_message",
    "forget_grants",
    "get_unit_for_user",
    "grants_of",
    "holds",
    "reaches",
    "remember_grants",
    "require",
    "roles_of",
    "unit_grants",
    "units_where",
]
