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
from apps.units.models import Unit

from .fields import NIPFormField
from .roles import Role


class LoginForm(BootstrapFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class CeleryPasswordResetForm(BootstrapFormMixin, PasswordResetForm):
    """Django's reset form, but the e-mail is sent by the Celery worker."""

    def save(self, *args, **kwargs):
        from django.db import transaction

        from .tasks import send_account_email

        for user in self.get_users(self.cleaned_data["email"]):
            transaction.on_commit(lambda pk=user.pk: send_account_email.delay(pk, "password_reset"))


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


class RoleAssignForm(BootstrapFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Peran"), choices=Role.choices)
    area = forms.ChoiceField(
        label=_("Area"),
        choices=[("", _("— tidak ada —")), *Area.choices],
        required=False,
        help_text=_("Wajib untuk Ketua Pokja, Anggota Pokja dan Penilai TPU."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: (
            f"{'· ' * (u.depth - 1)}{u.name} ({u.code})"
        )


class StyledSetPasswordForm(BootstrapFormMixin, SetPasswordForm):
    pass


class StyledPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    pass
