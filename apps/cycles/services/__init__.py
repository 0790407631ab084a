"""Writes of ZI cycles (``cycle``: opening, stage changes and the stage guards other apps
register) and of the agency calendar (``calendar``)."""

from .calendar import (
    CALENDAR_FIELDS,
    MONTHS,
    STAGE_CALENDAR_KEYS,
    DefaultEntry,
    calendar_default_entries,
    calendar_ensure,
    calendar_entry_update,
    require_agency_admin,
)
from .cycle import (
    CYCLE_FIELDS,
    CYCLE_WORKFLOW,
    allowed_stages,
    came_from,
    cycle_change_stage,
    cycle_create,
    register_stage_guard,
    stage_guard_messages,
)

__all__ = [
    "CALENDAR_FIELDS",
    "CYCLE_FIELDS",
    "CYCLE_WORKFLOW",
    "MONTHS",
    "STAGE_CALENDAR_KEYS",
    "DefaultEntry",
    "allowed_stages",
    "calendar_default_entries",
    "calendar_ensure",
    "calendar_entry_update",
    "came_from",
    "cycle_change_stage",
    "cycle_create",
    "register_stage_guard",
    "require_agency_admin",
    "stage_guard_messages",
]
