from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BootstrapFormMixin

WITNESS_ROWS = 4
# A NIP may be pasted as printed, with spaces or dots ("19830606 200801 1 011"): the
# service keeps its 18 digits, so the field takes the printed length.
NIP_INPUT_MAX = 30
NIP_HELP = _("18 angka; boleh ditulis seperti tercetak, mis. 19830606 200801 1 011.")


class DeclarationForm(BootstrapFormMixin, forms.Form):
    declared_on = forms.DateField(
        label=_("Tanggal pencanangan"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Hari dihitung dari tanggal ini pada piagam."),
    )
    place = forms.CharField(label=_("Tempat"), max_length=150)
    head_name = forms.CharField(label=_("Nama pimpinan unit"), max_length=150)
    head_title = forms.CharField(label=_("Jabatan pimpinan unit"), max_length=150)
    head_nip = forms.CharField(
        label=_("NIP pimpinan unit"),
        max_length=NIP_INPUT_MAX,
        required=False,
        help_text=NIP_HELP,
    )


class WitnessForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Nama saksi"), max_length=150, required=False)
    title = forms.CharField(label=_("Jabatan"), max_length=150, required=False)
    institution = forms.CharField(label=_("Instansi/unit"), max_length=200, required=False)


def witness_formset(data=None, initial=None) -> forms.BaseFormSet:
    initial = list(initial or [])
    formset_class = forms.formset_factory(
        WitnessForm, extra=max(WITNESS_ROWS - len(initial), 1), max_num=10, absolute_max=10
    )
    return formset_class(data, initial=initial, prefix="saksi")


class EmployeeForm(BootstrapFormMixin, forms.Form):
    nip = forms.CharField(label=_("NIP"), max_length=NIP_INPUT_MAX, help_text=NIP_HELP)
    name = forms.CharField(label=_("Nama"), max_length=150)
    position = forms.CharField(label=_("Jabatan"), max_length=150)
    lhkpn_obliged = forms.BooleanField(label=_("Wajib LHKPN"), required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Opsional: menghubungkan pegawai dengan akun portalnya."),
    )
    accept_move = forms.BooleanField(
        label=_("Jika pegawai masih tercatat di unit lain, pindahkan ke unit ini"),
        required=False,
    )


class RosterImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Berkas daftar pegawai (.xlsx atau .csv)"),
        help_text=_("Kolom: nip, nama, jabatan, wajib_lhkpn, email"),
    )


class PlacementEndForm(BootstrapFormMixin, forms.Form):
    ended_on = forms.DateField(
        label=_("Tanggal keluar"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(label=_("Alasan"), max_length=300)


class PactSignForm(BootstrapFormMixin, forms.Form):
    agree = forms.BooleanField(
        label=_("Saya telah membaca dan menyetujui seluruh isi Pakta Integritas di atas."),
        required=False,
    )


class PactScanForm(BootstrapFormMixin, forms.Form):
    signed_on = forms.DateField(
        label=_("Tanggal ditandatangani"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
