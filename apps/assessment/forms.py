from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.core.forms import BootstrapFormMixin

from .models import CycleFacts, Level

COI_HELP = _(
    "Siapa pun yang memegang peran di unit yang dinilai (atau di unit di bawahnya) tidak "
    "dapat ditugaskan sebagai penilai TPU/TPI: benturan kepentingan."
)


class OpenForm(BootstrapFormMixin, forms.Form):
    level = forms.ChoiceField(label=_("Tingkat penilaian"), choices=Level.choices)
    lead = forms.ModelChoiceField(
        label=_("Ketua penilai"),
        queryset=User.objects.none(),
        help_text=_(
            "TPU: seorang Penilai TPU; TPI: seorang Penilai TPI; mandiri: Pimpinan Unit atau "
            "Ketua Tim Kerja."
        ),
    )
    seed = forms.BooleanField(
        label=_("Mulai dari jawaban tingkat di bawahnya (harus sudah final)"), required=False
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = people
        self.fields["lead"].empty_label = _("— pilih ketua —")
        self.fields["lead"].label_from_instance = lambda u: f"{u.full_name} ({u.email})"


class AssignForm(BootstrapFormMixin, forms.Form):
    user = forms.ModelChoiceField(
        label=_("Penilai"), queryset=User.objects.none(), help_text=COI_HELP
    )
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args, people, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
        self.fields["user"].empty_label = _("— pilih penilai —")
        self.fields["user"].label_from_instance = lambda u: f"{u.full_name} ({u.email})"
        self.fields["area"].choices = [("", _("Seluruh area")), *areas]


class ReopenForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Alasan membuka kembali"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Berkas Excel LKE (.xlsx)"),
        help_text=_("Berkas hasil “Unduh Excel” dari penilaian ini, setelah diisi."),
    )


class FactsForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = CycleFacts
        fields = [
            "declared_on",
            "building_start",
            "sakip_grade",
            "tlhp_percent",
            "lhkan_percent",
            "key_target_percent",
            "key_target_prev_percent",
            "holds_wbk_since",
            "revoked_at",
        ]
        widgets = {
            name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for name in ("declared_on", "building_start", "holds_wbk_since", "revoked_at")
        }
