"""Receiving uploads: straight to a temporary file on disk, hashed on the way.

A view that accepts files installs the hashing handler before anything reads the request
body (CSRF checking reads it too: see ``hashing_upload_view``)::

    @hashing_upload_view
    def evidence_upload(request, pk):
        uploaded = uploaded_file(request, "file")       # FileRefused when cut off/missing
        stored = file_store(actor=request.user, unit=unit, uploaded=uploaded)

or, in a DRF view (DRF views are CSRF-exempt and check CSRF themselves, in
``initial()``, which reads the body)::

    def initial(self, request, *args, **kwargs):
        use_hashing_upload_handlers(request)
        super().initial(request, *args, **kwargs)
"""

import functools
import hashlib

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import SkipFile, TemporaryFileUploadHandler
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from apps.core.middleware import ControlCharacterMiddleware, has_control_characters

from .checks import FileRefused, max_bytes_for_name, too_large_message

# Where the handler leaves the refusals of files it cut off: {field name: [(name, message)]}.
REFUSALS_ATTR = "_files_upload_refusals"


class HashingTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Writes each file's chunks to a temporary file while computing its SHA-256 and size.

    The resulting ``TemporaryUploadedFile`` carries ``.sha256`` (hex), so nothing reads it
    again to hash it. A file that grows past the limit of its type (by extension; the
    largest limit when the extension is unknown) is dropped at once (``SkipFile``): its
    temporary file is deleted, the rest of it is read and discarded, and
    ``uploaded_file()`` reports it with an Indonesian message. Memory use is one chunk.
    """

    # 1 MiB reads instead of Django's 64 KiB: gunicorn copies its buffer on every read, so
    # small reads cost more than the hashing (bench/evidence_upload.py); still one chunk
    # in memory at a time.
    chunk_size = 1024 * 1024

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self._sha256 = hashlib.sha256()
        self._received = 0
        self._limit = max_bytes_for_name(file_name or "")

    def receive_data_chunk(self, raw_data, start):
        self._received += len(raw_data)
        if self._received > self._limit:
            refusals = getattr(self.request, REFUSALS_ATTR, None)
            if refusals is None:
                refusals = {}
                setattr(self.request, REFUSALS_ATTR, refusals)
            refusals.setdefault(self.field_name, []).append(
                (self.file_name or "", too_large_message(self.file_name or "", self._limit))
            )
            self.file.close()  # a NamedTemporaryFile: closing deletes it
            raise SkipFile()
        self._sha256.update(raw_data)
        self.file.write(raw_data)
        return None

    def file_complete(self, file_size):
        uploaded = super().file_complete(file_size)
        uploaded.sha256 = self._sha256.hexdigest()
        return uploaded


def use_hashing_upload_handlers(request) -> None:
    """Make ``request`` (Django's or DRF's) receive files only through the hashing handler.

    Must run before anything touches ``request.POST``/``request.FILES``/``request.data``;
    Django raises AttributeError if the body was already parsed.
    """
    django_request = getattr(request, "_request", request)
    django_request.upload_handlers = [HashingTemporaryFileUploadHandler(django_request)]


def hashing_upload_view(view):
    """Decorator for a function view that receives files (Django docs, "Modifying upload
    handlers on the fly"): CSRF middleware would parse the body before the view could
    swap the handlers, so the outer function is CSRF-exempt, swaps them, and then calls
    the view under ``csrf_protect`` – CSRF is still enforced. The form fields around the
    file get the control-character check that ControlCharacterMiddleware leaves to
    CSRF-exempt views (it must not read their body first)."""

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if has_control_characters(request.POST):
            return ControlCharacterMiddleware.refuse(request)
        return view(request, *args, **kwargs)

    protected = csrf_protect(checked)

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        use_hashing_upload_handlers(request)
        return protected(request, *args, **kwargs)

    return wrapper


def _too_many(count: int, limit: int) -> FileRefused:
    return FileRefused(
        _(
            "Terlalu banyak berkas dalam satu kiriman (%(count)d); paling banyak %(limit)d. "
            "Tidak ada yang disimpan: kirim berkasnya dalam beberapa bagian."
        )
        % {"count": count, "limit": limit},
        code="too_many",
    )


def uploaded_file(request, field: str = "file") -> UploadedFile:
    """The one file sent in ``field``, or ``FileRefused`` saying why there is none.

    An endpoint that takes one file refuses a request carrying several (it never keeps
    one and drops the others silently)."""
    django_request = getattr(request, "_request", request)
    files = django_request.FILES.getlist(field)
    refusals = getattr(django_request, REFUSALS_ATTR, {}).get(field, [])
    if len(files) + len(refusals) > 1:
        raise FileRefused(
            _("Kirim satu berkas saja di sini (terkirim %(count)d); tidak ada yang disimpan.")
            % {"count": len(files) + len(refusals)},
            code="too_many",
        )
    if refusals:
        raise FileRefused(refusals[0][1], code="too_large")
    if not files:
        raise FileRefused(_("Tidak ada berkas yang dikirim."), code="missing")
    return files[0]


def uploaded_files(request, field: str = "file") -> list[tuple[str, UploadedFile | FileRefused]]:
    """Every file sent in ``field``, each as (name, file) or (name, refusal) for a file
    the handler cut off, in the order sent; a caller stores or refuses each on its own.

    More than ``FILE_MAX_FILES_PER_REQUEST`` files refuse the whole request (nothing is
    stored), and none at all is ``FileRefused`` too."""
    django_request = getattr(request, "_request", request)
    files = django_request.FILES.getlist(field)
    refusals = getattr(django_request, REFUSALS_ATTR, {}).get(field, [])
    count = len(files) + len(refusals)
    limit = settings.FILE_MAX_FILES_PER_REQUEST
    if count > limit:
        raise _too_many(count, limit)
    if not count:
        raise FileRefused(_("Tidak ada berkas yang dikirim."), code="missing")
    result: list[tuple[str, UploadedFile | FileRefused]] = [(f.name, f) for f in files]
    result += [(name, FileRefused(message, code="too_large")) for name, message in refusals]
    return result
