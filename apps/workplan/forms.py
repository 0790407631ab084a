from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.choices import Area
from apps.core.forms import BootstrapFormMixin, CheckboxGroupWidget
from apps.cycles.services import MONTHS
from apps.lke.models import ComponentKind, Question

from .models import TaskStatus

MONTH_CHOICES = [(str(i), name) for i, name in enumerate(MONTHS, start=1)]


class QuestionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        text = obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"
        return f"{obj.code} – {text}"


def pengungkit_questions(template_id: int):
    return (
        Question.objects.filter(
            version_id=template_id,
            indicator__aspect__area__component__kind=ComponentKind.PENGUNGKIT,
        )
        .select_related("indicator__aspect__area")
        .order_by("indicator__aspect__area__order", "indicator__aspect__order", "order")
    )


class ItemForm(BootstrapFormMixin, forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=Area.choices)
    action = forms.CharField(label=_("Kegiatan (rencana aksi)"), max_length=300)
    description = forms.CharField(
        label=_("Rincian rencana kerja"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    output = forms.CharField(label=_("Output"), max_length=300)
    pic = forms.CharField(label=_("PIC"), max_length=150)
    months = forms.MultipleChoiceField(
        label=_("Bulan pelaksanaan"),
        choices=MONTH_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    questions = QuestionChoiceField(
        label=_("Pertanyaan LKE yang dilayani"),
        queryset=Question.objects.none(),
        required=False,
        help_text=_("Centang pertanyaan dari area yang sama (boleh lebih dari satu)."),
        widget=CheckboxGroupWidget(filter=True),
    )

    def __init__(self, *args, template_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = pengungkit_questions(template_id)
        # The months are laid out in a row by _item_fields.html, not as form-control inputs.
        self.fields["months"].widget.attrs["class"] = "form-check-input"


class ReviseForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Alasan revisi"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class TaskForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Tugas"), max_length=300)
    due_on = forms.DateField(label=_("Batas waktu"), widget=forms.DateInput(attrs={"type": "date"}))
    assignees = forms.ModelMultipleChoiceField(
        label=_("Pelaksana"), queryset=None, widget=CheckboxGroupWidget(filter=True)
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignees"].queryset = people
        self.fields["assignees"].label_from_instance = lambda u: u.full_name


class StatusForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("Berkas Rencana Kerja (.xlsx)"))
