"""Pure rules of the identification: what is still missing, and the normalisation of a
service user's contact data. No database access."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from .models import REQUIREMENTS, SakipGrade

# FRM-03 part C has ten numbered rows: the list TPU expects before a unit is a candidate.
MIN_SERVICE_USERS = 10
# FRM-03 part B: "Hasil Tahun Lalu (y-1) minimal B".
SAKIP_MINIMUM = SakipGrade.B
SAKIP_ORDER = list(SakipGrade.values)  # best first


def sakip_at_least(grade: str, minimum: str = SAKIP_MINIMUM) -> bool:
    return grade in SAKIP_ORDER and SAKIP_ORDER.index(grade) <= SAKIP_ORDER.index(minimum)


def missing_items(identification, service_user_count: int) -> list[str]:
    """Everything that keeps ``identification`` from being complete, in FRM-03 order, as
    sentences for the unit. Empty: the TPU may declare it complete."""
    year = identification.cycle.year
    items: list[str] = []
    for prefix, label in REQUIREMENTS:
        value = getattr(identification, prefix)
        if value is None:
            items.append(
                _("Persyaratan administrasi belum diperiksa TPU: %(req)s") % {"req": label}
            )
        elif value is False:
            items.append(_("Persyaratan administrasi belum terpenuhi: %(req)s") % {"req": label})
    if identification.lhkan_percent is None:
        items.append(_("Persentase pelaporan LHKAN belum diisi."))
    if identification.tlhp_percent is None:
        items.append(_("Persentase tindak lanjut hasil pemeriksaan (TLHP) belum diisi."))
    if not identification.sakip_grade:
        items.append(_("Nilai SAKIP tahun %(year)s belum diisi.") % {"year": year - 1})
    elif not sakip_at_least(identification.sakip_grade):
        items.append(
            _("Nilai SAKIP tahun %(year)s (%(grade)s) di bawah batas minimal %(min)s.")
            % {"year": year - 1, "grade": identification.sakip_grade, "min": SAKIP_MINIMUM}
        )
    for offset in (1, 2, 3):
        value = getattr(identification, f"pk_y{offset}")
        if value is None:
            items.append(
                _("Keberadaan Perjanjian Kinerja tahun %(year)s belum diisi.")
                % {"year": year - offset}
            )
        elif value is False:
            items.append(
                _("Perjanjian Kinerja tahun %(year)s belum ada.") % {"year": year - offset}
            )
    for offset in (1, 2):
        if getattr(identification, f"realisation_y{offset}") is None:
            items.append(
                _("Capaian realisasi kinerja tahun %(year)s belum diisi.") % {"year": year - offset}
            )
    if service_user_count < MIN_SERVICE_USERS:
        items.append(
            _("Data pengguna layanan baru %(n)s dari minimal %(min)s orang.")
            % {"n": service_user_count, "min": MIN_SERVICE_USERS}
        )
    return items


# --- before the unit submits -----------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    """One part of FRM-03 the unit must fill before submitting: ``gap`` says what is
    still missing ("" when done)."""

    key: str
    label: str
    gap: str

    @property
    def done(self) -> bool:
        return not self.gap


def _years(year: int, offsets, empty) -> list[str]:
    return [str(year - i) for i in offsets if empty(i)]


def submission_checklist(identification, service_user_count: int) -> list[ChecklistItem]:
    """FRM-03 parts B and C as the unit fills them, in the form's order. Only emptiness
    counts here: whether a value is good enough (SAKIP ≥ B, PK present, ten service users)
    is the TPU's judgement when it decides (``missing_items``)."""
    ident = identification
    year = ident.cycle.year
    pk_empty = _years(year, (1, 2, 3), lambda i: getattr(ident, f"pk_y{i}") is None)
    real_empty = _years(year, (1, 2), lambda i: getattr(ident, f"realisation_y{i}") is None)
    return [
        ChecklistItem(
            "lhkan_percent",
            _("Persentase pelaporan LHKAN"),
            "" if ident.lhkan_percent is not None else _("Persentase pelaporan LHKAN belum diisi."),
        ),
        ChecklistItem(
            "tlhp_percent",
            _("Persentase tindak lanjut hasil pemeriksaan (TLHP)"),
            ""
            if ident.tlhp_percent is not None
            else _("Persentase tindak lanjut hasil pemeriksaan (TLHP) belum diisi."),
        ),
        ChecklistItem(
            "sakip_grade",
            _("Nilai SAKIP tahun %(year)s") % {"year": year - 1},
            ""
            if ident.sakip_grade
            else _("Nilai SAKIP tahun %(year)s belum diisi.") % {"year": year - 1},
        ),
        ChecklistItem(
            "pk",
            _("Perjanjian Kinerja 3 tahun terakhir (%(years)s)")
            % {"years": ", ".join(str(year - i) for i in (1, 2, 3))},
            ""
            if not pk_empty
            else _("Keberadaan Perjanjian Kinerja tahun %(years)s belum diisi.")
            % {"years": ", ".join(pk_empty)},
        ),
        ChecklistItem(
            "realisation",
            _("Capaian realisasi kinerja utama (%(years)s)")
            % {"years": ", ".join(str(year - i) for i in (1, 2))},
            ""
            if not real_empty
            else _("Capaian realisasi kinerja tahun %(years)s belum diisi.")
            % {"years": ", ".join(real_empty)},
        ),
        ChecklistItem(
            "service_users",
            _("Data pengguna layanan (paling sedikit satu; TPU meminta %(min)s)")
            % {"min": MIN_SERVICE_USERS},
            ""
            if service_user_count > 0
            else _("Belum ada data pengguna layanan: tambahkan paling sedikit satu orang."),
        ),
    ]


def submission_gaps(identification, service_user_count: int) -> list[str]:
    """What keeps the unit from submitting: the gaps of ``submission_checklist``."""
    return [
        item.gap
        for item in submission_checklist(identification, service_user_count)
        if not item.done
    ]


# --- service users ----------------------------------------------------------------------

_PHONE_NOISE = re.compile(r"[\s\-.()/]")
# Indonesian numbers as people write them, with the leading 0 (the national number is one
# digit shorter): mobile numbers start 08 and have 10–13 digits; fixed lines start with
# an area code (021, 022, 0274 …) and have 9–12 digits.
MOBILE_DIGITS = (10, 13)
LANDLINE_DIGITS = (9, 12)
TEXT_MAX = 200  # name and service of a service user
EMAIL_MAX = 254


def normalize_phone(raw: str) -> str:
    """``0812-3456-7890``, ``62 812…``, ``+62 812…`` and ``812…`` (Excel drops the leading
    0 of a number typed into a number cell) all become ``+628123…``; empty stays empty.
    Raises ValidationError with a message for the user that states the bounds."""
    text = _PHONE_NOISE.sub("", str(raw or "").strip())
    if not text:
        return ""
    shown = str(raw).strip()[:40]
    if text.startswith("+62"):
        national = text[3:]
    elif text.startswith("62"):
        national = text[2:]
    elif text.startswith("0"):
        national = text[1:]
    elif text.startswith("8"):
        national = text
    else:
        raise ValidationError(
            _(
                "No. telp./WA %(value)s tidak dikenal: tulis nomor Indonesia seperti "
                "0812xxxxxxxx atau +62812xxxxxxxx."
            )
            % {"value": shown}
        )
    if not national.isascii() or not national.isdigit():
        raise ValidationError(
            _("No. telp./WA %(value)s hanya boleh berisi angka, mis. 0812xxxxxxxx.")
            % {"value": shown}
        )
    if national[0] in "01":
        raise ValidationError(
            _(
                "No. telp./WA %(value)s tidak dikenal: setelah 0 (atau +62) harus ada kode "
                "wilayah atau 8 untuk nomor HP, mis. 0812xxxxxxxx atau 0224231234."
            )
            % {"value": shown}
        )
    digits = len(national) + 1  # as written with the leading 0
    if national.startswith("8"):
        (low, high), kind, example = MOBILE_DIGITS, _("nomor HP"), "0812 3456 7890"
    else:
        (low, high), kind, example = LANDLINE_DIGITS, _("nomor telepon"), "022 4231 234"
    if not low <= digits <= high:
        raise ValidationError(
            _(
                "No. telp./WA %(value)s terlalu %(what)s: %(kind)s terdiri dari %(low)s–%(high)s "
                "angka bila ditulis dengan 0 di depan (mis. %(example)s); nomor ini %(n)s angka."
            )
            % {
                "value": shown,
                "what": _("pendek") if digits < low else _("panjang"),
                "kind": kind,
                "low": low,
                "high": high,
                "example": example,
                "n": digits,
            }
        )
    return "+62" + national


def normalize_email(raw: str) -> str:
    email = str(raw or "").strip().lower()
    if not email:
        return ""
    if len(email) > EMAIL_MAX:
        raise ValidationError(
            _("Alamat e-mail paling banyak %(max)s karakter (sekarang %(n)s).")
            % {"max": EMAIL_MAX, "n": len(email)}
        )
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            _("Alamat e-mail %(value)s tidak valid.") % {"value": str(raw).strip()}
        ) from None
    return email


def clean_person_text(raw, *, kind: str) -> str:
    """A service user's name (``kind="name"``) or service: spaces collapsed, required,
    at most TEXT_MAX characters; a name must contain a letter."""
    text = " ".join(str(raw or "").split())
    if not text:
        raise ValidationError(_("Wajib diisi."))
    if len(text) > TEXT_MAX:
        raise ValidationError(
            _("Paling banyak %(max)s karakter (sekarang %(n)s).")
            % {"max": TEXT_MAX, "n": len(text)}
        )
    if kind == "name" and not any(ch.isalpha() for ch in text):
        raise ValidationError(_("Nama harus berisi huruf, bukan hanya angka atau tanda baca."))
    return text


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def parse_date(raw, *, today: date) -> date:
    """A finished date from a form or a file cell: ISO or dd/mm/yyyy, not in the future."""
    if isinstance(raw, datetime):
        value = raw.date()
    elif isinstance(raw, date):
        value = raw
    else:
        text = str(raw or "").strip()
        if not text:
            raise ValidationError(_("Tanggal selesai layanan wajib diisi."))
        for fmt in _DATE_FORMATS:
            try:
                value = datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
        else:
            raise ValidationError(
                _("Tanggal %(value)s tidak dikenal: tulis seperti 31/01/2026 atau 2026-01-31.")
                % {"value": text}
            )
    if value > today:
        raise ValidationError(
            _("Tanggal selesai layanan %(date)s belum terjadi (di masa depan).")
            % {"date": value.strftime("%d/%m/%Y")}
        )
    if value.year < 2000:
        raise ValidationError(_("Tanggal selesai layanan sebelum tahun 2000 tidak diterima."))
    return value


def parse_percent(raw, *, maximum: int = 100) -> Decimal | None:
    """A percentage between 0 and ``maximum`` (100, or REALISATION_MAX for key-target
    realisation) with at most two decimals; ``,`` as the decimal separator is accepted
    (Indonesian spelling). Empty: None."""
    text = str(raw if raw is not None else "").strip().replace("%", "").replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("Persentase harus berupa angka, mis. 98,50.")) from None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(maximum):
        if maximum == 100:
            raise ValidationError(_("Persentase harus antara 0 dan 100."))
        raise ValidationError(
            _(
                "Capaian realisasi kinerja harus antara 0 dan %(max)s persen (melebihi 100 "
                "boleh bila target terlampaui)."
            )
            % {"max": maximum}
        )
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(_("Persentase paling banyak dua angka di belakang koma."))
    return value.quantize(Decimal("0.01"))
