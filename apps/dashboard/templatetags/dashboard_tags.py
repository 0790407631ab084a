from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def pct(value) -> str:
    """A percentage as Indonesians write it (``62,50 %``), or an en dash for none."""
    if value is None:
        return "–"
    return f"{number_format(value, 2)} %"


@register.filter
def num(value) -> str:
    if value is None:
        return "–"
    return number_format(value, 2)


@register.filter
def cell(cells: dict, code: str):
    return cells.get(code)


@register.simple_tag
def stage_label(stage: str) -> str:
    from apps.cycles.stages import Stage

    return str(dict(Stage.choices).get(stage, stage))
