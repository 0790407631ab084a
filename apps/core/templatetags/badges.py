from django import template
from django.utils.html import format_html

from apps.core.badges import badge_for

register = template.Library()


@register.simple_tag
def status_badge(obj, field_name="status", testid=""):
    """``{% status_badge item "status" testid="status" %}``: the badge apps.core.badges
    declares for the object's status. Written in Python, not an included template: lists
    draw one per row (a cycle's evidence, the queue)."""
    badge, label = badge_for(obj, field_name)
    return format_html(
        '<span class="badge {}"{}{}>{}</span>',
        badge.colour,
        format_html(' data-testid="{}"', testid) if testid else "",
        format_html(' title="{}"', badge.title) if badge.title else "",
        label,
    )
