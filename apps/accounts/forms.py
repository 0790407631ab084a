from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.translation import gettext_lazy as _

from apps.core.choices import Area
from apps.core.forms import BootstrapFormMixin
from apps.core.nip import NIPFormField
from apps.units.models import Unit
from apps.units.pickers import offer_units

from .roles import Role

# The texts of Django's account forms in one voice: "e-mail", "kata sandi", "Anda"
# (Django's Indonesian catalogue mixes "email"/"e-mail", "sandi"/"kata sandi", "anda").
EMAIL_ERRORS = {
    "required": _("E-mail wajib diisi."),
    "invalid": _("Masukkan alamat e-mail yang benar, mis. nama@instansi.go.id."),
}
PASSWORD_REQUIRED = {"required": _("Kata sandi wajib diisi.")}


def _email_field(**attrs) -> forms.EmailField:
    return forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email", **attrs}),
    )


class NewPasswordFieldsMixin:
    """Labels and help of the two new-password fields (set and change forms)."""

    error_messages = {"password_mismatch": _("Kedua kata sandi tidak sama. Ketik ulang.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label = _("Kata sandi baru")
        second.label = _("Konfirmasi kata sandi baru")
        second.help_text = _("Ketik ulang kata sandi baru yang sama.")
        for field in (first, second):
            field.error_messages.update(PASSWORD_REQUIRED)


class LoginForm(BootstrapFormMixin, AuthenticationForm):
    username = _email_field(autofocus=True)
    error_messages = {
        "invalid_login": _(
            "E-mail atau kata sandi salah. Periksa lagi; huruf besar dan kecil pada kata "
            "sandi dibedakan."
        ),
        "inactive": _("Akun ini tidak aktif. Hubungi Admin Instansi Anda."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Kata sandi")
        self.fields["password"].error_messages.update(PASSWORD_REQUIRED)


class CeleryPasswordResetForm(BootstrapFormMixin, PasswordResetForm):
    """Django's reset form, but the e-mail goes through the outbox to the Celery worker."""

    email = _email_field(autofocus=True)

    def save(self, *args, **kwargs):
        from django.db import transaction

        from .tasks import account_email_queue

        with transaction.atomic():
            for user in self.get_users(self.cleaned_data["email"]):
                account_email_queue(user=user, kind="password_reset")


def area_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Area"),
        choices=[("", _("— tidak ada —")), *Area.choices],
        required=False,
        help_text=_("Wajib untuk Ketua Pokja, Anggota Pokja dan Penilai TPU."),
    )


class PersonForm(BootstrapFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    nip = NIPFormField(
        label=_("NIP"),
        required=False,
        help_text=_("18 angka (spasi, titik atau tanda minus dibuang); kosongkan untuk non-ASN."),
    )
    phone = forms.CharField(label=_("Telepon/WhatsApp"), max_length=30, required=False)


class PersonEditForm(PersonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["email"]


class InviteForm(PersonForm):
    """An invitation: who, and optionally the role given when they accept."""

    unit = forms.ModelChoiceField(
        label=_("Unit peran"), queryset=Unit.objects.none(), required=False
    )
    role = forms.ChoiceField(
        label=_("Peran"), choices=[("", _("— tanpa peran —")), *Role.choices], required=False
    )
    area = area_field()

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        offer_units(self.fields["unit"], units, purpose="admin")
        self.fields["unit"].help_text = _("Opsional: peran ini diberikan saat undangan diterima.")


class RoleAssignForm(BootstrapFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Peran"), choices=Role.choices)
    area = area_field()

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        offer_units(self.fields["unit"], units, purpose="admin")


class StyledSetPasswordForm(NewPasswordFieldsMixin, BootstrapFormMixin, SetPasswordForm):
    pass


class StyledPasswordChangeForm(NewPasswordFieldsMixin, BootstrapFormMixin, PasswordChangeForm):
    error_messages = {
        **NewPasswordFieldsMixin.error_messages,
        "password_incorrect": _("Kata sandi lama salah. Ketik ulang."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Kata sandi lama")
        self.fields["old_password"].error_messages.update(PASSWORD_REQUIRED)


class ApiTokenForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Nama token"),
        max_length=100,
        help_text=_("Untuk apa token ini, mis. \u201cskrip rekap bukti\u201d."),
    )
