"""check_upload: what is refused, with which message, and what is accepted (no database)."""

import pytest

from apps.files.checks import FileKind, FileRefused, check_upload, detect_format

from . import samples


def refused(name: str, data: bytes, size: int | None = None) -> FileRefused:
    with pytest.raises(FileRefused) as info:
        check_upload(name, data[:65536], len(data) if size is None else size)
    return info.value


@pytest.mark.parametrize(("name", "make"), sorted(samples.ACCEPTED.items()))
def test_it_accepts_real_files_of_every_family(name, make):
    data = make()
    check = check_upload(name, data[:65536], len(data))
    assert check.extension == name.rsplit(".", 1)[1]
    assert check.name == name


def test_it_reports_kind_and_content_type_from_the_extension():
    pdf = check_upload("Surat Tugas.PDF", samples.pdf(), 500)
    assert (pdf.kind, pdf.content_type, pdf.extension) == (
        FileKind.DOCUMENT,
        "application/pdf",
        "pdf",
    )
    png = check_upload("foto.png", samples.png(), 70)
    assert (png.kind, png.content_type) == (FileKind.IMAGE, "image/png")
    docx = check_upload("sk.docx", samples.docx(), 900)
    assert docx.content_type.endswith("wordprocessingml.document")
    video = check_upload("rapat.mp4", samples.mp4(), 5000)
    assert (video.kind, video.content_type) == (FileKind.VIDEO, "video/mp4")
    mov = check_upload("rapat.mov", samples.mov(), 100)
    assert mov.content_type == "video/quicktime"


def test_it_accepts_jpeg_under_both_extensions():
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 100
    assert check_upload("a.jpg", jpeg, 112).content_type == "image/jpeg"
    assert check_upload("a.JPEG", jpeg, 112).extension == "jpeg"


def test_it_refuses_an_empty_file():
    error = refused("kosong.pdf", b"", 0)
    assert error.code == "empty"
    assert error.message == "Berkas kosong (0 bita) tidak dapat diunggah."


@pytest.mark.parametrize(
    "name", ["../a.pdf", "a/b.pdf", "a\\b.pdf", "..\\..\\a.pdf", "C:a.pdf", "laporan..pdf"]
)
def test_it_refuses_names_with_path_tricks(name):
    error = refused(name, samples.pdf())
    assert error.code == "bad_name"
    assert "garis miring" in error.message


@pytest.mark.parametrize("name", ["a\x07.pdf", "a\x00.pdf", "a\n.pdf", "foto\u202egnp.pdf"])
def test_it_refuses_names_with_control_characters(name):
    error = refused(name, samples.pdf())
    assert error.code == "bad_name"
    assert "karakter kontrol" in error.message


def test_it_refuses_names_over_255_characters_and_accepts_255():
    data = samples.pdf()
    assert check_upload("a" * 251 + ".pdf", data, len(data)).name == "a" * 251 + ".pdf"
    error = refused("a" * 252 + ".pdf", data)
    assert "terlalu panjang (256 karakter; paling banyak 255)" in error.message


def test_it_keeps_the_name_normalised_and_stripped():
    data = samples.pdf()
    check = check_upload("  Lapora\u006e\u0303 Kinerja.pdf ", data, len(data))
    assert check.name == "Laporañ Kinerja.pdf"


@pytest.mark.parametrize("name", ["program.exe", "catatan.txt", "halaman.html", "gambar.svg"])
def test_it_refuses_extensions_not_on_the_list(name):
    error = refused(name, b"MZ" + b"\x00" * 100)
    assert error.code == "extension"
    assert f"Jenis berkas .{name.rsplit('.', 1)[1]} tidak diizinkan." in error.message
    assert "Yang diterima: PDF" in error.message


def test_it_refuses_a_name_without_extension():
    error = refused("laporan", samples.pdf())
    assert error.code == "extension"
    assert "tidak berekstensi" in error.message


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("arsip.zip", samples.plain_zip),
        ("arsip.rar", lambda: b"Rar!\x1a\x07\x01\x00" + b"\x00" * 50),
        ("arsip.7z", lambda: b"7z\xbc\xaf\x27\x1c" + b"\x00" * 50),
        ("arsip.tar.gz", samples.gzip_bytes),
        ("arsip.tgz", samples.gzip_bytes),
        # an archive whose name claims to be a document
        ("laporan.pdf", samples.plain_zip),
        ("laporan.pdf", samples.gzip_bytes),
        ("sk.docx", samples.plain_zip),
        ("sk.docx", samples.zip_with_word_folder),
        ("sk.docx", samples.docx_inside_zip),
    ],
)
def test_it_refuses_archives(name, make):
    error = refused(name, make())
    assert error.code == "archive"
    assert error.message.startswith("Berkas arsip (ZIP, RAR, 7z, TAR, GZ) tidak diterima.")


def test_it_refuses_a_tar_archive_whatever_its_name():
    header = b"laporan.txt".ljust(257, b"\x00") + b"ustar\x0000" + b"\x00" * 300
    assert refused("arsip.tar", header).code == "archive"
    assert refused("laporan.pdf", header).code == "archive"


@pytest.mark.parametrize(
    ("name", "make", "detected"),
    [
        ("surat.pdf", samples.exe, "program Windows (EXE)"),
        ("surat.pdf", samples.html, "tidak dikenali"),
        ("surat.pdf", samples.png, "PNG"),
        ("foto.jpg", samples.png, "PNG"),
        ("foto.png", samples.pdf, "PDF"),
        ("sk.docx", samples.xlsx, "Excel (XLSX)"),
        ("rencana.xlsx", samples.docx, "Word (DOCX)"),
        ("notula.ods", samples.odt, "OpenDocument (ODT)"),
        ("video.mp4", samples.mov, "MOV"),
        ("video.mp4", samples.heic, "HEIC"),
        ("video.webm", samples.mp4, "MP4"),
        ("sk.doc", samples.docx, "Word (DOCX)"),
        ("sk.docx", samples.ole_doc, "Word (DOC)"),
    ],
)
def test_it_refuses_content_that_does_not_match_the_extension(name, make, detected):
    error = refused(name, make())
    assert error.code == "type_mismatch"
    ext = name.rsplit(".", 1)[1]
    assert error.message == (
        f"Isi berkas tidak sesuai dengan ekstensinya: namanya .{ext}, tetapi isinya "
        f"{detected}. Berkas yang jenisnya disamarkan tidak diterima."
    )


def test_wider_containers_accept_their_narrower_formats():
    # MOV carries MP4 content and MKV carries WebM; the other way round is refused above.
    data = samples.mp4()
    assert check_upload("rapat.mov", data, len(data)).content_type == "video/quicktime"
    data = samples.webm()
    assert check_upload("rapat.mkv", data, len(data)).content_type == "video/x-matroska"


def test_it_detects_formats_from_the_first_bytes():
    assert detect_format(samples.docx()) == "docx"
    assert detect_format(samples.docx_libreoffice_order()) == "docx"
    assert detect_format(samples.xlsx()) == "xlsx"
    assert detect_format(samples.odt()) == "odt"
    assert detect_format(samples.plain_zip()) == "zip"
    assert detect_format(samples.docx_inside_zip()) == "zip"
    assert detect_format(samples.mp4(brand=b"mp42")) == "mp4"
    assert detect_format(samples.mov()) == "mov"
    assert detect_format(samples.exe()) == "exe"
    assert detect_format(samples.html()) is None


@pytest.mark.parametrize(
    ("setting", "name", "make", "label"),
    [
        ("FILE_MAX_DOCUMENT_BYTES", "surat.pdf", samples.pdf, "dokumen"),
        ("FILE_MAX_IMAGE_BYTES", "foto.png", samples.png, "gambar"),
        ("FILE_MAX_VIDEO_BYTES", "rapat.mp4", samples.mp4, "video"),
    ],
)
def test_it_refuses_files_over_their_types_limit(settings, setting, name, make, label):
    data = make()
    setattr(settings, setting, len(data))
    assert check_upload(name, data, len(data))
    error = refused(name, data, len(data) + 1)
    assert error.code == "too_large"
    assert error.message.startswith("Berkas terlalu besar (")
    assert f"batas untuk {label} adalah" in error.message


def test_limits_are_per_type(settings):
    settings.FILE_MAX_DOCUMENT_BYTES = 1000
    settings.FILE_MAX_VIDEO_BYTES = 10_000
    video = samples.mp4(size=4096)
    assert check_upload("rapat.mp4", video, 5000).kind == FileKind.VIDEO
    assert refused("surat.pdf", samples.pdf(), 5000).code == "too_large"


def test_default_limits_are_25_mb_for_documents_and_images_and_500_mb_for_video():
    from django.conf import settings

    assert settings.FILE_MAX_DOCUMENT_BYTES == 25 * 1024 * 1024
    assert settings.FILE_MAX_IMAGE_BYTES == 25 * 1024 * 1024
    assert settings.FILE_MAX_VIDEO_BYTES == 500 * 1024 * 1024
