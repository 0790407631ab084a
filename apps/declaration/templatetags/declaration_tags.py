"""The Pencanangan card on the cycle page: the charter's state and the share of pacts
signed (two queries), without the cycles app knowing this one."""

from django import template

from ..selectors import pact_share
from ..services import declaration_missing

register = template.Library()


@register.inclusion_tag("declaration/_cycle_card.html")
def declaration_card(cycle):
    return {"cycle": cycle, "missing": declaration_missing(cycle), "share": pact_share(cycle.unit)}
