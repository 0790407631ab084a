"""The forms of the follow-up page (what, who, by when; done with result and evidence).
They only parse: the rules are the service's (``services.follow_ups``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BootstrapFormMixin
from apps.files.checks import ALLOWED

from .models import FollowUpAction, Item, Survey

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ElementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Item) -> str:
        return f"{obj.code} – {obj.element}"


class FollowUpForm(BootstrapFormMixin, forms.Form):
    item = ElementChoiceField(
        label=_("Unsur yang ditindaklanjuti"),
        queryset=Item.objects.none(),
        required=False,
        empty_label=_("Survei secara umum (bukan satu unsur)"),
        error_messages={"invalid_choice": _("Unsur itu bukan bagian dari survei ini.")},
    )
    action = forms.CharField(
        label=_("Rencana tindak lanjut"),
        widget=forms.Textarea(
            attrs={
                "rows": 3,
                "placeholder": _(
                    "Mis. menambah loket pada jam sibuk dan memasang nomor antrean elektronik."
                ),
            }
        ),
        max_length=FollowUpAction._meta.get_field("action").max_length,
        help_text=_("Apa yang akan dilakukan untuk memperbaiki unsur ini."),
        error_messages={"required": _("Tuliskan rencana tindak lanjutnya.")},
    )
    owner = forms.CharField(
        label=_("Penanggung jawab"),
        max_length=FollowUpAction._meta.get_field("owner").max_length,
        help_text=_("Jabatan atau nama yang bertanggung jawab, mis. Kepala Subbagian Umum."),
        error_messages={"required": _("Sebutkan penanggung jawabnya.")},
    )
    due_on = forms.DateField(
        label=_("Batas waktu"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Isi batas waktu."),
            "invalid": _("Isi batas waktu dengan tanggal yang benar."),
        },
    )

    def __init__(self, *args, survey: Survey, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        # The survey's own items only; the page passes the list it already read.
        field.queryset = Item.objects.filter(survey=survey)
        if items is not None:
            field.choices = [("", field.empty_label)] + [
                (item.pk, field.label_from_instance(item)) for item in items
            ]


class FollowUpDoneForm(BootstrapFormMixin, forms.Form):
    result = forms.CharField(
        label=_("Hasil tindak lanjut"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=FollowUpAction._meta.get_field("result").max_length,
        help_text=_("Apa yang sudah dikerjakan dan apa hasilnya (angka sebelum–sesudah bila ada)."),
        error_messages={"required": _("Tuliskan hasil tindak lanjut sebelum menandainya selesai.")},
    )
    # The file itself is read from the request by the view (apps.files.upload); the field
    # is here to render the input and to carry its errors.
    evidence = forms.FileField(
        label=_("Berkas bukti (PDF, foto atau dokumen)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{ext}" for ext in ALLOWED)}),
    )
