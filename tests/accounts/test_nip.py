"""A NIP pasted in its printed form ("19830606 200801 1 011", with dots or dashes) is
stored as its 18 digits everywhere a NIP is entered: people page, API, unit form, unit
API, unit import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.models import User
from apps.core.nip import normalise_nip
from apps.units.models import Unit, UnitType

pytestmark = pytest.mark.django_db

DIGITS = "198306062008011011"
PRINTED = [
    "19830606 200801 1 011",
    "19830606.200801.1.011",
    "19830606-200801-1-011",
    " 19830606\u00a0200801 1 011 ",
]


@pytest.mark.parametrize("printed", PRINTED)
def test_normalise_nip_keeps_the_digits_of_the_printed_form(printed):
    assert normalise_nip(printed) == DIGITS


def test_normalise_nip_keeps_other_characters_so_they_are_still_refused():
    assert normalise_nip("1983O606 200801 1 011") == "1983O6062008011011"
    assert normalise_nip(None) is None
    assert normalise_nip("") == ""


@pytest.mark.parametrize("printed", PRINTED[:3])
def test_the_people_form_stores_a_printed_nip_as_18_digits(client_for, admin, printed):
    response = client_for(admin).post(
        reverse("accounts:person_create"),
        {"email": "nip@alfa.go.id", "full_name": "Orang NIP", "nip": printed},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert User.objects.get(email="nip@alfa.go.id").nip == DIGITS


def test_the_people_form_still_refuses_a_nip_with_letters(client_for, admin):
    response = client_for(admin).post(
        reverse("accounts:person_create"),
        {"email": "nip@alfa.go.id", "full_name": "Orang NIP", "nip": "1983O606 200801 1 011"},
    )
    assert response.status_code == 400
    assert "NIP harus terdiri dari 18 angka." in response.content.decode()
    assert not User.objects.filter(email="nip@alfa.go.id").exists()


def test_the_people_edit_form_stores_a_printed_nip(client_for, admin, no_role):
    response = client_for(admin).post(
        reverse("accounts:person_edit", args=[no_role.pk]),
        {"full_name": no_role.full_name, "nip": PRINTED[1], "phone": ""},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    no_role.refresh_from_db()
    assert no_role.nip == DIGITS


def test_a_printed_nip_of_someone_registered_is_a_duplicate(client_for, admin, no_role):
    no_role.nip = DIGITS
    no_role.save(update_fields=["nip"])
    response = client_for(admin).post(
        reverse("accounts:person_create"),
        {"email": "dua@alfa.go.id", "full_name": "Orang Dua", "nip": PRINTED[0]},
    )
    assert response.status_code == 400
    assert not User.objects.filter(email="dua@alfa.go.id").exists()


def test_the_api_stores_a_printed_nip(admin):
    api = APIClient()
    api.force_login(admin)
    response = api.post(
        "/api/v1/users/",
        {"email": "api@alfa.go.id", "full_name": "Orang API", "nip": PRINTED[2]},
        format="json",
    )
    assert response.status_code == 202, response.content
    user = User.objects.get(email="api@alfa.go.id")
    assert user.nip == DIGITS
    from apps.accounts.invitations import invitation_accept

    invitation_accept(actor=user, invitation=user.invitations.get())
    response = api.patch(f"/api/v1/users/{user.pk}/", {"nip": PRINTED[0]}, format="json")
    assert response.status_code == 200, response.content


def test_the_unit_form_and_api_store_a_printed_head_nip(client_for, admin, tree, tenant):
    upt = UnitType.objects.get(tenant=tenant, code="upt")
    response = client_for(admin).post(
        reverse("units:create") + f"?parent={tree['kanwil'].pk}",
        {"code": "UPT9", "name": "UPT Sembilan", "unit_type": upt.pk, "head_nip": PRINTED[0]},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Unit.objects.get(code="UPT9").head_nip == DIGITS

    api = APIClient()
    api.force_login(admin)
    response = api.post(
        "/api/v1/units/",
        {
            "parent": tree["kanwil"].pk,
            "code": "UPT8",
            "name": "UPT Delapan",
            "unit_type": upt.pk,
            "head_nip": PRINTED[1],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Unit.objects.get(code="UPT8").head_nip == DIGITS


def test_the_unit_import_stores_a_printed_head_nip(client_for, admin, tree):
    client = client_for(admin)
    text = f"kode;nama;jenis;kode_induk;nip_pimpinan\nUPT7;UPT Tujuh;upt;KW1;{PRINTED[2]}\n"
    preview = client.post(
        reverse("units:import"),
        {"file": SimpleUploadedFile("unit.csv", text.encode(), content_type="text/csv")},
    )
    assert preview.status_code == 200
    assert preview.context["dry_run"].is_valid, preview.context["dry_run"].errors
    response = client.post(reverse("units:import_confirm"), {"token": preview.context["token"]})
    assert response.status_code == 302
    assert Unit.objects.get(code="UPT7").head_nip == DIGITS
