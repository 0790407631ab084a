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


class FilteredForm(BootstrapFormMixin, forms.Form):
    areas = forms.MultipleChoiceField(
        label="Area", choices=AREAS, widget=CheckboxGroupWidget(filter=True)
    )


def test_without_filter_there_is_no_search_box_but_the_box_has_its_test_id():
    html = str(AreaForm()["areas"])
    assert 'type="search"' not in html and "data-choice-filter" not in html
    assert 'data-testid="choices-areas"' in html
    assert html.count("data-choice>") == 3


def test_filter_renders_a_named_search_box_wired_to_the_options():
    html = str(FilteredForm()["areas"])
    assert html.count('type="search"') == 1
    # The filter points at the box that holds the options, each marked data-choice.
    assert 'data-choice-filter="#id_areas"' in html
    assert '<div class="checkbox-group" id="id_areas" data-checkbox-group' in html
    assert html.count('<div class="form-check" data-choice>') == 3
    assert 'aria-label="Saring Area"' in html
    # The search box comes before the options and is never submitted with the form.
    assert html.index('type="search"') < html.index('type="checkbox"')
    assert 'type="search" name=' not in html


def test_filter_needs_an_id_and_an_empty_list_says_so():
    form = FilteredForm(auto_id=False)
    form.fields["areas"].choices = []
    html = str(form["areas"])
    assert "data-choice-filter" not in html
    assert "Tidak ada pilihan." in html


def test_filter_without_the_mixin_still_has_an_accessible_name():
    class PlainForm(forms.Form):
        areas = forms.MultipleChoiceField(choices=AREAS, widget=CheckboxGroupWidget(filter=True))

    html = str(PlainForm()["areas"])
    assert 'aria-label="Saring daftar pilihan"' in html
