"""QR codes of the survey links, drawn on our own server (segno): no outside service is
asked, so the codes work where only the portal is reachable."""

import segno
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Medium error correction: a poster stays readable with a smudge or a fold.
ERROR = "m"


def _code(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR, micro=False)


def svg_inline(url: str, *, css_class: str = "survey-qr") -> SafeString:
    """The code as an inline ``<svg>`` that scales to its box (for the PDF poster, which
    WeasyPrint draws as vectors)."""
    svg = _code(url).svg_inline(
        border=2, omitsize=True, svgclass=css_class, title=_("Kode QR survei"), lineclass=None
    )
    # segno's output is its own markup (the URL is only encoded in the path data).
    return mark_safe(svg)  # noqa: S308


def svg_data_uri(url: str) -> str:
    """The code as a ``data:`` image (the pages' Content-Security-Policy allows data:
    images, and an <img> can be saved or printed on its own)."""
    return _code(url).svg_data_uri(border=2, scale=4)
