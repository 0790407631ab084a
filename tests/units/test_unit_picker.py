"""The unit picker (apps.units.pickers, ``units:pick``): it offers exactly the units the
form of its purpose accepts – the ones the user administers (or may open cycles for),
of the active agency only – filtered by what was typed, bounded, and refuses everybody
else. At many units the forms render the picker instead of every unit."""

import re

import pytest
from django.urls import reverse

from apps.accounts.forms import InviteForm
from apps.units.models import Unit
from apps.units.pickers import units_for
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

URL = reverse("units:pick")


def found(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return [row["label"] for row in response.json()["results"]]


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(URL, {"untuk": "admin", "q": "upt"})
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


@pytest.mark.parametrize("who", ["member", "no_role", "unit_leader", "tpu_user", "verifier"])
@pytest.mark.parametrize("purpose", ["admin", "siklus"])
def test_people_who_administer_no_unit_are_refused(client_for, request, tree, who, purpose):
    user = request.getfixturevalue(who)
    response = client_for(user).get(URL, {"untuk": purpose, "q": "upt"})
    assert response.status_code == 403


@pytest.mark.parametrize("purpose", ["admin", "siklus"])
def test_the_admin_finds_the_units_the_form_accepts_matching_the_query(
    client_for, admin, tree, purpose
):
    c = client_for(admin)
    assert found(c, untuk=purpose, q="upt") == ["UPT Satu (UPT1)", "UPT Dua (UPT2)"]
    assert found(c, untuk=purpose, q="satu") == [
        "Ditjen Satu (ES1)",
        "Kanwil Satu (KW1)",
        "UPT Satu (UPT1)",
    ]
    assert found(c, untuk=purpose, q="KW1") == ["Kanwil Satu (KW1)"]
    assert found(c, untuk=purpose, q="tidak ada") == []
    # Every unit offered is one the form validates.
    accepted = {f"{u.name} ({u.code})" for u in units_for(admin, purpose)}
    for query in ("upt", "satu", "al", "KW", "es"):
        assert set(found(c, untuk=purpose, q=query)) <= accepted


def test_a_delegated_admin_finds_only_its_own_subtree(client_for, kanwil_admin, tree):
    c = client_for(kanwil_admin)
    assert found(c, untuk="admin", q="satu") == ["Kanwil Satu (KW1)", "UPT Satu (UPT1)"]
    assert found(c, untuk="admin", q="ditjen") == []
    assert found(c, untuk="admin", q="alfa") == []  # the agency's root unit


def test_another_agencys_units_are_never_offered(client_for, other_admin, tree, other_tree):
    c = client_for(other_admin)
    assert found(c, untuk="admin", q="satu") == []
    assert found(c, untuk="admin", q="upt") == ["UPT Beta (B-UPT)"]
    assert found(c, untuk="admin", q="upt", kecuali=tree["kanwil"].pk) == ["UPT Beta (B-UPT)"]


def test_kecuali_leaves_out_the_moved_units_subtree(client_for, admin, kanwil_admin, tree):
    c = client_for(admin)
    assert found(c, untuk="admin", q="satu", kecuali=tree["kanwil"].pk) == ["Ditjen Satu (ES1)"]
    # A unit the user does not administer excludes nothing (and reveals nothing).
    delegated = client_for(kanwil_admin)
    assert found(delegated, untuk="admin", q="upt", kecuali=tree["es1"].pk) == [
        "UPT Satu (UPT1)",
        "UPT Dua (UPT2)",
    ]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"untuk": "semua", "q": "upt"}, "Daftar unit tidak dikenal."),
        ({"q": "upt"}, "Daftar unit tidak dikenal."),
        ({"untuk": "admin", "q": "u"}, "Ketik minimal 2 huruf."),
        ({"untuk": "admin", "q": "u" * 5000}, "Kata pencarian terlalu panjang"),
        ({"untuk": "admin", "q": "upt", "kecuali": "x1"}, "tidak dikenal"),
        ({"untuk": "admin", "q": "upt", "kecuali": "9" * 40}, "tidak dikenal"),
        ({"untuk": "admin", "q": "upt", "kecuali": "²"}, "tidak dikenal"),
    ],
)
def test_bad_input_is_a_400_with_a_message(client_for, admin, tree, params, message):
    response = client_for(admin).get(URL, params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_a_control_character_is_a_400(client_for, admin, tree):
    assert client_for(admin).get(URL + "?untuk=admin&q=up%00t").status_code == 400


def test_the_search_is_bounded_and_its_queries_do_not_grow_with_the_tree(
    client_for, admin, tree, django_assert_max_num_queries
):
    c = client_for(admin)
    # The request's own five (session, user, device, membership, agency), the user's
    # capabilities, the excluded unit and the search.
    with django_assert_max_num_queries(8) as few:
        assert len(found(c, untuk="admin", q="upt", kecuali=tree["es1"].pk)) == 0
    for n in range(30):
        make_unit(tree["kanwil"], code=f"UPTX{n:02d}", name=f"UPT Tambahan {n:02d}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = found(c, untuk="admin", q="upt")
    assert len(rows) == 20  # at most apps.core.pickers.RESULTS
    assert c.get(URL, {"untuk": "admin", "q": "upt"}).json()["more"] is True


# --- the forms ------------------------------------------------------------------------


def _many_units(tree, n=4):
    for i in range(n):
        make_unit(tree["upt2"], code=f"SUB{i}", name=f"Sub Unit {i}")


def test_with_many_units_the_invitation_form_renders_the_picker(client_for, admin, tree, settings):
    settings.PICKER_SELECT_MAX = 5
    _many_units(tree)
    html = client_for(admin).get(reverse("accounts:person_create")).content.decode()
    assert f'data-picker-url="{URL}?untuk=admin"' in html
    assert "Sub Unit" not in html and "Kanwil Satu" not in html
    assert 'name="unit"' in html


def test_with_few_units_the_invitation_form_keeps_the_list(client_for, admin, tree):
    html = client_for(admin).get(reverse("accounts:person_create")).content.decode()
    options = re.search(r'<select name="unit".*?</select>', html, re.S).group(0)
    assert "· · · UPT Satu (UPT1)" in options and "data-picker" not in html


def test_the_move_and_cycle_forms_search_their_own_units(client_for, admin, tree, settings):
    settings.PICKER_SELECT_MAX = 1
    c = client_for(admin)
    move = c.get(reverse("units:move", args=[tree["kanwil"].pk])).content.decode()
    assert f'data-picker-url="{URL}?untuk=admin&amp;kecuali={tree["kanwil"].pk}"' in move
    cycle = c.get(reverse("cycles:create")).content.decode()
    assert f'data-picker-url="{URL}?untuk=siklus"' in cycle


def test_a_unit_the_picker_never_offers_is_refused_by_the_form(kanwil_admin, tree, other_tree):
    units = units_for(kanwil_admin, "admin")
    for unit in (tree["es1"], other_tree["upt"]):
        form = InviteForm(
            {"email": "baru@alfa.go.id", "full_name": "Baru", "unit": unit.pk, "role": ""},
            units=units,
        )
        assert not form.is_valid()
        assert "pilihan yang valid" in form.errors["unit"][0]


def test_a_crafted_parent_outside_the_subtree_is_refused_on_the_move_page(
    client_for, kanwil_admin, tree
):
    response = client_for(kanwil_admin).post(
        reverse("units:move", args=[tree["upt"].pk]),
        {"new_parent": tree["es1"].pk, "reason": "coba"},
    )
    assert response.status_code == 400
    assert "pilihan yang valid" in response.content.decode()
    assert Unit.objects.get_parent(Unit.objects.get(pk=tree["upt"].pk)) == tree["kanwil"]
