from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.core.forms import BootstrapFormMixin

from .models import CycleFacts, Level

COI_HELP = _(
    "Siapa pun yang memegang peran di unit yang dinilai (atau di unit di bawahnya) tidak "
    "dapat ditugaskan sebagai penilai TPU/TPI: benturan kepentingan."
)


def _person(user) -> str:
    return f"{user.full_name} ({user.email})"


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

    def __init__(self, *args, people, leads_by_level: dict | None = None, **kwargs):
        """``people`` validates (so that a crafted choice reaches the service and gets
        its precise refusal); the lists offer only the levels that can be opened now and,
        per level, only who may lead it (``leads_by_level``: level → users)."""
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = people
        self.fields["lead"].label_from_instance = _person
        if leads_by_level is not None:
            self.fields["level"].widget.choices = [
                (level, Level(level).label) for level in leads_by_level
            ]
            self.fields["lead"].widget.choices = [
                ("", _("— pilih ketua —")),
                *(
                    (Level(level).label, [(u.pk, _person(u)) for u in users])
                    for level, users in leads_by_level.items()
                ),
            ]


class AssignForm(BootstrapFormMixin, forms.Form):
    user = forms.ModelChoiceField(
        label=_("Penilai"), queryset=User.objects.none(), help_text=COI_HELP
    )
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args, people, areas, eligible=None, **kwargs):
        """``people`` validates; ``eligible`` (when given) is what the list offers."""
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
        self.fields["user"].label_from_instance = _person
        self.fields["user"].empty_label = _("— pilih penilai —")
        if eligible is not None:
            self.fields["user"].widget.choices = [
                ("", _("— pilih penilai —")),
                *((u.pk, _person(u)) for u in eligible),
            ]
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
