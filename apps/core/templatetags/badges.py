from django import template

from apps.core.badges import badge_for

register = template.Library()


@register.inclusion_tag("core/_status_badge.html")
def status_badge(obj, field_name="status", testid=""):
    """``{% status_badge item "status" testid="status" %}``: the badge apps.core.badges
    declares for the object's status."""
    badge, label = badge_for(obj, field_name)
    return {"badge": badge, "label": label, "testid": testid}
