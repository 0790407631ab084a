"""Small but real files of every family the portal accepts, and disguised ones."""

import io
import struct
import zipfile
import zlib

from pypdf import PdfWriter

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Surat Keputusan</w:t></w:r></w:p></w:body></w:document>"
)


def pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _zip(entries: list[tuple[str, str | bytes]], stored: bool = False) -> bytes:
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return out.getvalue()


def docx() -> bytes:
    """The order Word writes: [Content_Types].xml first."""
    return _zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("word/document.xml", DOCUMENT),
        ]
    )


def docx_libreoffice_order() -> bytes:
    """LibreOffice writes the relationships first and the part list last."""
    return _zip(
        [
            ("_rels/.rels", RELS),
            ("docProps/app.xml", "<Properties/>"),
            ("word/document.xml", DOCUMENT),
            ("[Content_Types].xml", CONTENT_TYPES),
        ]
    )


def xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Rencana kerja"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text"
        )  # ZipInfo defaults to ZIP_STORED, as ODF requires
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    return out.getvalue()


def plain_zip() -> bytes:
    return _zip([("laporan.txt", "isi laporan"), ("foto/a.txt", "b")])


def zip_with_word_folder() -> bytes:
    """A zipped folder that happens to be called word/: not an OOXML package."""
    return _zip([("word/catatan.txt", "bukan dokumen"), ("word/lain.txt", "x")])


def docx_inside_zip() -> bytes:
    """A real .docx stored (uncompressed) inside a ZIP: the outer file is an archive."""
    return _zip([("surat.docx", docx())], stored=True)


def mp4(brand: bytes = b"isom", size: int = 4096) -> bytes:
    ftyp = b"ftyp" + brand + struct.pack(">I", 0x200) + b"isomiso2avc1mp41"
    ftyp = struct.pack(">I", len(ftyp) + 4) + ftyp
    mdat_payload = bytes(range(256)) * (size // 256)
    return ftyp + struct.pack(">I", len(mdat_payload) + 8) + b"mdat" + mdat_payload


def mov() -> bytes:
    ftyp = b"ftypqt  " + struct.pack(">I", 0x200) + b"qt  "
    return struct.pack(">I", len(ftyp) + 4) + ftyp + b"\x00\x00\x00\x08wide" + b"\x00" * 64


def heic() -> bytes:
    ftyp = b"ftypheic" + struct.pack(">I", 0) + b"mif1heic"
    return struct.pack(">I", len(ftyp) + 4) + ftyp + b"\x00" * 64


def webm() -> bytes:
    return b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm\x42\x87\x81\x04" + b"\x00" * 64


def ole_doc() -> bytes:
    """An OLE2 compound file whose first sector starts a Word FIB (0xA5EC)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * (512 - 8)
    return header + b"\xec\xa5\xc1\x00" + b"\x00" * 1024


def exe() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def html() -> bytes:
    return b"<!DOCTYPE html><html><script>alert(1)</script></html>"


def gzip_bytes() -> bytes:
    import gzip

    return gzip.compress(b"isi")


ACCEPTED = {
    "surat.pdf": pdf,
    "foto.png": png,
    "sk.docx": docx,
    "sk-libreoffice.docx": docx_libreoffice_order,
    "rencana.xlsx": xlsx,
    "notula.odt": odt,
    "video.mp4": mp4,
    "video.mov": mov,
    "video.webm": webm,
    "lama.doc": ole_doc,
}
