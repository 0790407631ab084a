"""The respondent's form, built from the survey behind a link: one radio question per item
(answers worst first, as ``Item.labels``), the regulation's demographics (never a name
or NIK), the service when the link names none, a suggestion.

It only parses; ``services.response_record`` decides (from the link) and stores.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SUGGESTION_MAX, AgeBand, Education, Link, Occupation, Sex

CHALLENGE_FIELD = "altcha"
# Fields a browser may send besides the form's own.
EXTRA_FIELDS = {"csrfmiddlewaretoken", CHALLENGE_FIELD}
ITEM_PREFIX = "q_"


def _blank(choices, label):
    return [("", label), *choices]


class ResponseForm(forms.Form):
    sex = forms.ChoiceField(
        label=_("Jenis kelamin"), choices=Sex.choices, required=False, widget=forms.RadioSelect
    )
    age_band = forms.ChoiceField(
        label=_("Usia"), choices=_blank(AgeBand.choices, _("– pilih –")), required=False
    )
    education = forms.ChoiceField(
        label=_("Pendidikan terakhir"),
        choices=_blank(Education.choices, _("– pilih –")),
        required=False,
    )
    occupation = forms.ChoiceField(
        label=_("Pekerjaan"),
        choices=_blank(Occupation.choices, _("– pilih –")),
        required=False,
    )
    suggestion = forms.CharField(
        label=_("Saran untuk perbaikan layanan"),
        max_length=SUGGESTION_MAX,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": SUGGESTION_MAX}),
    )

    def __init__(self, *args, link: Link, items, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.link = link
        self.items = list(items)
        self.item_fields = []
        for item in self.items:
            name = ITEM_PREFIX + item.code
            self.fields[name] = forms.TypedChoiceField(
                label=item.text,
                choices=[(str(i), label) for i, label in enumerate(item.labels, start=1)],
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )
            self.item_fields.append((item, name))
        self.services = list(services) if not link.service_id else []
        if self.services:
            self.fields["service"] = forms.TypedChoiceField(
                label=_("Layanan yang Anda terima"),
                choices=_blank([(str(s.pk), s.name) for s in self.services], _("– pilih –")),
                coerce=int,
                empty_value=None,
                required=False,
            )
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = _(
                    "Pilih salah satu jawaban yang tersedia."
                )

    def unknown_fields(self) -> list[str]:
        """Names the browser sent that this form does not have (a tampered or stale
        form; an item code of another survey)."""
        allowed = set(self.fields) | EXTRA_FIELDS
        return sorted(name for name in self.data if name not in allowed)

    def item_rows(self):
        """(item, bound field) in the questionnaire's order, for the template."""
        return [(item, self[name]) for item, name in self.item_fields]

    def answers(self) -> dict[str, int | None]:
        return {item.code: self.cleaned_data.get(name) for item, name in self.item_fields}

    def chosen_service(self):
        chosen = self.cleaned_data.get("service")
        return next((s for s in self.services if s.pk == chosen), None)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(v is not None for v in self.answers().values()):
            raise forms.ValidationError(_("Jawab paling sedikit satu pertanyaan."))
        return cleaned
