"""The Pencanangan card on the cycle page: the charter's state and the share of pacts
signed (one query), without the cycles app knowing this one."""

from django import template

from ..selectors import cycle_declaration_status
from ..services import missing_message

register = template.Library()


@register.inclusion_tag("declaration/_cycle_card.html")
def declaration_card(cycle):
    recorded, scanned, share = cycle_declaration_status(cycle)
    return {
        "cycle": cycle,
        "missing": missing_message(recorded=recorded, scanned=scanned),
        "share": share,
    }
