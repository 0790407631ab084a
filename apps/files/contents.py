"""What is *inside* a file whose name and first bytes were accepted (``checks.py``).

Two things a header check cannot see:

* Office and OpenDocument files are ZIP containers. Only the parts their type allows
  are accepted (no macros, no programs, no OLE objects, no parts outside the format, no
  links to remote templates), and they are inflated with limits on the entry count, the
  inflated size of each entry and of all entries, and the compression ratio (zip bombs).
* Polyglots: a file that is a valid PDF, picture or video *and* also an HTML page, an
  SVG or a script (a browser that sniffs it runs the script), or a ZIP archive appended
  to a picture or a PDF.

Pure: reads only the file object and the limits from settings; raises ``FileRefused``.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .checks import FileCheck, FileKind, FileRefused

OOXML_PREFIX = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ODF_EXTENSIONS = frozenset({"odt", "ods", "odp"})
_OOXML_COMMON = ("_rels/", "docProps/", "customXml/")
_ODF_ALLOWED = (
    "META-INF/",
    "Pictures/",
    "Thumbnails/",
    "Configurations2/",
    "ObjectReplacements/",
    "Object ",  # embedded formulas and charts: "Object 1/content.xml"
)
_ODF_FILES = frozenset(
    {"mimetype", "content.xml", "styles.xml", "meta.xml", "settings.xml", "manifest.rdf"}
    | {"layout-cache"}
)
# Parts that carry code: VBA projects, ActiveX controls, ODF Basic and scripts.
_CODE_PARTS = re.compile(
    r"(^|/)(vbaProject\.bin|vbaData\.xml|vbaProjectSignature\.bin)$|(^|/)activeX/"
    r"|^(Basic|Scripts)/",
    re.IGNORECASE,
)
_PROGRAM_EXTENSIONS = frozenset(
    {"exe", "dll", "com", "scr", "bat", "cmd", "ps1", "vbs", "vbe", "js", "jse", "wsf"}
    | {"jar", "msi", "hta", "lnk", "cpl", "sys", "ocx", "so", "dylib", "sh", "pif"}
)
_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A relationship that makes Office fetch something: only plain hyperlinks may point out.
_EXTERNAL_REL = re.compile(rb"<Relationship\b[^>]*TargetMode=\"External\"[^>]*>", re.IGNORECASE)
_HYPERLINK_TYPE = re.compile(rb'Type="[^"]*/hyperlink"', re.IGNORECASE)

# Markup a browser would render or run.
_MARKUP = re.compile(
    rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|script[\s>/]|svg[\s>:]|iframe[\s>]"
    rb"|object[\s>]|embed[\s>]|meta\s+http-equiv|a\s+href)",
    re.IGNORECASE,
)
# A ZIP local file header that looks real: version ≤ 6.3, a short printable name.
_LOCAL_HEADER = re.compile(
    rb"PK\x03\x04[\x0a-\x3f]\x00.{20}(?P<n>[\x01-\xff][\x00-\x03])", re.DOTALL
)
_EOCD = b"PK\x05\x06"
_CHUNK = 1024 * 1024
_OVERLAP = 64


def inspect_contents(content: IO[bytes], check: FileCheck, size: int) -> None:
    """Refuse ``content`` (already accepted by ``check_upload`` as ``check``) when its
    inside is not what its type allows. Leaves the file position at 0."""
    try:
        if check.extension in OOXML_PREFIX or check.extension in ODF_EXTENSIONS:
            _inspect_container(content, check.extension)
        elif check.extension not in {"doc", "xls", "ppt"}:
            _inspect_polyglot(content, check, size)
    finally:
        content.seek(0)


# --- Office/OpenDocument containers ------------------------------------------------------


def _refused_part(part: str) -> FileRefused:
    return FileRefused(
        _(
            "Dokumen ditolak: berisi bagian yang tidak diizinkan (%(part)s), misalnya makro, "
            "program, objek tersemat, atau tautan ke templat di luar. Simpan ulang sebagai "
            "dokumen biasa tanpa makro (.docx, .xlsx, .pptx, .odt …) lalu unggah lagi."
        )
        % {"part": part[:120]},
        code="container_part",
    )


def _bomb() -> FileRefused:
    return FileRefused(
        _(
            "Dokumen ditolak: isinya setelah diekstrak terlalu besar atau terlalu padat "
            "(batas %(limit)s, paling banyak %(entries)d bagian). Dokumen seperti ini "
            "biasanya rusak atau sengaja dibuat untuk melumpuhkan server."
        )
        % {
            "limit": filesizeformat(settings.FILE_CONTAINER_MAX_INFLATED_BYTES),
            "entries": settings.FILE_CONTAINER_MAX_ENTRIES,
        },
        code="container_bomb",
    )


def _broken() -> FileRefused:
    return FileRefused(
        _("Dokumen rusak atau tidak dapat dibuka. Simpan ulang dari aplikasinya lalu unggah lagi."),
        code="container_broken",
    )


def _allowed_name(name: str, extension: str) -> bool:
    if extension in ODF_EXTENSIONS:
        return name in _ODF_FILES or name.startswith(_ODF_ALLOWED)
    return name == "[Content_Types].xml" or name.startswith(
        (OOXML_PREFIX[extension], *_OOXML_COMMON)
    )


def _check_entry_name(name: str, extension: str) -> None:
    normal = posixpath.normpath(name)
    if name.startswith(("/", "\\")) or normal.startswith("..") or "\\" in name or "\x00" in name:
        raise _refused_part(name)
    if _CODE_PARTS.search(name):
        raise _refused_part(name)
    if posixpath.splitext(name)[1][1:].lower() in _PROGRAM_EXTENSIONS:
        raise _refused_part(name)
    if name.endswith("/"):
        return
    if not _allowed_name(name, extension):
        raise _refused_part(name)


def _inspect_container(content: IO[bytes], extension: str) -> None:
    content.seek(0)
    try:
        archive = zipfile.ZipFile(content)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _broken() from None
    with archive:
        infos = archive.infolist()
        if len(infos) > settings.FILE_CONTAINER_MAX_ENTRIES:
            raise _bomb()
        # The sizes the directory declares: a quick refusal before inflating anything.
        declared = 0
        for info in infos:
            _check_entry_name(info.filename, extension)
            if info.flag_bits & 0x1:
                raise _refused_part(info.filename)  # encrypted entry: cannot be inspected
            declared += info.file_size
            if info.file_size > settings.FILE_CONTAINER_MAX_ENTRY_BYTES or _too_dense(
                info.file_size, info.compress_size
            ):
                raise _bomb()
        if declared > settings.FILE_CONTAINER_MAX_INFLATED_BYTES:
            raise _bomb()
        # The real sizes: a directory may lie, so every entry is inflated under the caps.
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            total += _inflate_entry(archive, info, extension, total)


def _too_dense(inflated: int, compressed: int) -> bool:
    # Small parts (XML) compress well and harm nobody; the ratio matters above 1 MiB.
    return inflated > _CHUNK and inflated > settings.FILE_CONTAINER_MAX_RATIO * max(compressed, 1)


def _inflate_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, extension: str, total) -> int:
    read = 0
    head = b""
    try:
        with archive.open(info) as entry:
            while chunk := entry.read(_CHUNK):
                if not head:
                    head = chunk[:4096]
                    _check_entry_head(info.filename, head)
                read += len(chunk)
                if (
                    read > settings.FILE_CONTAINER_MAX_ENTRY_BYTES
                    or total + read > settings.FILE_CONTAINER_MAX_INFLATED_BYTES
                    or _too_dense(read, info.compress_size)
                ):
                    raise _bomb()
                if info.filename.endswith(".rels"):
                    _check_relationships(info.filename, chunk)
                if info.filename == "[Content_Types].xml" and re.search(
                    rb"macroEnabled|vbaProject|vnd\.ms-office\.activeX", chunk, re.IGNORECASE
                ):
                    raise _refused_part("[Content_Types].xml: macro")
    except FileRefused:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        raise _broken() from None
    return read


def _check_entry_head(name: str, head: bytes) -> None:
    if head.startswith(_EXECUTABLE_MAGIC):
        raise _refused_part(name)
    # OLE2 inside an OOXML/ODF package is an embedded object (Equation Editor, Package
    # objects carrying programs): refused.
    if head.startswith(_OLE_MAGIC):
        raise _refused_part(name)


def _check_relationships(name: str, data: bytes) -> None:
    for match in _EXTERNAL_REL.finditer(data):
        if not _HYPERLINK_TYPE.search(match.group(0)):
            raise _refused_part(f"{name}: {match.group(0)[:80].decode('utf-8', 'replace')}")


# --- Polyglots ----------------------------------------------------------------------------


def _markup_refused(check: FileCheck) -> FileRefused:
    what = "PDF" if check.kind == FileKind.DOCUMENT else str(FileKind(check.kind).label)
    return FileRefused(
        _(
            "Berkas ditolak: selain %(what)s, isinya juga memuat kode halaman web (HTML, SVG "
            "atau skrip). Simpan ulang berkasnya dari aplikasi aslinya lalu unggah lagi."
        )
        % {"what": what},
        code="polyglot",
    )


def _archive_inside() -> FileRefused:
    return FileRefused(
        _(
            "Berkas ditolak: di dalamnya tersembunyi arsip ZIP. Simpan ulang berkasnya dari "
            "aplikasi aslinya lalu unggah lagi."
        ),
        code="polyglot",
    )


def _inspect_polyglot(content: IO[bytes], check: FileCheck, size: int) -> None:
    """Pictures and PDFs are read whole (their limits are modest); videos only at the
    start and the end, where a page or an archive would have to be to be found."""
    whole = check.kind != FileKind.VIDEO
    content.seek(0)
    previous = b""
    position = 0
    while True:
        chunk = content.read(_CHUNK)
        if not chunk:
            break
        window = previous + chunk
        if _MARKUP.search(window):
            raise _markup_refused(check)
        if _plausible_local_header(window, at_start=position == 0):
            raise _archive_inside()
        previous = window[-_OVERLAP:]
        position += len(chunk)
        if not whole:
            break
    if _ends_with_zip_directory(content, size):
        raise _archive_inside()


def _plausible_local_header(window: bytes, at_start: bool) -> bool:
    for match in _LOCAL_HEADER.finditer(window):
        name_length = int.from_bytes(match.group("n"), "little")
        start = match.end() + 2  # the extra-field length follows the name length
        name = window[start : start + name_length]
        if len(name) == name_length and all(32 <= b < 127 for b in name):
            return True
    return False


def _ends_with_zip_directory(content: IO[bytes], size: int) -> bool:
    """An end-of-central-directory record whose comment reaches exactly the end."""
    tail_length = min(size, 65535 + 22)
    content.seek(size - tail_length)
    tail = content.read(tail_length)
    start = tail.rfind(_EOCD)
    while start >= 0:
        if start + 22 <= len(tail):
            comment_length = int.from_bytes(tail[start + 20 : start + 22], "little")
            if start + 22 + comment_length == len(tail):
                return True
        start = tail.rfind(_EOCD, 0, start)
    return False
