"""The charter (FRM-01) as a PDF, rendered by WeasyPrint from the same template as the
printable page and its stylesheet (static/css/charter.css, read from disk). The fetcher
refuses every URL: the document needs no external resource, so nothing a user typed can
make the server fetch anything."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"external resources are not loaded: {url}")


def charter_pdf(context: dict) -> bytes:
    from weasyprint import CSS, HTML  # heavy import: only when a PDF is asked for

    html = render_to_string("declaration/charter_pdf.html", context)
    css = CSS(filename=finders.find("css/charter.css"), url_fetcher=_no_fetch)
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf(stylesheets=[css])
