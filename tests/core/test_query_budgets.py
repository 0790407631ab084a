"""Page query budgets do not grow with the number of rows."""

import pytest
from django.urls import reverse

from apps.accounts.roles import Role
from tests.factories import UserFactory, grant, make_unit

pytestmark = pytest.mark.django_db


def count_queries(client, url, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["tree", "detail", "home"])
def test_pages_keep_their_budget_as_the_tree_grows(
    client_for, admin, tree, page, django_assert_max_num_queries
):
    url = {
        "tree": reverse("units:tree"),
        "detail": reverse("units:detail", args=[tree["kanwil"].pk]),
        "home": reverse("home"),
    }[page]
    # The home page also asks every app what waits for the person (tests/home).
    budget = 30 if page == "home" else 15
    if page == "home":
        # The same roles before and after (the home page asks only the sources the
        # person's capabilities concern): growth alone is measured.
        grant(admin, tree["upt"], Role.PIMPINAN_UNIT)
    c = client_for(admin)
    c.get(url)
    small = count_queries(c, url, django_assert_max_num_queries, budget)
    for i in range(30):
        unit = make_unit(tree["kanwil"], code=f"EXTRA{i}")
        grant(UserFactory(), unit, Role.ANGGOTA_POKJA, "PP")
        grant(admin, unit, Role.PIMPINAN_UNIT)
        grant(UserFactory(), tree["kanwil"], Role.VERIFIKATOR)
    large = count_queries(c, url, django_assert_max_num_queries, budget)
    assert large == small


def test_audit_log_keeps_its_budget(client_for, admin, tree, django_assert_max_num_queries):
    c = client_for(admin)
    url = reverse("audit:list")
    small = count_queries(c, url, django_assert_max_num_queries, 12)
    for i in range(30):
        c.post(
            reverse("units:update", args=[tree["upt"].pk]),
            {"code": "UPT1", "name": f"UPT Satu {i}", "unit_type": tree["upt"].unit_type_id},
        )
    large = count_queries(c, url, django_assert_max_num_queries, 12)
    assert large == small
