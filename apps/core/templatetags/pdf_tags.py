"""Template pieces of the portal's PDFs (``templates/pdf/base.html``): the signature
block and dates as Indonesian documents write them."""

import datetime

from django import template
from django.utils import timezone

from apps.core.dates import long_date as _long_date

register = template.Library()


def _day(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        return value
    return None


@register.filter
def long_date(value) -> str:
    """``{{ day|long_date }}``: "15 Januari 2026"; a datetime counts by its local day."""
    day = _day(value)
    return _long_date(day) if day else ""


@register.inclusion_tag("pdf/_signature.html")
def signature(
    *, heading="", title="", name="", nip="", place="", date=None, date_label="", note=""
):
    """One signature block: "place, long date" (or "date_label long date", e.g.
    "Disahkan pada 3 Februari 2026"), heading and title, the room to sign (or ``note``,
    e.g. how it was signed online), name and NIP. Without a name the block leaves dotted
    lines to be filled by hand."""
    day = _day(date)
    when = _long_date(day) if day else ""
    if date_label:
        place_date = f"{date_label} {when}".strip()
    else:
        place_date = ", ".join(part for part in (place, when) if part)
    return {
        "place_date": place_date,
        "heading": heading,
        "title": title,
        "name": name,
        "nip": nip,
        "note": note,
    }
