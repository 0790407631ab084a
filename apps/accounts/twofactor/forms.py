from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BootstrapFormMixin

from .services import REASON_MAX_LENGTH


def _code_field(label, help_text, *, numeric: bool) -> forms.CharField:
    attrs = {"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
    if numeric:
        attrs.update(inputmode="numeric", pattern="[0-9 ]*")
    return forms.CharField(
        label=label,
        help_text=help_text,
        error_messages={"required": _("Kode verifikasi wajib diisi.")},
        widget=forms.TextInput(attrs=attrs),
    )


class ConfirmDeviceForm(BootstrapFormMixin, forms.Form):
    code = _code_field(
        _("Kode 6 angka"),
        _("Kode yang sedang tampil di aplikasi autentikator setelah Anda memindai QR."),
        numeric=True,
    )


class VerifyForm(BootstrapFormMixin, forms.Form):
    code = _code_field(
        _("Kode verifikasi"),
        _("6 angka dari aplikasi autentikator, atau salah satu kode pemulihan Anda."),
        numeric=False,
    )


class ResetForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Alasan reset"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("Mis. ponsel hilang, dilaporkan lewat telepon dan dicek atasan langsung."),
        error_messages={"required": _("Alasan reset wajib diisi.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TenantPolicyForm(BootstrapFormMixin, forms.Form):
    two_factor_required = forms.BooleanField(
        label=_("Wajibkan verifikasi dua langkah untuk semua anggota instansi"),
        required=False,
        help_text=_(
            "Admin Instansi, Verifikator dan Penilai selalu wajib. Jika dicentang, anggota "
            "lain juga harus mendaftarkan aplikasi autentikator pada saat masuk berikutnya."
        ),
    )
