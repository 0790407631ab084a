"""What is inside an accepted file (apps/files/contents.py): Office/OpenDocument
containers hold only the parts their type allows and inflate within limits; pictures,
PDFs and videos that are also a web page or carry an archive are refused. The malicious
files are built here, small."""

import io
import zipfile

import pytest

from apps.files.checks import FileRefused
from apps.files.models import StoredFile
from apps.files.services import file_store_bytes

from . import samples
from .samples import CONTENT_TYPES, DOCUMENT, RELS

pytestmark = pytest.mark.django_db

JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + bytes(range(256)) * 8
    + b"\xff\xd9"
)


def docx_with(*extra: tuple[str, bytes | str], rels: str = RELS) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", DOCUMENT)
        for name, data in extra:
            archive.writestr(name, data)
    return out.getvalue()


def store(name, data, unit):
    return file_store_bytes(actor=None, unit=unit, name=name, data=data)


def refused(name, data, unit) -> FileRefused:
    with pytest.raises(FileRefused) as info:
        store(name, data, unit)
    assert StoredFile.objects.count() == 0
    return info.value


def external_rels(kind: str) -> str:
    return RELS.replace(
        "</Relationships>",
        f'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/{kind}" Target="http://evil.example/t.dotm" '
        f'TargetMode="External"/></Relationships>',
    )


@pytest.mark.parametrize(
    ("extra", "part"),
    [
        (
            ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
            "vbaProject",
        ),
        (("word/embeddings/oleObject1.bin", samples.ole_doc()), "oleObject1"),
        (("word/media/payload.exe", samples.exe()), "payload.exe"),
        (("word/media/image1.png", samples.exe()), "image1.png"),  # a program named .png
        (("word/activeX/activeX1.xml", "<ax/>"), "activeX"),
        (("evil/run.xml", "<x/>"), "evil/run.xml"),  # a part no Word document has
        (("../../etc/cron.d/x", "x"), "../"),
    ],
)
def test_a_docx_carrying_code_or_foreign_parts_is_refused(tree, extra, part):
    error = refused("sk.docx", docx_with(extra), tree["upt"])
    assert error.code == "container_part"
    assert part in error.message and "tidak diizinkan" in error.message


def test_a_docx_fetching_a_remote_template_is_refused_but_hyperlinks_are_fine(tree):
    error = refused("sk.docx", docx_with(rels=external_rels("attachedTemplate")), tree["upt"])
    assert error.code == "container_part"
    stored = store("tautan.docx", docx_with(rels=external_rels("hyperlink")), tree["upt"])
    assert stored.pk


def test_a_macro_enabled_content_type_is_refused(tree):
    types = CONTENT_TYPES.replace("document.main+xml", "document.macroEnabled.main+xml")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", DOCUMENT)
    assert refused("sk.docx", out.getvalue(), tree["upt"]).code == "container_part"


def test_an_odt_with_basic_macros_is_refused(tree):
    data = samples.odt()
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("Basic/Standard/Module1.xml", "<script:module/>")
    assert refused("laporan.odt", out.getvalue(), tree["upt"]).code == "container_part"


def zip_bomb(inner_bytes: int) -> bytes:
    """A docx with one entry of ``inner_bytes`` zeros (about 1 MiB compressed per GiB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", DOCUMENT)
        block = b"\x00" * (16 * 1024 * 1024)
        with archive.open("word/media/image1.png", "w", force_zip64=True) as entry:
            for _ in range(inner_bytes // len(block)):
                entry.write(block)
    return out.getvalue()


def test_a_docx_with_a_1_gib_inner_file_is_refused_as_a_zip_bomb(tree):
    data = zip_bomb(1024 * 1024 * 1024)
    assert len(data) < 3 * 1024 * 1024
    error = refused("sk.docx", data, tree["upt"])
    assert error.code == "container_bomb"
    assert "terlalu besar" in error.message


def test_a_directory_that_lies_about_sizes_is_caught_while_inflating(tree):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", DOCUMENT)
        archive.writestr("word/media/image1.png", b"\x00" * (8 * 1024 * 1024))
    data = bytearray(out.getvalue())
    # Declare 1 KiB for the 8 MiB entry, in its local header (name at +30, size at +22)
    # and in the central directory (name at +46, size at +24).
    name = b"word/media/image1.png"
    local = data.find(name) - 30
    central = data.find(name, local + 31) - 46
    for at in (local + 22, central + 24):
        data[at : at + 4] = (1024).to_bytes(4, "little")
    assert (
        zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/media/image1.png").file_size == 1024
    )
    assert refused("sk.docx", bytes(data), tree["upt"]).code == "container_broken"


def test_too_many_entries_are_refused(tree, settings):
    settings.FILE_CONTAINER_MAX_ENTRIES = 10
    extra = [(f"word/media/image{i}.png", samples.png()) for i in range(12)]
    assert refused("sk.docx", docx_with(*extra), tree["upt"]).code == "container_bomb"


@pytest.mark.parametrize(
    ("name", "maker"),
    [
        ("sk.docx", samples.docx),
        ("sk.docx", samples.docx_libreoffice_order),
        ("rekap.xlsx", samples.xlsx),
        ("laporan.odt", samples.odt),
    ],
)
def test_ordinary_office_files_are_accepted(tree, name, maker):
    assert store(name, maker(), tree["upt"]).pk


def test_an_xlsx_written_by_the_portal_export_is_accepted(tree):
    from apps.core.spreadsheets import append_row, new_workbook, workbook_bytes

    book = new_workbook()
    append_row(book.active, ["Area", "=1+1", 3])
    assert store("rencana.xlsx", workbook_bytes(book), tree["upt"]).pk


def zip_of(name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("surat.pdf", samples.pdf() + b"\n<html><body><script>alert(document.cookie)</script>"),
        ("surat.pdf", samples.pdf()[:200] + b"<svg onload=alert(1)>" + samples.pdf()[200:]),
        ("foto.png", samples.png() + b"<script>alert(1)</script>"),
        ("foto.jpg", JPEG + b"<!DOCTYPE html><p>x"),
        ("video.mp4", samples.mp4()[:40] + b"<html><script>alert(1)</script></html>"),
    ],
)
def test_a_file_that_is_also_a_web_page_is_refused(tree, name, data):
    error = refused(name, data, tree["upt"])
    assert error.code == "polyglot" and "halaman web" in error.message


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("foto.jpg", JPEG + zip_of("run.sh", b"echo pwned")),
        ("foto.png", samples.png() + zip_of("a.txt", b"x")),
        ("surat.pdf", samples.pdf() + zip_of("payload.js", b"x")),
        ("video.mp4", samples.mp4() + zip_of("a.txt", b"x")),
    ],
)
def test_a_file_carrying_an_appended_archive_is_refused(tree, name, data):
    error = refused(name, data, tree["upt"])
    assert error.code == "polyglot" and "arsip ZIP" in error.message


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("surat.pdf", samples.pdf()),
        ("foto.png", samples.png()),
        ("foto.jpg", JPEG),
        ("video.mp4", samples.mp4()),
        ("video.mov", samples.mov()),
    ],
)
def test_ordinary_pictures_pdfs_and_videos_are_accepted(tree, name, data):
    assert store(name, data, tree["upt"]).pk
