from django import template

from ..selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context):
    """The bell of the navigation bar with the unread count of the active agency (and of
    no agency): one indexed count per page."""
    request = context["request"]
    tenant = getattr(request, "tenant", None)
    return {"unread": unread_count(request.user, tenant.pk if tenant else None)}
