"""Every page, walked with the access matrix: anonymous, no role, this unit, sibling unit,
other tenant. Another agency's objects answer 404 exactly like missing ones."""

import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import Role
from apps.audit.models import AuditEvent
from apps.units.models import Unit
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def strip_csrf(content: bytes) -> bytes:
    """The page without what differs per request: CSRF tokens and the requested path."""
    content = re.sub(rb"[A-Za-z0-9]{64}", b"TOKEN", content)
    return re.sub(rb"/unit/\d+/", b"/unit/N/", content)


def test_anonymous_is_sent_to_login_from_every_page(client, tree, admin):
    unit = tree["upt"]
    assignment = RoleAssignment.objects.get(user=admin)
    urls = [
        reverse("home"),
        reverse("units:tree"),
        reverse("units:detail", args=[unit.pk]),
        reverse("units:create") + f"?parent={unit.pk}",
        reverse("units:update", args=[unit.pk]),
        reverse("units:move", args=[unit.pk]),
        reverse("accounts:people"),
        reverse("accounts:person", args=[admin.pk]),
        reverse("accounts:person_edit", args=[admin.pk]),
        reverse("audit:list"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    for url in [
        reverse("accounts:person_activation", args=[admin.pk]),
        reverse("accounts:role_revoke", args=[assignment.pk]),
    ]:
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_a_user_without_any_agency_is_sent_to_their_invitations(client_for, db):
    loner = UserFactory()
    response = client_for(loner).get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("my_invitations")
    assert "belum terdaftar di instansi mana pun" in response.content.decode()
    # Pages of an agency stay closed with a clear 403.
    assert client_for(loner).get(reverse("units:tree")).status_code == 403


def test_home_lists_exactly_my_units_and_roles(client_for, member, tree):
    body = client_for(member).get(reverse("home")).content.decode()
    assert "UPT Satu" in body
    assert "Ketua Pokja" in body
    assert "UPT Dua" not in body


def test_home_of_a_member_without_role_says_so(client_for, no_role):
    body = client_for(no_role).get(reverse("home")).content.decode()
    assert "belum memegang peran" in body


def test_tree_shows_only_what_roles_reach(client_for, member, verifier, admin, tree):
    body = client_for(member).get(reverse("units:tree")).content.decode()
    assert "UPT Satu" in body and "UPT Dua" not in body and "Kanwil Satu" not in body
    body = client_for(verifier).get(reverse("units:tree")).content.decode()
    assert "Kanwil Satu" in body and "UPT Dua" in body and "Ditjen Satu" not in body
    body = client_for(admin).get(reverse("units:tree")).content.decode()
    assert all(name in body for name in ["Kementerian Alfa", "Ditjen Satu", "UPT Dua"])


def test_tree_search_by_htmx_returns_only_rows(client_for, admin, tree):
    response = client_for(admin).get(reverse("units:tree"), {"q": "UPT2"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "UPT Dua" in body and "UPT Satu" not in body


def test_tree_of_another_agency_never_shows_this_one(client_for, other_admin, tree):
    body = client_for(other_admin).get(reverse("units:tree")).content.decode()
    assert "UPT Beta" in body
    assert "UPT Satu" not in body and "Kementerian Alfa" not in body


def test_unit_detail_access_matrix(client_for, member, sibling_member, other_admin, tree):
    upt = tree["upt"]
    url = reverse("units:detail", args=[upt.pk])
    assert client_for(member).get(url).status_code == 200
    assert client_for(sibling_member).get(url).status_code == 404
    other = client_for(other_admin).get(url)
    missing = client_for(other_admin).get(reverse("units:detail", args=[999999]))
    assert other.status_code == missing.status_code == 404
    assert strip_csrf(other.content) == strip_csrf(missing.content)


def test_unit_detail_shows_history_to_admins_only(client_for, admin, member, tree):
    url = reverse("units:detail", args=[tree["upt"].pk])
    client_for(admin).post(
        reverse("units:update", args=[tree["upt"].pk]),
        {"code": "UPT1", "name": "UPT Satu Baru", "unit_type": tree["upt"].unit_type_id},
    )
    assert "UPT Satu Baru" in client_for(admin).get(url).content.decode()
    assert "audit-events" in client_for(admin).get(url).content.decode()
    client_for(member)
    assert "audit-events" not in client_for(member).get(url).content.decode()


@pytest.mark.parametrize("who", ["member", "verifier", "no_role"])
def test_non_admins_cannot_open_admin_pages(request, client_for, tree, admin, who):
    user = request.getfixturevalue(who)
    c = client_for(user)
    upt = tree["upt"]
    for url in [
        reverse("accounts:people"),
        reverse("accounts:person_create"),
        reverse("accounts:person", args=[admin.pk]),
        reverse("audit:list"),
    ]:
        assert c.get(url).status_code == 403, url
    # Unit editing: 403 where the unit is visible, 404 where it is not.
    expected = 403 if who in ("member", "verifier") else 404
    assert c.get(reverse("units:update", args=[upt.pk])).status_code == expected
    assert c.get(reverse("units:move", args=[upt.pk])).status_code == expected
    assert c.get(reverse("units:create") + f"?parent={upt.pk}").status_code == expected


def test_admin_creates_a_unit_under_a_parent(client_for, admin, tree):
    kanwil = tree["kanwil"]
    response = client_for(admin).post(
        reverse("units:create"),
        {
            "parent": kanwil.pk,
            "code": "UPT3",
            "name": "UPT Tiga",
            "unit_type": tree["upt"].unit_type_id,
            "head_nip": "198203152006041002",
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(tenant=kanwil.tenant, code="UPT3")
    assert Unit.objects.get_parent(unit) == kanwil
    assert AuditEvent.objects.filter(action="unit.create", object_id=str(unit.pk)).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "UPT2"}, "Kode unit sudah dipakai"),
        ({"head_nip": "12345"}, "NIP harus terdiri dari 18 angka"),
        ({"head_nip": "198213452006041002"}, "tanggal lahir"),
        ({"name": ""}, "harus diisi"),
    ],
)
def test_bad_unit_input_gets_an_indonesian_message_and_saves_nothing(
    client_for, admin, tree, data, message
):
    before = Unit.objects.count()
    payload = {
        "parent": tree["kanwil"].pk,
        "code": "UPT9",
        "name": "UPT Sembilan",
        "unit_type": tree["upt"].unit_type_id,
        **data,
    }
    response = client_for(admin).post(reverse("units:create"), payload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Unit.objects.count() == before


def test_unit_type_of_another_agency_is_refused(client_for, admin, tree, other_tree):
    before = Unit.objects.count()
    response = client_for(admin).post(
        reverse("units:create"),
        {
            "parent": tree["kanwil"].pk,
            "code": "X1",
            "name": "X",
            "unit_type": other_tree["upt"].unit_type_id,
        },
    )
    assert response.status_code == 400
    assert Unit.objects.count() == before


def test_moving_a_unit_keeps_its_identity_and_records_history(client_for, admin, tree):
    upt = tree["upt"]
    response = client_for(admin).post(
        reverse("units:move", args=[upt.pk]),
        {"new_parent": tree["es1"].pk, "reason": "Reorganisasi 2027"},
    )
    assert response.status_code == 302
    moved = Unit.objects.get(pk=upt.pk)
    assert Unit.objects.get_parent(moved) == tree["es1"]
    event = AuditEvent.objects.get(action="unit.move", object_id=str(upt.pk))
    assert event.before["parent"] == "KW1" and event.after["parent"] == "ES1"
    assert event.reason == "Reorganisasi 2027"


def test_moving_a_unit_under_its_own_descendant_is_refused(client_for, admin, tree):
    es1 = tree["es1"]
    paths = dict(Unit.objects.values_list("code", "path"))
    response = client_for(admin).post(
        reverse("units:move", args=[es1.pk]),
        {"new_parent": tree["upt"].pk, "reason": "salah"},
    )
    assert response.status_code == 400
    assert "ke bawah dirinya sendiri" in response.content.decode()
    assert dict(Unit.objects.values_list("code", "path")) == paths


def test_delegated_admin_cannot_move_outside_its_subtree(client_for, tree):
    delegated = UserFactory()
    grant(delegated, tree["kanwil"], Role.ADMIN_INSTANSI)
    response = client_for(delegated).post(
        reverse("units:move", args=[tree["upt"].pk]),
        {"new_parent": tree["es1"].pk, "reason": "x"},
    )
    assert response.status_code == 400  # es1 is not among the choices it may pick
    assert Unit.objects.get_parent(Unit.objects.get(pk=tree["upt"].pk)) == tree["kanwil"]


def test_other_tenant_cannot_touch_units(client_for, other_admin, tree, other_tree):
    c = client_for(other_admin)
    upt = tree["upt"]
    assert c.get(reverse("units:update", args=[upt.pk])).status_code == 404
    assert c.post(reverse("units:update", args=[upt.pk]), {"name": "x"}).status_code == 404
    assert (
        c.post(
            reverse("units:move", args=[upt.pk]), {"new_parent": other_tree["root"].pk}
        ).status_code
        == 404
    )
    assert (
        c.post(reverse("units:create"), {"parent": upt.pk, "code": "Z", "name": "Z"}).status_code
        == 404
    )
    with scopes_disabled():
        assert not Unit.objects.filter(code="Z").exists()
