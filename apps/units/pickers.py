"""The unit picker (apps.core.pickers) of every form that offers units: the unit of an
invitation's or an assignment's role (``admin``), of a new cycle (``siklus``), and the new
parent of a moved unit (``admin`` outside the moved unit's subtree). The forms and the
search endpoint (``units:pick``) take their units from ``units_for``, so the search never
offers a unit the form would refuse."""

from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.access import Capability, units_where
from apps.core.pickers import PickerSource, offer

from .models import Unit

# ?untuk= of the search → the capability the form's units come from.
PURPOSES = {"admin": Capability.UNIT_ADMIN, "siklus": Capability.CYCLE_MANAGE}


def units_for(user, purpose: str) -> QuerySet[Unit]:
    """The units a form of ``purpose`` accepts from ``user``, in tree order."""
    return units_where(user, PURPOSES[purpose]).order_by("path")


def outside_of(units: QuerySet[Unit], unit: Unit | None) -> QuerySet[Unit]:
    """``units`` without ``unit`` and its subtree (a unit cannot move under itself)."""
    return units if unit is None else units.exclude(path__startswith=unit.path)


def unit_source(units: QuerySet[Unit]) -> PickerSource:
    return PickerSource(
        queryset=units,
        search=("name", "code"),
        label=lambda u: f"{u.name} ({u.code})",
        # In the plain <select> the tree shows by indentation.
        option_label=lambda u: f"{'· ' * (u.depth - 1)}{u.name} ({u.code})",
    )


def offer_units(field, units: QuerySet[Unit], *, purpose: str, outside: Unit | None = None):
    """``field`` validates against ``units`` and offers them (without ``outside``'s
    subtree) in a picker whose search asks ``units:pick``."""
    field.queryset = units
    params = {"untuk": purpose, **({"kecuali": outside.pk} if outside is not None else {})}
    offer(
        field,
        unit_source(outside_of(units, outside)),
        url=f"{reverse('units:pick')}?{urlencode(params)}",
        placeholder=_("Ketik nama atau kode unit"),
    )
