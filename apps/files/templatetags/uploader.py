"""What files/_uploader.html needs to know about the accepted files."""

import json

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from apps.files.checks import ALLOWED, FileKind, max_bytes_for_kind

register = template.Library()


@register.simple_tag
def uploader_accept() -> str:
    """The file picker's ``accept`` attribute: every allowed extension."""
    return ",".join(f".{ext}" for ext in ALLOWED)


@register.simple_tag
def uploader_limits() -> str:
    """JSON {extension: max bytes}: lets the browser spare a long upload that would be
    refused for its size (the server checks again)."""
    return json.dumps({ext: max_bytes_for_kind(allowed.kind) for ext, allowed in ALLOWED.items()})


@register.simple_tag
def uploader_hint() -> str:
    return _(
        "PDF, gambar (JPG, PNG, GIF, WEBP), dokumen Office/OpenDocument maks. %(doc)s; "
        "video (MP4, WEBM, MOV, MKV, AVI) maks. %(video)s. Arsip (ZIP, RAR) tidak diterima."
    ) % {
        "doc": filesizeformat(max_bytes_for_kind(FileKind.DOCUMENT)),
        "video": filesizeformat(max_bytes_for_kind(FileKind.VIDEO)),
    }


@register.simple_tag
def uploader_messages() -> str:
    """The uploader's texts in the active language (static/js/uploader.js, TEXTS)."""
    return json.dumps(
        {
            "done": _("Selesai"),
            "failed": _("Gagal"),
            "cancel": _("Batal"),
            "cancelled": _("Dibatalkan"),
            "waiting": _("Menunggu…"),
            "uploading": _("Mengunggah"),
            "network": _("Koneksi terputus sebelum unggahan selesai. Coba lagi."),
            "forbidden": _(
                "Anda tidak berwenang mengunggah di sini, atau sesi telah berakhir. "
                "Muat ulang halaman."
            ),
            "tooLargeServer": _("Berkas terlalu besar untuk diterima server."),
            "generic": _("Unggahan gagal (kode %s). Coba lagi."),
            "tooLarge": _("Berkas terlalu besar (%s); batasnya %s."),
            "empty": _("Berkas kosong (0 bita) tidak dapat diunggah."),
        },
        ensure_ascii=False,
    )
