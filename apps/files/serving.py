"""Sending a stored file to the browser: streamed, with byte ranges, never from a public URL."""

import re
from collections.abc import Iterator
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotModified, StreamingHttpResponse
from django.utils.http import content_disposition_header

from .models import StoredFile

CHUNK_BYTES = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _parse_range(header: str, size: int) -> tuple[int, int] | bool | None:
    """(first, last) byte of a satisfiable single range; None to send the whole file
    (no header, a header we do not understand, several ranges); False when the range
    cannot be satisfied (416)."""
    match = _RANGE.match(header.replace(" ", ""))
    if not match:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # suffix: the last N bytes
        length = int(last)
        if length == 0:
            return False
        return max(size - length, 0), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None  # syntactically invalid: ignored, as RFC 9110 says
    if start >= size:
        return False
    return start, min(end, size - 1)


def _read(fh, length: int) -> Iterator[bytes]:
    try:
        remaining = length
        while remaining > 0:
            chunk = fh.read(min(CHUNK_BYTES, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        fh.close()


def _open_range(storage, name: str, start: int, length: int) -> Iterator[bytes]:
    """The bytes ``start`` … ``start + length - 1`` of a stored object, as an iterator of
    chunks. Opens the object now, so a missing one is a 404 before any header is sent."""
    if hasattr(storage, "bucket"):
        return _open_s3_range(storage, name, start, length)
    try:
        fh = storage.open(name, "rb")
    except OSError as exc:
        raise Http404 from exc
    fh.seek(start)
    return _read(fh, length)


def _open_s3_range(storage, name: str, start: int, length: int) -> Iterator[bytes]:
    # django-storages' S3File would download the whole object before the first byte;
    # ask S3 for just the range and pass its body through.
    from botocore.exceptions import ClientError
    from storages.utils import clean_name

    key = storage._normalize_name(clean_name(name))
    try:
        response = storage.bucket.Object(key).get(Range=f"bytes={start}-{start + length - 1}")
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
            raise Http404 from exc
        raise
    return _read(response["Body"], length)


def _framable_by_own_pages(response):
    """Pages of the portal show PDFs and images in an <iframe> (evidence and assessment
    previews); every other page is DENY / frame-ancestors 'none' (settings)."""
    response["X-Frame-Options"] = "SAMEORIGIN"
    response._csp_replace = {"frame-ancestors": ["'self'"]}
    return response


def serve_stored_file(
    request, stored: StoredFile, *, as_attachment: bool = False, name: str = ""
) -> HttpResponse | StreamingHttpResponse:
    """Send ``stored`` to the client. Does NOT check access: the caller must have decided
    that ``request.user`` may read this file (e.g. the evidence item it belongs to)
    before calling this.

    Streams from the storage in chunks and honours a single ``Range: bytes=…`` (206 with
    ``Content-Range``; 416 when unsatisfiable; ``If-Range`` with another ETag sends the
    whole file), so videos can be sought. ``ETag`` is the SHA-256. The name in
    ``Content-Disposition`` is the sanitised ``name`` – the name this upload was given, kept
    by the referring row – or else the stored file's original name (RFC 6266/5987).

    With ``FILES_X_ACCEL_REDIRECT_PREFIX`` set (local storage behind nginx), the body
    is left to nginx: an empty response with ``X-Accel-Redirect: <prefix><path>``;
    nginx then serves the file, ranges included, from an ``internal`` location.

    Its own origin may frame the response (previews), no other site may.
    """
    response = _serve(request, stored, as_attachment=as_attachment, name=name)
    return _framable_by_own_pages(response)


def _serve(
    request, stored: StoredFile, *, as_attachment: bool = False, name: str = ""
) -> HttpResponse | StreamingHttpResponse:
    etag = f'"{stored.sha256}"'
    headers = {
        "Content-Type": stored.content_type,
        "Content-Disposition": content_disposition_header(
            as_attachment, name or stored.original_name
        ),
        "ETag": etag,
        "X-Content-Type-Options": "nosniff",
        # The file is private: a shared cache must not keep it; the browser revalidates.
        "Cache-Control": "private, no-cache",
        "Accept-Ranges": "bytes",
    }
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
        for key in ("ETag", "Cache-Control", "X-Content-Type-Options"):
            response[key] = headers[key]
        return response

    prefix = getattr(settings, "FILES_X_ACCEL_REDIRECT_PREFIX", "")
    if prefix:
        response = HttpResponse(headers=headers)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(stored.file.name)
        return response

    size = stored.size
    wanted = None
    range_header = request.headers.get("Range", "")
    if range_header and request.headers.get("If-Range", etag) == etag:
        wanted = _parse_range(range_header, size)
    if wanted is False:
        response = HttpResponse(status=416, headers=headers)
        response["Content-Range"] = f"bytes */{size}"
        return response

    start, end = wanted if wanted else (0, size - 1)
    length = end - start + 1
    if request.method == "HEAD":
        body: Iterator[bytes] = iter(())
    else:
        body = _open_range(stored.file.storage, stored.file.name, start, length)
    response = StreamingHttpResponse(body, headers=headers)
    response["Content-Length"] = str(length)
    if wanted:
        response.status_code = 206
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return response
