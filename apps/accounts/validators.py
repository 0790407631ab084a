"""NIP (Nomor Induk Pegawai): 18 digits = birth date (8) + appointment month (6) + sex (1) + serial (3)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Separators of NIP as printed on decrees and ID cards: "19830606 200801 1 011",
# "19830606.200801.1.011", "19830606-200801-1-011" (any whitespace, incl. no-break space).
_NIP_SEPARATORS = re.compile(r"[\s.\-]+")


def normalise_nip(value):
    """A NIP as typed or pasted, reduced to its digits: spaces, dots and dashes go; every
    other character stays, so validate_nip still refuses letters. None stays None."""
    if value is None:
        return None
    return _NIP_SEPARATORS.sub("", str(value))


def validate_nip(value: str) -> None:
    # Only ASCII digits: str.isdigit() would also accept "²" or Arabic-Indic digits.
    if not re.fullmatch(r"[0-9]{18}", value):
        raise ValidationError(_("NIP harus terdiri dari 18 angka."), code="nip_format")
    try:
        born = datetime.date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        raise ValidationError(
            _("NIP tidak valid: 8 angka pertama harus tanggal lahir (TTTTBBHH)."),
            code="nip_birth_date",
        ) from None
    year, month = int(value[8:12]), int(value[12:14])
    if not 1 <= month <= 12 or year < born.year + 15:
        raise ValidationError(
            _("NIP tidak valid: angka ke-9 s.d. 14 harus bulan pengangkatan (TTTTBB)."),
            code="nip_tmt",
        )
    if value[14] not in "12":
        raise ValidationError(
            _("NIP tidak valid: angka ke-15 (jenis kelamin) harus 1 atau 2."), code="nip_sex"
        )
