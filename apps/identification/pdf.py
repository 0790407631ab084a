"""The Laporan Hasil Identifikasi as a PDF, rendered by WeasyPrint from a template.

WeasyPrint fetches every URL the HTML names. The fetcher here answers only for the
portal's own static files, read from the local disk; anything else (other hosts,
``file:``, ``data:``) is refused, so rendering a report never makes the server reach out.
"""

import mimetypes
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .selectors import report_context

# Relative and root-relative URLs in the template resolve against this (never fetched).
BASE_URL = "https://zi-portal.invalid/"


class LocalStaticFetcher(URLFetcher):
    def fetch(self, url, headers=None):
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
        if not found:
            raise ValueError(f"static file not found: {relative!r}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, Path(found).read_bytes(), headers={"Content-Type": content_type}
        )


def render_report_pdf(identification) -> bytes:
    html = render_to_string("identification/report_pdf.html", report_context(identification))
    return HTML(string=html, base_url=BASE_URL, url_fetcher=LocalStaticFetcher()).write_pdf()
