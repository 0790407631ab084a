"""NIP fields: what a person pastes in its printed form is stored as 18 digits.

The model field normalises in ``to_python`` (run by ``full_clean`` before the length and
NIP validators), so every service that cleans its model accepts "19830606 200801 1 011";
the form field does the same before its own validation and shows no 18-character limit
that the printed form would exceed.
"""

from django import forms
from django.db import models

from .validators import normalise_nip, validate_nip


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
