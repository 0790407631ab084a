"""Query budgets of the cycle pages and endpoints do not grow with the number of rows."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.cycles import services
from tests.factories import make_unit

from .conftest import advance

pytestmark = pytest.mark.django_db


def count_queries(client, url, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def more_cycles(admin, tree, template, n=25):
    for i in range(n):
        unit = make_unit(tree["kanwil"], code=f"EXTRA{i}")
        cycle = services.cycle_create(
            actor=admin, unit=unit, year=2026, target="wbk", template=template
        )
        advance(cycle, admin, "identifikasi")


@pytest.mark.parametrize(
    ("page", "budget"),
    # list: +1 for the calendar end dates of the page's stages ("terlambat").
    # Every request: +1 for the session's second-factor device (django-otp).
    # api_list: +1 for the person's roles, read once and asked in Python (policy.grants_of).
    [("list", 13), ("calendar", 10), ("api_list", 8)],
)
def test_lists_keep_their_budget_as_cycles_grow(
    client_for, admin, tree, template, cycle, page, budget, django_assert_max_num_queries
):
    url = {
        "list": reverse("cycles:list"),
        "calendar": reverse("cycles:calendar") + "?year=2026",
        "api_list": "/api/v1/cycles/",
    }[page]
    c = client_for(admin) if page != "api_list" else APIClient()
    if page == "api_list":
        c.force_login(admin)
    c.get(url)
    small = count_queries(c, url, django_assert_max_num_queries, budget)
    more_cycles(admin, tree, template)
    large = count_queries(c, url, django_assert_max_num_queries, budget)
    assert large == small


# Every request includes one query for the session's second-factor device (django-otp).
@pytest.mark.parametrize(("page", "budget"), [("detail", 14), ("api_detail", 8), ("unit", 15)])
def test_a_cycle_keeps_its_budget_as_its_history_grows(
    client_for, admin, tree, template, cycle, page, budget, django_assert_max_num_queries
):
    """The cycle page as its log grows; the unit page as the unit's cycles grow."""
    url = {
        "detail": reverse("cycles:detail", args=[cycle.pk]),
        "api_detail": f"/api/v1/cycles/{cycle.pk}/",
        "unit": reverse("units:detail", args=[tree["upt"].pk]),
    }[page]
    c = client_for(admin)
    c.get(url)
    small = count_queries(c, url, django_assert_max_num_queries, budget)
    for _ in range(10):
        cycle = advance(cycle, admin, "identifikasi", "pencanangan")
    for year in range(2027, 2037):
        services.cycle_create(
            actor=admin, unit=tree["upt"], year=year, target="wbk", template=template
        )
    large = count_queries(c, url, django_assert_max_num_queries, budget)
    assert large == small
