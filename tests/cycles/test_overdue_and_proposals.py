"""A stage whose calendar end date has passed is marked "terlambat" on the cycle page and
the list; proposals to the TPI and the TPN are their own forms that ask first."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from apps.cycles import services
from apps.cycles.models import CalendarEntry

from .conftest import advance

pytestmark = pytest.mark.django_db


def set_due(cycle, key, due_on):
    entry = CalendarEntry.objects.get(tenant=cycle.tenant, year=cycle.year, key=key)
    entry.starts_on = None
    entry.due_on = due_on
    entry.save()


def test_a_stage_past_its_end_date_is_marked_late_on_the_page_and_the_list(
    client_for, admin, cycle, sibling_cycle
):
    set_due(cycle, "pencanangan", date.today() - timedelta(days=1))
    client = client_for(admin)
    page = client.get(reverse("cycles:detail", args=[cycle.pk])).content.decode()
    assert 'data-testid="overdue-badge"' in page and 'data-testid="overdue"' in page
    listing = client.get(reverse("cycles:list")).content.decode()
    # Both cycles are at pencanangan of 2026, whose end date has passed.
    assert f'data-testid="overdue-{cycle.pk}"' in listing
    assert f'data-testid="overdue-{sibling_cycle.pk}"' in listing


def test_a_stage_within_its_dates_is_not_late(client_for, admin, cycle):
    set_due(cycle, "pencanangan", date.today() + timedelta(days=3))
    client = client_for(admin)
    assert "terlambat" not in client.get(reverse("cycles:detail", args=[cycle.pk])).content.decode()
    assert "terlambat" not in client.get(reverse("cycles:list")).content.decode()


def test_a_decided_cycle_is_never_late(client_for, admin, cycle):
    cycle.stage = "ditetapkan"
    cycle.save(update_fields=["stage"])
    set_due(cycle, "penetapan", date.today() - timedelta(days=1))
    page = client_for(admin).get(reverse("cycles:detail", args=[cycle.pk])).content.decode()
    assert "terlambat" not in page


def test_the_list_marks_lateness_in_a_fixed_number_of_queries(
    client_for, admin, cycle, sibling_cycle, django_assert_max_num_queries
):
    client = client_for(admin)
    client.get(reverse("cycles:list"))
    with django_assert_max_num_queries(20):
        client.get(reverse("cycles:list"))


def test_a_proposal_to_the_tpi_is_its_own_form_that_asks_first(client_for, admin, cycle):
    advance(cycle, admin, "identifikasi", "pembangunan", "penilaian_pendahuluan")
    page = client_for(admin).get(reverse("cycles:detail", args=[cycle.pk])).content.decode()
    assert 'data-testid="propose-usulan_tpi"' in page
    assert "Usulkan UPT Satu ke TPI? Tahap siklus berubah menjadi Usulan ke TPI" in page
    # The general stage list no longer offers it without the question.
    select = page.split('<select name="to_stage"')[1].split("</select>")[0]
    assert 'value="usulan_tpi"' not in select


def test_a_proposal_to_the_tpn_asks_first_and_says_what_happens(client_for, admin, cycle):
    cycle.stage = "evaluasi_tpi"
    cycle.save(update_fields=["stage"])
    page = client_for(admin).get(reverse("cycles:detail", args=[cycle.pk])).content.decode()
    assert 'data-testid="propose-usulan_tpn"' in page
    assert "Usulkan UPT Satu ke TPN?" in page and "Tim Penilai Nasional" in page


def test_members_see_no_proposal_forms(client_for, member, cycle):
    cycle.stage = "evaluasi_tpi"
    cycle.save(update_fields=["stage"])
    page = client_for(member).get(reverse("cycles:detail", args=[cycle.pk])).content.decode()
    assert "propose-usulan_tpn" not in page


@pytest.mark.parametrize(
    ("stage", "came_from", "back"),
    [
        ("evaluasi_tpi", None, "usulan_tpi"),
        ("ditetapkan", None, "usulan_tpn"),
        ("tidak_ditetapkan", "usulan_tpn", "usulan_tpn"),
    ],
)
def test_a_correction_back_into_a_proposal_stage_stays_in_the_general_form(
    client_for, admin, cycle, stage, came_from, back
):
    """Only the forward proposals have their own forms; going back one step as a
    correction is offered by the general form like every other correction."""
    if came_from:
        cycle.stage = came_from
        cycle.save(update_fields=["stage"])
        cycle = services.cycle_change_stage(
            actor=admin, cycle=cycle, to_stage=stage, reason="Keputusan TPN."
        )
    else:
        cycle.stage = stage
        cycle.save(update_fields=["stage"])
    page = client_for(admin).get(reverse("cycles:detail", args=[cycle.pk])).content.decode()
    select = page.split('<select name="to_stage"')[1].split("</select>")[0]
    assert f'value="{back}"' in select and "koreksi" in select
