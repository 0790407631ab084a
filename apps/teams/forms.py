from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.choices import Area
from apps.core.forms import BootstrapFormMixin

from .models import Function

AREA_CHOICES = [("", _("— tanpa area —")), *Area.choices]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.nip or obj.email})"


class MemberForm(BootstrapFormMixin, forms.Form):
    user = PersonChoiceField(label=_("Pegawai"), queryset=None, empty_label=_("— pilih —"))
    function = forms.ChoiceField(label=_("Fungsi"), choices=Function.choices)
    area = forms.ChoiceField(
        label=_("Area (untuk Ketua/Anggota Pokja)"), choices=AREA_CHOICES, required=False
    )
    position = forms.CharField(label=_("Jabatan"), max_length=150, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class AgentForm(BootstrapFormMixin, forms.Form):
    user = PersonChoiceField(label=_("Pegawai"), queryset=None, empty_label=_("— pilih —"))
    position = forms.CharField(label=_("Jabatan"), max_length=150, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class DecreeForm(BootstrapFormMixin, forms.Form):
    number = forms.CharField(label=_("Nomor SK"), max_length=120)
    signed_on = forms.DateField(
        label=_("Tanggal SK"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ActionItemForm(BootstrapFormMixin, forms.Form):
    value = forms.CharField(label=_("Nilai organisasi"), max_length=200)
    outcome = forms.CharField(
        label=_("Sasaran output/outcome"), widget=forms.Textarea(attrs={"rows": 2})
    )
    indicator = forms.CharField(label=_("Indikator kinerja"), max_length=300)
    target = forms.CharField(label=_("Target"), max_length=200)
    activities = forms.CharField(label=_("Kegiatan"), widget=forms.Textarea(attrs={"rows": 2}))
    timing = forms.CharField(label=_("Waktu"), max_length=200)
    pic = forms.CharField(label=_("PIC"), max_length=150)
