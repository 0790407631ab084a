"""A unit's time zone (WIB, WITA, WIT): reports are drafted on its own first working day
(tests/reports); here how it is set: a new unit takes its parent's, the form and the API
change it, anything else is refused in Indonesian."""

import pytest
from django.urls import reverse
from django_scopes import scope
from rest_framework.test import APIClient

from apps.units import services
from apps.units.models import Unit, UnitType

pytestmark = pytest.mark.django_db


def test_a_new_unit_takes_its_parents_time_zone(tree, admin):
    kanwil = tree["kanwil"]
    kanwil.time_zone = "Asia/Makassar"
    kanwil.save(update_fields=["time_zone"])
    with scope(tenant=kanwil.tenant_id):
        upt = services.unit_create(
            actor=admin,
            parent=kanwil,
            code="UPT-WITA",
            name="UPT Makassar",
            unit_type=UnitType.objects.get(code="upt"),
        )
        wit = services.unit_create(
            actor=admin,
            parent=kanwil,
            code="UPT-WIT",
            name="UPT Jayapura",
            unit_type=UnitType.objects.get(code="upt"),
            time_zone="Asia/Jayapura",
        )
    assert (upt.time_zone, wit.time_zone) == ("Asia/Makassar", "Asia/Jayapura")
    assert tree["upt"].time_zone == "Asia/Jakarta"  # the default: WIB


def test_the_form_keeps_the_zone_when_not_sent_and_changes_it_when_chosen(client_for, tree, admin):
    upt = tree["upt"]
    c = client_for(admin)
    page = c.get(reverse("units:update", args=[upt.pk])).content.decode()
    assert "WITA (UTC+8)" in page
    data = {"code": upt.code, "name": upt.name, "unit_type": upt.unit_type_id}
    assert c.post(reverse("units:update", args=[upt.pk]), data).status_code == 302
    assert Unit.objects.get(pk=upt.pk).time_zone == "Asia/Jakarta"
    c.post(reverse("units:update", args=[upt.pk]), {**data, "time_zone": "Asia/Jayapura"})
    assert Unit.objects.get(pk=upt.pk).time_zone == "Asia/Jayapura"
    assert "WIT (UTC+9)" in c.get(reverse("units:detail", args=[upt.pk])).content.decode()


def test_the_api_reads_and_changes_the_zone_and_refuses_another(tree, admin):
    c = APIClient()
    c.force_login(admin)
    url = f"/api/v1/units/{tree['upt'].pk}/"
    assert c.get(url).json()["time_zone"] == "Asia/Jakarta"
    refused = c.patch(url, {"time_zone": "Europe/Berlin"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["time_zone"] == [
        "Zona waktu harus Asia/Jakarta, Asia/Makassar atau Asia/Jayapura."
    ]
    changed = c.patch(url, {"time_zone": "Asia/Makassar"}, format="json")
    assert changed.status_code == 200 and changed.json()["time_zone"] == "Asia/Makassar"
