"""The standard questionnaires a new survey starts from; the unit may adapt the texts,
add items and change the weights while the survey is being prepared.

SKM: the nine elements of PermenPANRB 14/2017 in the regulation's order, each with its
four answers worst first (for the cost element "gratis" is the best). IPAK: the five
aspects of the anti-corruption perception survey. IPKP: the service-quality aspects,
which follow the SKM's elements (LKE_SCORING.md §7), as statements to agree with.
"""

from django.utils.translation import gettext_lazy as _

from .models import Kind

# (code, element, question, four answers worst → best)
SKM_ITEMS = (
    (
        "U1",
        _("Persyaratan"),
        _(
            "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"
        ),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    (
        "U2",
        _("Sistem, mekanisme dan prosedur"),
        _("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?"),
        (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")),
    ),
    (
        "U3",
        _("Waktu penyelesaian"),
        _("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?"),
        (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")),
    ),
    (
        "U4",
        _("Biaya/tarif"),
        _("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?"),
        (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")),
    ),
    (
        "U5",
        _("Produk spesifikasi jenis pelayanan"),
        _(
            "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang "
            "tercantum dalam standar pelayanan dengan hasil yang diberikan?"
        ),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    (
        "U6",
        _("Kompetensi pelaksana"),
        _("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?"),
        (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")),
    ),
    (
        "U7",
        _("Perilaku pelaksana"),
        _(
            "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
            "kesopanan dan keramahan?"
        ),
        (
            _("Tidak sopan dan ramah"),
            _("Kurang sopan dan ramah"),
            _("Sopan dan ramah"),
            _("Sangat sopan dan ramah"),
        ),
    ),
    (
        "U8",
        _("Penanganan pengaduan, saran dan masukan"),
        _("Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?"),
        (
            _("Tidak ada"),
            _("Ada tetapi tidak berfungsi"),
            _("Berfungsi kurang maksimal"),
            _("Dikelola dengan baik"),
        ),
    ),
    (
        "U9",
        _("Sarana dan prasarana"),
        _("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?"),
        (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")),
    ),
)

# Perception statements: the respondent says how far the statement holds.
IPAK_ITEMS = (
    (
        "A1",
        _("Diskriminasi pelayanan"),
        _(
            "Petugas melayani semua pengguna dengan sama, tanpa membeda-bedakan (tidak diskriminatif)."
        ),
    ),
    (
        "A2",
        _("Kecurangan pelayanan"),
        _("Pelayanan diberikan sesuai prosedur, tanpa kecurangan atau penyimpangan."),
    ),
    (
        "A3",
        _("Imbalan/gratifikasi di luar ketentuan"),
        _("Petugas tidak meminta atau menerima imbalan, hadiah atau uang di luar ketentuan."),
    ),
    (
        "A4",
        _("Pungutan liar"),
        _("Tidak ada pungutan liar (biaya di luar tarif resmi) dalam pelayanan."),
    ),
    (
        "A5",
        _("Percaloan"),
        _("Tidak ada percaloan atau perantara tidak resmi dalam pelayanan."),
    ),
)

IPKP_ITEMS = (
    ("P1", _("Persyaratan"), _("Persyaratan pelayanan sesuai dengan jenis pelayanannya.")),
    ("P2", _("Prosedur"), _("Prosedur pelayanan mudah dipahami dan diikuti.")),
    ("P3", _("Waktu pelayanan"), _("Pelayanan selesai tepat waktu sesuai standar.")),
    ("P4", _("Biaya/tarif"), _("Biaya/tarif pelayanan wajar dan sesuai ketentuan.")),
    ("P5", _("Produk pelayanan"), _("Hasil pelayanan sesuai dengan standar pelayanan.")),
    ("P6", _("Kompetensi petugas"), _("Petugas kompeten dalam memberikan pelayanan.")),
    ("P7", _("Perilaku petugas"), _("Petugas melayani dengan sopan dan ramah.")),
    ("P8", _("Penanganan pengaduan"), _("Pengaduan, saran dan masukan ditangani dengan baik.")),
    ("P9", _("Sarana dan prasarana"), _("Sarana dan prasarana pelayanan nyaman dan memadai.")),
)

# Agreement answers per instrument scale, worst first.
AGREEMENT = {
    4: (_("Tidak setuju"), _("Kurang setuju"), _("Setuju"), _("Sangat setuju")),
    5: (
        _("Sangat tidak setuju"),
        _("Tidak setuju"),
        _("Ragu-ragu"),
        _("Setuju"),
        _("Sangat setuju"),
    ),
    6: (
        _("Sangat tidak setuju"),
        _("Tidak setuju"),
        _("Agak tidak setuju"),
        _("Agak setuju"),
        _("Setuju"),
        _("Sangat setuju"),
    ),
}


def standard_items(kind: str, scale: int) -> list[dict]:
    """The items of a new survey of ``kind`` on a ``scale``-point instrument."""
    if Kind(kind) == Kind.SKM:
        return [
            {
                "code": code,
                "element": str(element),
                "text": str(text),
                "labels": [str(label) for label in labels],
            }
            for code, element, text, labels in SKM_ITEMS
        ]
    rows = IPAK_ITEMS if Kind(kind) == Kind.IPAK else IPKP_ITEMS
    labels = [str(label) for label in AGREEMENT[scale]]
    return [
        {"code": code, "element": str(element), "text": str(text), "labels": labels}
        for code, element, text in rows
    ]


def title_for(kind: str, period_label: str, year: int, unit_name: str) -> str:
    from .models import SHORT_KIND

    return f"{SHORT_KIND[Kind(kind)]} {period_label} {year} – {unit_name}"
