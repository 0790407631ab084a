"""The charter (FRM-01) as a PDF, rendered by WeasyPrint from the same template as the
printable page. The fetcher refuses every URL: the document needs no external resource
(styles are inline), so nothing a user typed can make the server fetch anything."""

from django.template.loader import render_to_string


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"external resources are not loaded: {url}")


def charter_pdf(context: dict) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    html = render_to_string("declaration/charter_pdf.html", context)
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()
