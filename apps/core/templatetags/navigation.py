from django import template

from apps.core.navigation import menu

register = template.Library()


@register.inclusion_tag("core/_main_menu.html", takes_context=True)
def main_menu(context):
    """The menu bar's entries for this request (apps.core.navigation)."""
    return {"entries": menu(context["request"])}
