"""CheckboxGroupWidget: the touch-screen replacement of a <select multiple>."""

from django import forms
from django.template.loader import render_to_string

from apps.core.forms import BootstrapFormMixin, CheckboxGroupWidget

AREAS = [("MP", "Manajemen Perubahan"), ("TL", "Penataan Tata Laksana"), ("SDM", "SDM")]


class AreaForm(BootstrapFormMixin, forms.Form):
    areas = forms.MultipleChoiceField(
        label="Area", choices=AREAS, widget=CheckboxGroupWidget, help_text="Pilih satu atau lebih."
    )


def test_renders_one_labelled_checkbox_per_choice_in_a_scrollable_box():
    html = str(AreaForm(initial={"areas": ["TL"]})["areas"])
    assert 'class="checkbox-group"' in html
    assert "<select" not in html
    assert html.count('type="checkbox"') == 3
    assert 'class="form-check-input"' in html
    assert "form-control" not in html and "form-select" not in html
    assert '<label class="form-check-label" for="id_areas_0">Manajemen Perubahan</label>' in html
    # Only the chosen one is ticked.
    ticked = [part for part in html.split("<input")[1:] if " checked" in part]
    assert len(ticked) == 1 and 'value="TL"' in ticked[0]


def test_submitted_choices_are_cleaned_and_a_missing_choice_is_marked_invalid():
    form = AreaForm(data={"areas": ["MP", "SDM"]})
    assert form.is_valid()
    assert form.cleaned_data["areas"] == ["MP", "SDM"]

    empty = AreaForm(data={})
    assert not empty.is_valid()
    html = str(empty["areas"])
    assert 'class="form-check-input is-invalid"' in html
    assert 'aria-invalid="true"' in html


def test_form_fields_include_names_the_group_with_a_fieldset_legend():
    html = render_to_string("includes/form_fields.html", {"form": AreaForm()})
    assert '<fieldset class="mb-3" aria-describedby="id_areas_helptext">' in html
    assert "<legend" in html and "Area" in html
    assert 'for=""' not in html
