from django import template

from ..importing import months_label

register = template.Library()


@register.filter
def month_names(months) -> str:
    """[1, 2, 3] -> "Jan, Feb, Mar"."""
    return months_label(months or [])
