"""Writes about people, their access and their roles, and new agencies. Audited in the
same transaction. One module per subject; import from here (``from apps.accounts import
services``)."""

from .agencies import DEFAULT_UNIT_TYPES, tenant_create, tenant_onboard
from .last_admin import (
    LAST_ADMIN_MESSAGE,
    ensure_agency_keeps_an_admin,
    ensure_user_leaves_no_agency_without_admin,
    last_agency_admin_problem,
)
from .memberships import membership_add, membership_remove, membership_set_active
from .people import USER_FIELDS, first_admin_invite, login_unlock, user_set_active, user_update
from .role_assignments import ROLE_FIELDS, role_assign, role_revoke, role_update
from .tokens import api_token_create, api_token_revoke

__all__ = [
    "DEFAULT_UNIT_TYPES",
    "LAST_ADMIN_MESSAGE",
    "ROLE_FIELDS",
    "USER_FIELDS",
    "api_token_create",
    "api_token_revoke",
    "ensure_agency_keeps_an_admin",
    "ensure_user_leaves_no_agency_without_admin",
    "first_admin_invite",
    "last_agency_admin_problem",
    "login_unlock",
    "membership_add",
    "membership_remove",
    "membership_set_active",
    "role_assign",
    "role_revoke",
    "role_update",
    "tenant_create",
    "tenant_onboard",
    "user_set_active",
    "user_update",
]
