from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.choices import Area
from apps.core.forms import BootstrapFormMixin

from .models import ActionPlanItem, Function

AREA_CHOICES = [("", _("— tanpa area —")), *Area.choices]
# Long texts of a Rencana Aksi row (TextField in the model) are bounded here and in the
# service, so that a pasted document is refused with a message rather than stored.
ACTION_TEXT_LIMIT = 2000


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.nip or obj.email})"


class MemberForm(BootstrapFormMixin, forms.Form):
    """A member is picked from the unit's staff roster (apps.declaration) or among the
    agency's other users; a roster person without an account is invited by e-mail."""

    person = forms.ChoiceField(label=_("Pegawai"))
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

    def __init__(self, *args, roster, people, **kwargs):
        """``roster``: current placements of the unit (with employee and user);
        ``people``: the agency's active users."""
        super().__init__(*args, **kwargs)
        self.placements = {f"e{p.employee_id}": p for p in roster}
        on_roster = {p.employee.user_id for p in roster if p.employee.user_id}
        self.users = {f"u{u.pk}": u for u in people if u.pk not in on_roster}
        staff = []
        for key, placement in self.placements.items():
            employee = placement.employee
            label = f"{employee.name} (NIP {employee.nip}) – {placement.position}"
            if employee.user_id is None:
                label += " · " + str(_("belum punya akun, akan diundang"))
            staff.append((key, label))
        others = [(key, f"{u.full_name} ({u.nip or u.email})") for key, u in self.users.items()]
        self.fields["person"].choices = [
            ("", _("— pilih —")),
            (_("Daftar pegawai unit ini"), staff),
            (_("Pengguna lain di instansi"), others),
        ]

    def clean(self):
        data = super().clean()
        key = data.get("person") or ""
        data["employee"] = None
        data["user"] = None
        if key in self.placements:
            data["employee"] = self.placements[key].employee
            if not data.get("position"):
                data["position"] = self.placements[key].position
        elif key in self.users:
            data["user"] = self.users[key]
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

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


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
