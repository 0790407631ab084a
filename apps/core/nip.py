"""NIP (Nomor Induk Pegawai): 18 digits = birth date (8) + appointment month (6) + sex (1) + serial (3).

Its validators and fields live below every app: people (accounts), unit heads (units),
employees (declaration) and agency contacts (tenants) all carry one.

NIP fields: what a person pastes in its printed form is stored as 18 digits.
The model field normalises in ``to_python`` (run by ``full_clean`` before the length and
NIP validators), so every service that cleans its model accepts "19830606 200801 1 011";
the form field does the same before its own validation and shows no 18-character limit
that the printed form would exceed.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
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


class NIPFormField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)  # the printed form is longer; the digits are checked
        kwargs.setdefault("validators", [validate_nip])
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalise_nip(super().to_python(value))


class NIPField(models.CharField):
    def to_python(self, value):
        return normalise_nip(super().to_python(value))

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", NIPFormField)
        return super().formfield(**kwargs)
