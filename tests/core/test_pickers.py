"""apps.core.pickers: a plain <select> while the choices are few, otherwise only the chosen
row and a search input; the search matches every word, NIPs from their start, and is
bounded; a bad query is a 400 with a message."""

import json
import re

import pytest
from django import forms
from django.test import RequestFactory

from apps.accounts.models import User
from apps.core.forms import BootstrapFormMixin
from apps.core.pickers import (
    RESULTS,
    PickerSource,
    offer,
    pick,
    picker_response,
    search,
)
from apps.units.models import Unit
from tests.factories import UserFactory, make_unit

pytestmark = pytest.mark.django_db


def unit_source(units):
    return PickerSource(
        queryset=units.order_by("path"), search=("name", "code"), label=lambda u: u.name
    )


class UnitForm(BootstrapFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label="Unit", queryset=Unit.objects.none())

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        offer(self.fields["unit"], unit_source(units), url="/cari/?untuk=x", empty_label="—")


def test_few_choices_render_the_plain_select(tree, settings):
    settings.PICKER_SELECT_MAX = 50
    html = str(UnitForm(units=Unit.objects.filter(tenant=tree["root"].tenant))["unit"])
    assert html.startswith("<select")
    assert html.count("<option") == 1 + 5  # the empty option and the tree
    assert "data-picker" not in html
    assert 'class="form-select"' in html


def test_many_choices_render_only_the_chosen_one_and_a_combobox(tree, settings):
    settings.PICKER_SELECT_MAX = 3
    units = Unit.objects.filter(tenant=tree["root"].tenant)
    html = str(UnitForm(units=units, initial={"unit": tree["upt"].pk})["unit"])
    assert "<option" not in html and "<select" not in html
    combobox = re.search(r'<input type="text" role="combobox"[^>]*>', html).group(0)
    assert 'id="id_unit"' in combobox  # the field's <label for> names the input
    assert 'value="UPT Satu"' in combobox
    assert 'class="form-control"' in combobox
    assert 'aria-describedby="id_unit_status"' in combobox
    assert 'aria-controls="id_unit_listbox"' in combobox
    assert f'<input type="hidden" name="unit" value="{tree["upt"].pk}" data-picker-value>' in html
    assert 'data-picker-url="/cari/?untuk=x"' in html
    for other in ("Kanwil Satu", "UPT Dua", "Ditjen Satu"):
        assert other not in html


def test_a_picker_validates_with_the_field_and_marks_the_input_invalid(tree, settings):
    settings.PICKER_SELECT_MAX = 1
    units = Unit.objects.filter(pk__in=[tree["upt"].pk, tree["upt2"].pk])
    form = UnitForm({"unit": str(tree["kanwil"].pk)}, units=units)
    assert not form.is_valid()
    assert "pilihan yang valid" in form.errors["unit"][0]
    html = str(form["unit"])
    assert 'class="form-control is-invalid"' in html and 'aria-invalid="true"' in html
    assert UnitForm({"unit": str(tree["upt2"].pk)}, units=units).is_valid()


def test_rendering_reads_a_bounded_number_of_rows(tree, settings, django_assert_num_queries):
    settings.PICKER_SELECT_MAX = 2
    form = UnitForm(units=Unit.objects.filter(tenant=tree["root"].tenant))
    with django_assert_num_queries(1):  # three rows read, no count, nothing chosen
        str(form["unit"])


def test_search_matches_every_word_in_any_column(tree):
    source = unit_source(Unit.objects.filter(tenant=tree["root"].tenant))
    assert [r["label"] for r in search([source], "upt")[0]] == ["UPT Satu", "UPT Dua"]
    assert [r["label"] for r in search([source], "satu upt")[0]] == ["UPT Satu"]
    assert [r["label"] for r in search([source], "kw1")[0]] == ["Kanwil Satu"]
    assert search([source], "tidak ada")[0] == []


def test_search_finds_a_nip_from_its_start_as_typed_or_printed(tenant):
    users = User.objects.filter(email__endswith="@nip.go.id")
    UserFactory(full_name="Berkas NIP", email="a@nip.go.id", nip="198501012010011001")
    UserFactory(full_name="Lain", email="b@nip.go.id", nip="199001012015012002")
    source = PickerSource(queryset=users, search=("full_name",), nip="nip")
    assert [r["label"] for r in search([source], "19850101 2010")[0]] == ["Berkas NIP"]
    assert [r["label"] for r in search([source], "1985.0101")[0]] == ["Berkas NIP"]
    assert search([source], "2010011001")[0] == []  # from the start only


def test_search_is_bounded_and_says_when_there_is_more(tenant):
    for n in range(RESULTS + 3):
        UserFactory(full_name=f"Pegawai {n:02d}", email=f"p{n}@batas.go.id")
    people = User.objects.filter(email__endswith="@batas.go.id").order_by("full_name")
    first = PickerSource(queryset=people, search=("full_name",), group="A", prefix="a")
    results, more = search([first], "pegawai")
    assert len(results) == RESULTS and more
    assert results[0] == {"value": f"a{people[0].pk}", "label": str(people[0]), "group": "A"}
    # A second source gets the room the first leaves.
    five = PickerSource(
        queryset=people.filter(pk__in=[p.pk for p in people[:5]]), search=("full_name",), prefix="a"
    )
    second = PickerSource(queryset=people, search=("full_name",), prefix="b")
    results, more = search([five, second], "pegawai")
    assert [r["value"][0] for r in results] == ["a"] * 5 + ["b"] * 15 and more
    # A full first source: the second is only asked whether it has any.
    twenty = PickerSource(
        queryset=people.filter(pk__in=[p.pk for p in people[:RESULTS]]),
        search=("full_name",),
        prefix="a",
    )
    assert search([twenty, second], "pegawai")[1] is True
    assert search([twenty, second], "pegawai 00")[1] is False


def test_pick_tells_the_sources_apart_by_prefix_and_refuses_anything_else(tree, admin):
    units = unit_source(Unit.objects.filter(tenant=tree["root"].tenant))
    people = PickerSource(queryset=User.objects.all(), search=("full_name",), prefix="u")
    sources = [PickerSource(**{**units.__dict__, "prefix": "e"}), people]
    assert pick(sources, f"e{tree['upt'].pk}") == tree["upt"]
    assert pick(sources, f"u{admin.pk}") == admin
    for bad in (str(tree["upt"].pk), f"u{admin.pk}x", "u", "e-1", "u" + "9" * 40, "u²", ""):
        assert pick(sources, bad) is None


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("a", "Ketik minimal 2 huruf."),
        ("   a   ", "Ketik minimal 2 huruf."),
        ("x" * 101, "Kata pencarian terlalu panjang: maksimal 100 karakter."),
    ],
)
def test_a_bad_query_is_a_400_with_a_message(tree, query, message):
    request = RequestFactory().get("/cari/", {"q": query})
    response = picker_response(request, [unit_source(Unit.objects.all())])
    assert response.status_code == 400
    assert json.loads(response.content) == {"error": message}


def test_the_answer_is_json_and_never_cached(tree):
    request = RequestFactory().get("/cari/", {"q": "  upt   satu "})
    response = picker_response(request, [unit_source(Unit.objects.all())])
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "results": [{"value": str(tree["upt"].pk), "label": "UPT Satu", "group": ""}],
        "more": False,
    }
    assert "no-store" in response["Cache-Control"]


def test_the_widget_is_a_plain_select_again_when_rows_are_removed(tree, settings):
    """The choice between select and picker is made at every render, from the rows."""
    settings.PICKER_SELECT_MAX = 5
    units = Unit.objects.filter(tenant=tree["root"].tenant)
    make_unit(tree["upt"], code="UPT1A", name="Sub UPT")
    assert "data-picker" in str(UnitForm(units=units)["unit"])
    Unit.objects.filter(code="UPT1A").delete()
    assert "<select" in str(UnitForm(units=units)["unit"])
