"""Who may do what with a unit's surveys: the two capabilities, asked with the Pelayanan
Publik area (the Pokja's roles count for that area only)."""

from apps.core.access import Capability, can, require
from apps.core.choices import Area

AREA = Area.PP


def can_manage(user, unit) -> bool:
    return can(user, Capability.SURVEY_MANAGE, unit, area=AREA)


def require_manage(user, unit) -> None:
    require(user, Capability.SURVEY_MANAGE, unit, area=AREA)


def can_view(user, unit) -> bool:
    return can(user, Capability.SURVEY_VIEW, unit)


def require_view(user, unit) -> None:
    require(user, Capability.SURVEY_VIEW, unit)
