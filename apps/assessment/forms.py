from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.core.forms import BootstrapFormMixin
from apps.core.pickers import offer

from .models import CycleFacts, Level
from .pickers import PLACEHOLDER, person_label

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
            "Hanya yang memenuhi syarat yang ditawarkan: TPU – Penilai TPU; TPI – Penilai "
            "TPI; mandiri – Pimpinan Unit atau Ketua Tim Kerja unit ini. Penilai TPU/TPI "
            "tanpa peran di unit yang dinilai."
        ),
    )
    seed = forms.BooleanField(
        label=_("Mulai dari jawaban tingkat di bawahnya (harus sudah final)"), required=False
    )

    def __init__(self, *args, people, levels=None, leads=(), picker_url="", **kwargs):
        """``people`` validates (so that a crafted choice reaches the service and gets
        its precise refusal); the lists offer only the ``levels`` that can be opened now
        and only who may lead them (``leads``: pickers.lead_sources, one group per level;
        the search at ``picker_url`` narrows them to the level chosen)."""
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = people
        self.fields["lead"].label_from_instance = person_label
        if levels is not None:
            self.fields["level"].widget.choices = [(level, Level(level).label) for level in levels]
            offer(
                self.fields["lead"],
                *leads,
                url=picker_url,
                empty_label=_("— pilih ketua —"),
                depends={"level": self["level"].auto_id},
                placeholder=PLACEHOLDER,
            )


class AssignForm(BootstrapFormMixin, forms.Form):
    user = forms.ModelChoiceField(
        label=_("Penilai"), queryset=User.objects.none(), help_text=COI_HELP
    )
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args, people, areas, eligible=None, picker_url="", **kwargs):
        """``people`` validates; ``eligible`` (pickers.assessor_sources, when given) is
        what the picker offers, searched at ``picker_url``."""
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
        self.fields["user"].label_from_instance = person_label
        self.fields["user"].empty_label = _("— pilih penilai —")
        if eligible is not None:
            offer(self.fields["user"], *eligible, url=picker_url, placeholder=PLACEHOLDER)
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
