from django.db.models import QuerySet

from apps.core.access import Capability, units_where

from .models import Unit


def unit_tree_for(user, *, search: str = "") -> QuerySet[Unit]:
    """Visible units in tree order, optionally matching a search on code or name."""
    units = units_where(user, Capability.UNIT_VIEW).order_by("path")
    if search:
        from django.db.models import Q

        units = units.filter(Q(code__icontains=search) | Q(name__icontains=search))
    return units


def ancestors_of(unit: Unit) -> QuerySet[Unit]:
    """The chain from the agency root down to the unit's parent, in one query."""
    return Unit.objects.filter(path__in=unit.ancestor_paths()).order_by("depth")


def children_of(unit: Unit) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
        .select_related("unit_type")
        .order_by("path")
    )
