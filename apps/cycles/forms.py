from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BootstrapFormMixin
from apps.lke.models import TemplateVersion
from apps.units.models import Unit
from apps.units.pickers import offer_units

from .models import Target
from .stages import BACK, Stage


class CycleCreateForm(BootstrapFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Tahun"))
    target = forms.ChoiceField(label=_("Target"), choices=Target.choices)
    template = forms.ModelChoiceField(
        label=_("Versi template LKE"),
        queryset=TemplateVersion.objects.none(),
        help_text=_("Siklus terikat pada versi ini sejak dibuka; hanya versi yang berlaku."),
    )
    name = forms.CharField(
        label=_("Nama siklus"),
        max_length=200,
        required=False,
        help_text=_("Kosongkan untuk memakai “Pembangunan ZI <tahun>”."),
    )

    def __init__(self, *args, units, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].empty_label = _("— pilih unit —")
        offer_units(self.fields["unit"], units, purpose="siklus")
        self.fields["template"].queryset = templates
        self.fields["template"].empty_label = None


class StageChangeForm(BootstrapFormMixin, forms.Form):
    to_stage = forms.ChoiceField(label=_("Tahap baru"), choices=Stage.choices)
    reason = forms.CharField(
        label=_("Alasan"),
        max_length=2000,
        error_messages={"required": _("Alasan perubahan tahap wajib diisi.")},
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Dicatat di riwayat tahap dan jejak audit."),
    )

    def __init__(self, *args, moves: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        # The list offers the allowed stages only, but every stage validates: a refused
        # one (a crafted request, a page left open while another admin moved the cycle)
        # reaches the service and gets its precise message.
        self.fields["to_stage"].widget.choices = [
            (stage, _("%(stage)s (koreksi: mundur satu tahap)") % {"stage": Stage(stage).label})
            if kind == BACK
            else (stage, Stage(stage).label)
            for stage, kind in moves
        ]


class CalendarEntryForm(BootstrapFormMixin, forms.Form):
    label = forms.CharField(label=_("Kegiatan"), max_length=200)
    starts_on = forms.DateField(
        label=_("Mulai"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    due_on = forms.DateField(label=_("Batas waktu"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Keterangan"), max_length=1000, required=False)

    def __init__(self, *args, form_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if form_id:
            # Inline editing in a table row: the inputs sit in cells, the <form> in the
            # last one; the HTML form attribute ties them together without JavaScript.
            for field in self.fields.values():
                field.widget.attrs["form"] = form_id
        for name in ("starts_on", "due_on"):
            self.fields[name].widget.format = "%Y-%m-%d"
