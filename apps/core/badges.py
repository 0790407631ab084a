"""Status badges: one table, keyed by (choices class, value), of how a status looks.

Each app declares the badges of its statuses next to the choices (``register`` right
after the ``TextChoices`` class); pages render them with ``{% status_badge obj "status" %}``
(apps.core.templatetags.badges), so a new status or a new page needs no partial of its
own. The text is the choice's label unless the badge names a shorter one, or an attribute
of the object that words the status in more detail.
"""

from dataclasses import dataclass
from functools import cache

from django.db import models


@dataclass(frozen=True)
class Badge:
    colour: str  # Bootstrap classes after "badge", e.g. "text-bg-success"
    label: str | None = None  # shown instead of the choice's label
    label_from: str = ""  # attribute (or method) of the object that gives the text
    title: str = ""


BADGES: dict[tuple[type[models.Choices], str], Badge] = {}


def register(choices: type[models.Choices], badges: dict[str, Badge | str]) -> None:
    """Declare the badge of every value of ``choices`` (a plain string is a colour)."""
    missing = set(choices.values) - set(badges)
    if missing:
        raise ValueError(f"{choices.__qualname__}: no badge for {sorted(missing)}")
    for value, badge in badges.items():
        BADGES[choices, str(value)] = badge if isinstance(badge, Badge) else Badge(badge)


@cache
def choices_of(model: type[models.Model], field_name: str) -> type[models.Choices]:
    """The registered choices class whose values are those of ``model.field_name``."""
    values = [value for value, _label in model._meta.get_field(field_name).choices]
    found = {choices for choices, _value in BADGES if list(choices.values) == values}
    if len(found) != 1:
        raise LookupError(f"{model.__name__}.{field_name}: {len(found)} badge tables match")
    return found.pop()


def badge_for(obj: models.Model, field_name: str = "status") -> tuple[Badge, str]:
    """The badge of ``obj.<field_name>`` and its text."""
    value = getattr(obj, field_name)
    choices = choices_of(type(obj), field_name)
    badge = BADGES[choices, str(value)]
    if badge.label_from:
        text = getattr(obj, badge.label_from)
        label = text() if callable(text) else text
    else:
        label = badge.label if badge.label is not None else choices(value).label
    return badge, str(label)
