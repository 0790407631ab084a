"""The identification's card on the cycle page (one query), so the cycle app needs no
knowledge of this one."""

from django import template

from ..models import Identification

register = template.Library()


@register.inclusion_tag("identification/_cycle_card.html")
def identification_card(cycle):
    identification = (
        Identification.objects.filter(tenant_id=cycle.tenant_id, cycle_id=cycle.pk)
        .only("status", "decided_at", "cycle_id")
        .first()
    )
    return {"cycle": cycle, "identification": identification}
