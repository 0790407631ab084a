"""What the portal accepts as a file, decided from the name, the first bytes and the size.

Pure: no database, no storage, no network; settings are read only for the size limits.
``check_upload`` is called by ``apps.files.services`` on every file before it is stored.
"""

import os
import unicodedata
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class FileKind(models.TextChoices):
    DOCUMENT = "document", gettext_lazy("dokumen")
    IMAGE = "image", gettext_lazy("gambar")
    VIDEO = "video", gettext_lazy("video")


# How much of the start of a file the checks read. filetype itself looks at 8 KiB; the
# ZIP walk below looks further so that Office documents whose first parts are large are
# still recognised.
HEAD_BYTES = 64 * 1024
MAX_NAME_LENGTH = 255

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileRefused(ValidationError):
    """A file the portal does not accept; ``message`` is for the person who sent it.

    A ``ValidationError``, so forms show it on the field and the API error handler
    answers 400 with it as ``error.message``.
    """

    def __init__(self, message: str, code: str = "file_refused"):
        super().__init__(message, code=code)

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class FileCheck:
    kind: str  # a FileKind value
    content_type: str
    extension: str  # lower case, without the dot, as the user named it ("jpeg" stays "jpeg")
    name: str  # the original name, NFC-normalised and stripped: safe to show and to send back


@dataclass(frozen=True)
class _Allowed:
    kind: str
    content_type: str
    formats: frozenset[str]  # detected formats this extension may carry
    label: str


def _allowed(kind, content_type, formats, label) -> _Allowed:
    return _Allowed(kind, content_type, frozenset(formats), label)


_DOC, _IMG, _VID = FileKind.DOCUMENT, FileKind.IMAGE, FileKind.VIDEO
# Old binary Office files are OLE2 containers; filetype tells Word/Excel/PowerPoint
# apart only for the common layouts, so an OLE2 container it cannot name ("ole") is
# accepted under any of the three extensions rather than refusing real old documents.
ALLOWED: dict[str, _Allowed] = {
    "pdf": _allowed(_DOC, "application/pdf", {"pdf"}, "PDF"),
    "doc": _allowed(_DOC, "application/msword", {"doc", "ole"}, "Word (DOC)"),
    "docx": _allowed(
        _DOC,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        {"docx"},
        "Word (DOCX)",
    ),
    "xls": _allowed(_DOC, "application/vnd.ms-excel", {"xls", "ole"}, "Excel (XLS)"),
    "xlsx": _allowed(
        _DOC,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        {"xlsx"},
        "Excel (XLSX)",
    ),
    "ppt": _allowed(_DOC, "application/vnd.ms-powerpoint", {"ppt", "ole"}, "PowerPoint (PPT)"),
    "pptx": _allowed(
        _DOC,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        {"pptx"},
        "PowerPoint (PPTX)",
    ),
    "odt": _allowed(_DOC, "application/vnd.oasis.opendocument.text", {"odt"}, "OpenDocument (ODT)"),
    "ods": _allowed(
        _DOC, "application/vnd.oasis.opendocument.spreadsheet", {"ods"}, "OpenDocument (ODS)"
    ),
    "odp": _allowed(
        _DOC, "application/vnd.oasis.opendocument.presentation", {"odp"}, "OpenDocument (ODP)"
    ),
    "jpg": _allowed(_IMG, "image/jpeg", {"jpg"}, "JPEG"),
    "jpeg": _allowed(_IMG, "image/jpeg", {"jpg"}, "JPEG"),
    "png": _allowed(_IMG, "image/png", {"png"}, "PNG"),
    "gif": _allowed(_IMG, "image/gif", {"gif"}, "GIF"),
    "webp": _allowed(_IMG, "image/webp", {"webp"}, "WEBP"),
    # MOV is the QuickTime container MP4 grew out of and plays MP4 content; Matroska
    # (MKV) likewise contains WebM. The narrower extension accepts only its own format.
    "mp4": _allowed(_VID, "video/mp4", {"mp4"}, "MP4"),
    "mov": _allowed(_VID, "video/quicktime", {"mov", "mp4"}, "MOV"),
    "webm": _allowed(_VID, "video/webm", {"webm"}, "WEBM"),
    "mkv": _allowed(_VID, "video/x-matroska", {"mkv", "webm"}, "MKV"),
    "avi": _allowed(_VID, "video/x-msvideo", {"avi"}, "AVI"),
}

ARCHIVE_EXTENSIONS = frozenset(
    {"zip", "rar", "7z", "tar", "gz", "tgz", "bz2", "tbz2", "xz", "txz", "zst", "lz", "cab"}
)
# Formats filetype reports for compressed containers (see filetype.types.archive).
ARCHIVE_FORMATS = frozenset(
    {"zip", "rar", "7z", "tar", "gz", "bz2", "xz", "zst", "lz", "lz4", "Z", "cab", "br"}
    | {"ar", "deb", "rpm", "lzo", "epub", "crx"}
)

_FORMAT_LABELS = {
    "exe": "program Windows (EXE)",
    "elf": "program (ELF)",
    "ole": "dokumen Office lama",
    "zip": "arsip ZIP",
}

# Major brands of ISO-BMFF files (the ``ftyp`` box) that are pictures or sound, not video.
_ISOBMFF_NOT_VIDEO = frozenset(
    {"heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis"}
    | {"M4A ", "M4B ", "M4P ", "crx ", "jp2 ", "jpx "}
)


def max_bytes_for_kind(kind: str) -> int:
    return {
        FileKind.DOCUMENT: settings.FILE_MAX_DOCUMENT_BYTES,
        FileKind.IMAGE: settings.FILE_MAX_IMAGE_BYTES,
        FileKind.VIDEO: settings.FILE_MAX_VIDEO_BYTES,
    }[kind]


def max_bytes_for_name(name: str) -> int:
    """The size limit that applies to a file of this name: its type's limit when the
    extension is allowed, else the largest limit (the name is refused later anyway)."""
    allowed = ALLOWED.get(_extension(name))
    if allowed is not None:
        return max_bytes_for_kind(allowed.kind)
    return largest_limit()


def largest_limit() -> int:
    return max(max_bytes_for_kind(kind) for kind in FileKind.values)


def _extension(name: str) -> str:
    return os.path.splitext(name)[1][1:].lower()


def _has_control_characters(name: str) -> bool:
    # Cc: C0/C1 controls (NUL, BEL, newline…); bidi overrides can make "gpj.exe" read as
    # "exe.jpg"; Cs: lone surrogates that no file system stores faithfully.
    bidi = {"\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"}
    bidi |= {"\u2066", "\u2067", "\u2068", "\u2069"}
    return any(unicodedata.category(c) in ("Cc", "Cs") or c in bidi for c in name)


def _check_name(name: str) -> str:
    if _has_control_characters(name):
        raise FileRefused(
            _("Nama berkas memuat karakter kontrol yang tidak diizinkan; ganti nama berkasnya."),
            code="bad_name",
        )
    name = unicodedata.normalize("NFC", name).strip()
    if not name or name in {".", ".."}:
        raise FileRefused(_("Nama berkas kosong."), code="bad_name")
    if "/" in name or "\\" in name or ".." in name or ":" in name:
        raise FileRefused(
            _(
                "Nama berkas tidak boleh memuat garis miring (/ atau \\), titik dua, "
                "atau '..'; kirim berkasnya saja dengan nama biasa."
            ),
            code="bad_name",
        )
    if len(name) > MAX_NAME_LENGTH:
        raise FileRefused(
            _("Nama berkas terlalu panjang (%(length)d karakter; paling banyak %(max)d).")
            % {"length": len(name), "max": MAX_NAME_LENGTH},
            code="bad_name",
        )
    return name


def _accepted_types_text() -> str:
    return _(
        "Yang diterima: PDF; gambar JPG, PNG, GIF, WEBP; dokumen Word, Excel, PowerPoint "
        "dan OpenDocument; video MP4, WEBM, MOV, MKV, AVI."
    )


def _archive_refused() -> FileRefused:
    return FileRefused(
        _(
            "Berkas arsip (ZIP, RAR, 7z, TAR, GZ) tidak diterima. Unggah dokumennya satu "
            "per satu tanpa dikompres."
        ),
        code="archive",
    )


def _zip_entries(head: bytes) -> list[tuple[str, bytes]]:
    """(name, first bytes of the stored data) of the ZIP entries that start in ``head``.

    Walks local file headers by their sizes, so entries of a ZIP stored *inside* the
    file are not mistaken for its own; when a header defers its sizes to a data
    descriptor (streaming writers do that) the next header is searched for instead.
    """
    entries: list[tuple[str, bytes]] = []
    pos = 0
    while len(entries) < 100 and pos + 30 <= len(head) and head[pos : pos + 4] == _ZIP_MAGIC:
        flags = int.from_bytes(head[pos + 6 : pos + 8], "little")
        compressed_size = int.from_bytes(head[pos + 18 : pos + 22], "little")
        name_length = int.from_bytes(head[pos + 26 : pos + 28], "little")
        extra_length = int.from_bytes(head[pos + 28 : pos + 30], "little")
        name_end = pos + 30 + name_length
        if name_end > len(head):
            break
        name = head[pos + 30 : name_end].decode("utf-8", errors="replace")
        data_start = name_end + extra_length
        entries.append((name, head[data_start : data_start + min(compressed_size, 100)]))
        if flags & 0x08:
            found = head.find(_ZIP_MAGIC, data_start)
            if found < 0:
                break
            pos = found
        else:
            pos = data_start + compressed_size
    return entries


def _zip_format(head: bytes) -> str:
    entries = _zip_entries(head)
    names = [name for name, _data in entries]
    if names and names[0] == "mimetype":
        mimetype = entries[0][1].decode("ascii", errors="replace").strip()
        odf = {
            "application/vnd.oasis.opendocument.text": "odt",
            "application/vnd.oasis.opendocument.spreadsheet": "ods",
            "application/vnd.oasis.opendocument.presentation": "odp",
        }
        return odf.get(mimetype, "zip")
    # An OOXML package has its part list or its relationships near the start (Word puts
    # [Content_Types].xml first, LibreOffice and openpyxl put _rels/docProps first).
    if not {"[Content_Types].xml", "_rels/.rels"} & set(names) and not any(
        n.startswith("docProps/") for n in names
    ):
        return "zip"
    for prefix, fmt in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
        if any(n.startswith(prefix) for n in names):
            return fmt
    return "zip"


def _isobmff_format(head: bytes) -> str | None:
    """MP4 or QuickTime from the ``ftyp`` box (filetype knows only a few MP4 brands, while
    phones and cameras write many)."""
    major = head[8:12].decode("latin-1")
    if major in _ISOBMFF_NOT_VIDEO:
        return major.strip().lower()
    if major == "qt  ":
        return "mov"
    return "mp4"


def detect_format(head: bytes) -> str | None:
    """A short name of the format the first bytes show ("pdf", "png", "docx", "zip",
    "exe" …), or None when they show nothing known."""
    if head.startswith(_ZIP_MAGIC):
        return _zip_format(head)
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return _isobmff_format(head)
    guess = filetype.guess(head)
    if guess is None:
        return "ole" if head.startswith(_OLE_MAGIC) else None
    return {"apng": "png", "jpeg": "jpg"}.get(guess.extension, guess.extension)


def _describe(fmt: str | None) -> str:
    if fmt is None:
        return _("tidak dikenali")
    if fmt in _FORMAT_LABELS:
        return _FORMAT_LABELS[fmt]
    for allowed in ALLOWED.values():
        if fmt in allowed.formats and fmt != "ole":
            return allowed.label
    return fmt.upper()


def check_upload(name: str, head: bytes, size: int) -> FileCheck:
    """Accept or refuse a file from its name, its first bytes (``HEAD_BYTES`` of them
    are enough) and its size; raises ``FileRefused`` with a message for the user."""
    if size <= 0 or not head:
        raise FileRefused(_("Berkas kosong (0 bita) tidak dapat diunggah."), code="empty")
    name = _check_name(name)
    extension = _extension(name)
    if extension in ARCHIVE_EXTENSIONS:
        raise _archive_refused()
    allowed = ALLOWED.get(extension)
    if allowed is None:
        if extension:
            message = _("Jenis berkas .%(ext)s tidak diizinkan.") % {"ext": extension}
        else:
            message = _("Nama berkas tidak berekstensi, jadi jenisnya tidak dapat diperiksa.")
        raise FileRefused(f"{message} {_accepted_types_text()}", code="extension")

    detected = detect_format(head)
    if detected in ARCHIVE_FORMATS:
        raise _archive_refused()
    if detected not in allowed.formats:
        raise FileRefused(
            _(
                "Isi berkas tidak sesuai dengan ekstensinya: namanya .%(ext)s, tetapi isinya "
                "%(detected)s. Berkas yang jenisnya disamarkan tidak diterima."
            )
            % {"ext": extension, "detected": _describe(detected)},
            code="type_mismatch",
        )

    limit = max_bytes_for_kind(allowed.kind)
    if size > limit:
        raise FileRefused(
            _("Berkas terlalu besar (%(size)s); batas untuk %(kind)s adalah %(limit)s.")
            % {
                "size": filesizeformat(size),
                "kind": FileKind(allowed.kind).label,
                "limit": filesizeformat(limit),
            },
            code="too_large",
        )
    return FileCheck(
        kind=allowed.kind, content_type=allowed.content_type, extension=extension, name=name
    )


def too_large_message(name: str, limit: int) -> str:
    """The message for a file cut off while it was still arriving (see ``upload.py``)."""
    allowed = ALLOWED.get(_extension(name))
    kind = FileKind(allowed.kind).label if allowed else _("berkas")
    return _("Berkas terlalu besar; batas untuk %(kind)s adalah %(limit)s.") % {
        "kind": kind,
        "limit": filesizeformat(limit),
    }
