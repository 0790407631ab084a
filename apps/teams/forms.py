from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.choices import Area
from apps.core.forms import BootstrapFormMixin
from apps.core.pickers import SearchSelect, offer, pick
from apps.declaration.models import Placement

from .models import ActionPlanItem, Function
from .pickers import PLACEHOLDER, agent_sources, member_sources, person_label

AREA_CHOICES = [("", _("— tanpa area —")), *Area.choices]
# Long texts of a Rencana Aksi row (TextField in the model) are bounded here and in the
# service, so that a pasted document is refused with a message rather than stored.
ACTION_TEXT_LIMIT = 2000


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class MemberForm(BootstrapFormMixin, forms.Form):
    """A member is picked from the unit's staff roster (apps.declaration) or among the
    agency's other users; a roster person without an account is invited by e-mail."""

    person = forms.CharField(label=_("Pegawai"), widget=SearchSelect)
    email = forms.EmailField(
        label=_("E-mail undangan"),
        required=False,
        max_length=254,
        help_text=_(
            "Hanya untuk pegawai daftar unit yang belum memiliki akun portal (bila e-mail "
            "di daftar pegawai kosong): ia menerima undangan untuk membuat kata sandi."
        ),
    )
    function = forms.ChoiceField(label=_("Fungsi"), choices=Function.choices)
    area = forms.ChoiceField(
        label=_("Area (untuk Ketua/Anggota Pokja)"), choices=AREA_CHOICES, required=False
    )
    position = forms.CharField(
        label=_("Jabatan"),
        max_length=150,
        required=False,
        help_text=_("Kosongkan untuk memakai jabatan di daftar pegawai."),
    )

    def __init__(self, *args, roster, people, picker_url="", **kwargs):
        """``roster``: current placements of the unit (with employee); ``people``: the
        agency's active users. Both are searched, never loaded whole."""
        super().__init__(*args, **kwargs)
        self.sources = member_sources(roster, people)
        offer(
            self.fields["person"],
            *self.sources,
            url=picker_url,
            empty_label=_("— pilih —"),
            placeholder=PLACEHOLDER,
        )

    def clean_person(self):
        key = self.cleaned_data["person"]
        picked = pick(self.sources, key)
        if picked is None:
            raise ValidationError(
                forms.ChoiceField.default_error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": key},
            )
        return picked

    def clean(self):
        data = super().clean()
        picked = data.get("person")
        data["employee"] = None
        data["user"] = None
        if isinstance(picked, Placement):
            data["employee"] = picked.employee
            if not data.get("position"):
                data["position"] = picked.position
        elif picked is not None:
            data["user"] = picked
        return data

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "user": data["user"],
            "employee": data["employee"],
            "email": data.get("email") or "",
            "function": data["function"],
            "area": data.get("area") or "",
            "position": data.get("position") or "",
        }


class AgentForm(BootstrapFormMixin, forms.Form):
    user = PersonChoiceField(label=_("Pegawai"), queryset=None, empty_label=_("— pilih —"))
    position = forms.CharField(label=_("Jabatan"), max_length=150, required=False)

    def __init__(self, *args, people, picker_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
        offer(self.fields["user"], *agent_sources(people), url=picker_url, placeholder=PLACEHOLDER)


class DecreeForm(BootstrapFormMixin, forms.Form):
    number = forms.CharField(label=_("Nomor SK"), max_length=120)
    signed_on = forms.DateField(
        label=_("Tanggal SK"), widget=forms.DateInput(attrs={"type": "date"})
    )


def _limit(field: str) -> int:
    return ActionPlanItem._meta.get_field(field).max_length or ACTION_TEXT_LIMIT


class ActionItemForm(BootstrapFormMixin, forms.Form):
    value = forms.CharField(label=_("Nilai organisasi"), max_length=_limit("value"))
    outcome = forms.CharField(
        label=_("Sasaran output/outcome"),
        max_length=ACTION_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    indicator = forms.CharField(label=_("Indikator kinerja"), max_length=_limit("indicator"))
    target = forms.CharField(label=_("Target"), max_length=_limit("target"))
    activities = forms.CharField(
        label=_("Kegiatan"), max_length=ACTION_TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 2})
    )
    timing = forms.CharField(label=_("Waktu"), max_length=_limit("timing"))
    pic = forms.CharField(label=_("PIC"), max_length=_limit("pic"))
