"""Who may do what with a unit's surveys: the two capabilities, asked with the Pelayanan
Publik area (the Pokja's roles count for that area only), and the surveys and units a
person reaches with them."""

from django.db.models import OuterRef, QuerySet

from apps.core.access import Capability, can, reaches, require, units_where
from apps.core.choices import Area
from apps.core.http import get_or_404
from apps.units.models import Unit

from .models import Survey

AREA = Area.PP


def can_manage(user, unit) -> bool:
    return can(user, Capability.SURVEY_MANAGE, unit, area=AREA)


def require_manage(user, unit) -> None:
    require(user, Capability.SURVEY_MANAGE, unit, area=AREA)


def can_view(user, unit) -> bool:
    return can(user, Capability.SURVEY_VIEW, unit)


def require_view(user, unit) -> None:
    require(user, Capability.SURVEY_VIEW, unit)


def units_managed(user) -> QuerySet[Unit]:
    """The units whose surveys ``user`` may prepare (``survey.manage`` for the Pelayanan
    Publik area: a Pokja of another area does not count), in tree order; one query."""
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    return Unit.objects.filter(
        reaches(user, Capability.SURVEY_MANAGE, OuterRef("path"), area=AREA, unit_pk=OuterRef("pk"))
    ).order_by("path")


def surveys_visible_to(user) -> QuerySet[Survey]:
    """The surveys of the units ``user`` may read (``survey.view``), with their unit."""
    return Survey.objects.filter(
        unit__in=units_where(user, Capability.SURVEY_VIEW).values("pk")
    ).select_related("unit")


def get_survey_for_user(user, pk) -> Survey:
    """The survey, if ``user`` may read it; 404 for missing, another unit's and another
    agency's alike."""
    return get_or_404(surveys_visible_to(user).select_related("unit__tenant"), pk=pk)
