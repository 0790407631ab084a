"""Forms of the staff pages: they parse; the services validate (their refusals land on
these fields or above the form)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BootstrapFormMixin

from .models import SCALES, Kind, Period, Survey
from .scoring import SKM_SCALE, ScaleRule, rule_text

SCALE_CHOICES = [(k, _("%(k)s titik (1–%(k)s)") % {"k": k}) for k in SCALES]
SCALE_HELP = _(
    "SKM selalu memakai skala 4 titik sesuai PermenPANRB 14/2017 (pilihan lain ditolak). "
    "IPAK dan IPKP boleh memakai instrumen 4, 5 atau 6 titik; nilainya dikonversi ke skala "
    "LKE 0–4 dengan aturan di bawah."
)
RULE_HELP = _(
    "Aturan tertulis yang mengubah rata-rata instrumen menjadi nilai LKE 0–4 (dipakai untuk "
    "IPAK/IPKP; pada skala 4 titik keduanya memberi rata-rata itu sendiri). Tidak dapat "
    "diubah setelah survei dibuka."
)
SERVICES_HELP = _(
    "Satu layanan per baris, paling banyak 50. Setiap layanan mendapat kode QR sendiri bila "
    "diperlukan dan rincian hasilnya sendiri."
)


def rule_choices():
    """Each rule with its written text (k: the instrument's points)."""
    return [
        (rule.value, f"{rule.label}. {rule_text(rule, 'k')}")  # type: ignore[arg-type]
        for rule in ScaleRule
    ]


def lines(text: str) -> list[str]:
    """The non-empty lines of a textarea, as typed (the service tidies and checks them)."""
    return [line for line in (text or "").splitlines() if line.strip()]


class SurveyCreateForm(BootstrapFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Jenis survei"), choices=Kind.choices)
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("Periode"), choices=Period.choices, initial=Period.S1)
    scale = forms.TypedChoiceField(
        label=_("Skala instrumen"),
        choices=SCALE_CHOICES,
        coerce=int,
        initial=SKM_SCALE,
        help_text=SCALE_HELP,
    )
    scale_rule = forms.ChoiceField(
        label=_("Aturan konversi ke skala LKE 0–4"),
        choices=rule_choices,
        initial=ScaleRule.PROPORTIONAL,
        widget=forms.RadioSelect,
        help_text=RULE_HELP,
    )
    population = forms.IntegerField(
        label=_("Populasi pengguna layanan dalam periode (boleh dikosongkan)"),
        required=False,
        min_value=1,
        max_value=100_000_000,
        help_text=_(
            "Jumlah orang yang menerima layanan dalam periode ini: dasar sampel minimum "
            "SKM (Krejcie–Morgan; mis. 1.000 pengguna → 278 responden)."
        ),
    )
    services = forms.CharField(
        label=_("Layanan yang disurvei"),
        required=False,
        max_length=12000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=SERVICES_HELP,
    )
    title = forms.CharField(
        label=_("Judul (boleh dikosongkan)"),
        required=False,
        max_length=200,
        help_text=_("Kosong: dibuat dari jenis, periode, tahun dan nama unit."),
    )
    intro = forms.CharField(
        label=_("Pengantar untuk responden"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: f"{u.name} ({u.code})"
        self.fields["year"].initial = timezone.localdate().year
        # The radio buttons are laid out by the template (Bootstrap's form-check).
        self.fields["scale_rule"].widget.attrs["class"] = "form-check-input"

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "unit": data["unit"],
            "kind": data["kind"],
            "year": data["year"],
            "period": data["period"],
            "scale": data["scale"],
            "scale_rule": data["scale_rule"],
            "population": data["population"],
            "services": lines(data["services"]),
            "title": data["title"],
            "intro": data["intro"],
        }


class SurveyEditForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    intro = forms.CharField(
        label=_("Pengantar untuk responden"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    population = SurveyCreateForm.base_fields["population"]
    closes_on = forms.DateField(
        label=_("Ditutup otomatis pada (boleh dikosongkan)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    scale_rule = forms.ChoiceField(
        label=_("Aturan konversi ke skala LKE 0–4"),
        choices=rule_choices,
        widget=forms.RadioSelect,
        help_text=RULE_HELP,
    )

    def __init__(self, *args, survey: Survey, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "title": survey.title,
                "intro": survey.intro,
                "population": survey.population,
                "closes_on": survey.closes_on,
                "scale_rule": survey.scale_rule,
            },
        )
        super().__init__(*args, **kwargs)
        if not survey.is_editable:
            # The figures of an open survey must not change their meaning.
            del self.fields["scale_rule"]
        else:
            self.fields["scale_rule"].widget.attrs["class"] = "form-check-input"
        if survey.is_closed:
            del self.fields["closes_on"]

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class ItemForm(BootstrapFormMixin, forms.Form):
    """One item of the questionnaire; ``scale`` answer labels, worst first. An SKM item
    keeps its code, element and weight (fields shown, not editable)."""

    code = forms.CharField(label=_("Kode"), max_length=8)
    element = forms.CharField(label=_("Unsur/aspek"), max_length=100)
    text = forms.CharField(
        label=_("Pertanyaan"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    weight = forms.IntegerField(label=_("Bobot relatif"), min_value=1, max_value=100, initial=1)

    def __init__(self, *args, scale: int, fixed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.scale = scale
        for point in range(1, scale + 1):
            self.fields[f"label_{point}"] = forms.CharField(
                label=_("Jawaban %(n)s") % {"n": point},
                max_length=100,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )
        if fixed:
            for name in ("code", "element", "weight"):
                self.fields[name].disabled = True

    @property
    def label_fields(self):
        return [self[f"label_{point}"] for point in range(1, self.scale + 1)]

    @staticmethod
    def initial_of(item) -> dict:
        initial = {
            "code": item.code,
            "element": item.element,
            "text": item.text,
            "weight": item.weight,
        }
        for point, label in enumerate(item.labels, start=1):
            initial[f"label_{point}"] = label
        return initial

    def item(self) -> dict:
        data = self.cleaned_data
        return {
            "code": data["code"],
            "element": data["element"],
            "text": data["text"],
            "weight": data["weight"],
            "labels": [data[f"label_{point}"] for point in range(1, self.scale + 1)],
        }


class BaseItemFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:  # added after BootstrapFormMixin styled the rest
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"
            form.fields["DELETE"].label = _("Hapus butir ini")

    def items(self) -> list[dict]:
        """The items to keep, in order: the removed ones and untouched blank rows left out."""
        removed = set(map(id, self.deleted_forms)) if self.can_delete else set()
        return [form.item() for form in self.forms if form.cleaned_data and id(form) not in removed]


def item_formset(survey: Survey, data=None, items=()):
    """The questionnaire's items as a formset: an SKM keeps its nine elements (no row
    added or removed), an IPAK/IPKP offers one blank row to add and a box to remove."""
    fixed = survey.kind == Kind.SKM
    formset_class = forms.formset_factory(
        ItemForm,
        formset=BaseItemFormSet,
        extra=0 if fixed else 1,
        can_delete=not fixed,
        max_num=30,
        validate_max=True,
    )
    return formset_class(
        data,
        initial=[ItemForm.initial_of(item) for item in items],
        prefix="butir",
        form_kwargs={"scale": survey.scale, "fixed": fixed},
    )


class ServicesForm(BootstrapFormMixin, forms.Form):
    names = forms.CharField(
        label=_("Layanan yang disurvei"),
        required=False,
        max_length=12000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Satu layanan per baris, sesuai urutan yang diinginkan. Layanan yang sudah punya "
            "jawaban atau kode QR tidak dapat dihapus."
        ),
    )

    def names_list(self) -> list[str]:
        return lines(self.cleaned_data["names"])


class LinkForm(BootstrapFormMixin, forms.Form):
    service = forms.ModelChoiceField(
        label=_("Layanan"),
        queryset=None,
        required=False,
        empty_label=_("Seluruh layanan unit"),
    )
    desk = forms.CharField(
        label=_("Loket/petugas (boleh dikosongkan)"),
        required=False,
        max_length=100,
        help_text=_("Mis. Loket 2 atau nama petugas: jawaban lewat kode ini tercatat untuknya."),
    )

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = survey.services.all()
