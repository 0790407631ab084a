"""PDFs made from templates by WeasyPrint: one renderer, one URL fetcher.

WeasyPrint fetches every URL the HTML names (stylesheets, images, fonts). The fetcher
here answers only for the portal's own static files, read from the local disk; anything
else (other hosts, ``file:``, ``data:``, media) is refused, so rendering a document never
makes the server reach out, whatever a user typed into it. Templates link their
stylesheets with ``{% static %}`` like any page; every document extends
``templates/pdf/base.html`` (the unit's kop, A4, page numbers, ``css/pdf.css``; its header
comment lists the blocks) and signs with ``{% signature %}`` (``pdf_tags``).

PDFs are rendered by the worker (a task claims the row, renders, stores the file); a
page only serves the stored file, or renders it at once when the worker has not run yet.
"""

import mimetypes
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

# What a page says when the file is asked for while the worker is making it.
MAKING_PDF = _("PDF sedang dibuat. Coba lagi sebentar lagi.")

# Relative and root-relative URLs in a template resolve against this (never fetched).
BASE_URL = "https://zi-portal.invalid/"


def _static_file(url: str) -> Path:
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
        raise ValueError(f"refused to fetch {url!r}: only local static files")
    path = unquote(parts.path)
    if not path.startswith(settings.STATIC_URL):
        raise ValueError(f"refused to fetch {url!r}: only local static files")
    relative = path[len(settings.STATIC_URL) :]
    if ".." in PurePosixPath(relative).parts:
        raise ValueError(f"refused to fetch {url!r}")
    found = finders.find(relative)
    if found:
        return Path(found)
    # Behind the manifest storage (production) ``{% static %}`` names the collected,
    # hashed copy: read it from STATIC_ROOT.
    collected = Path(settings.STATIC_ROOT) / relative
    if settings.STATIC_ROOT and collected.is_file():
        return collected
    raise ValueError(f"static file not found: {relative!r}")


def static_file_fetcher():
    """The URL fetcher of every PDF: local static files only (built lazily: WeasyPrint is
    a heavy import, made only when a PDF is rendered)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFileFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            found = _static_file(url)
            content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, found.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticFileFetcher()


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``template_name`` with ``context`` to a PDF."""
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=static_file_fetcher()).write_pdf()
