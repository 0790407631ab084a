from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from apps.core.forms import BootstrapFormMixin

from .models import Unit, UnitType
from .pickers import offer_units


class UnitForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "unit_type",
            "address",
            "head_name",
            "head_nip",
            "head_title",
            "time_zone",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}
        # Form classes are built at import time, outside any tenant scope.
        field_classes = {"unit_type": SafeModelChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_type"].queryset = UnitType.objects.all()
        self.fields["unit_type"].empty_label = _("— pilih jenis unit —")
        # Not sent (an older form, a script): the unit keeps its zone, a new unit takes
        # its parent's (units.services.unit_create).
        self.fields["time_zone"].required = False

    def _post_clean(self):
        # Model validation runs in the service (unit_create / unit_update) only.
        pass

    def clean_time_zone(self) -> str:
        value = self.cleaned_data.get("time_zone") or ""
        return value or (self.instance.time_zone if self.instance.pk else "")


class UnitMoveForm(BootstrapFormMixin, forms.Form):
    new_parent = forms.ModelChoiceField(
        label=_("Pindahkan ke bawah unit"), queryset=Unit.objects.none(), empty_label=None
    )
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, unit: Unit, units, **kwargs):
        """Validates against ``units``, offers them without ``unit``'s subtree."""
        super().__init__(*args, **kwargs)
        offer_units(self.fields["new_parent"], units, purpose="admin", outside=unit)


class UnitImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Berkas unit (.xlsx atau .csv)"),
        help_text=_(
            "Kolom: kode, nama, jenis, kode_induk, alamat, nama_pimpinan, nip_pimpinan, jabatan_pimpinan"
        ),
    )
