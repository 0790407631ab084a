"""The member and agent pickers of the teams (apps.teams.pickers): the search offers the
unit's roster and the agency's other active users (the member form), or the agency's
active users (the agent form); only to who manages the cycle's team, never another
agency's people; the forms accept the same rows and nothing else."""

import datetime

import pytest
from django.urls import reverse
from django_scopes import scope

from apps.declaration.models import Employee, Placement
from apps.teams.models import ChangeAgent
from apps.tenants.models import Membership
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def on_roster(unit, name, nip, user=None):
    with scope(tenant=unit.tenant_id):
        employee = Employee.objects.create(tenant_id=unit.tenant_id, nip=nip, name=name, user=user)
        Placement.objects.create(
            tenant_id=unit.tenant_id,
            employee=employee,
            unit=unit,
            position="Analis SDM",
            started_on=datetime.date(2025, 1, 1),
        )
    return employee


@pytest.fixture
def people(tree, tenant, other_tenant, admin, other_admin, ketua_tim):
    sari = make_member(tenant, full_name="Sari Wulan", email="sari@alfa.go.id")
    on_roster(tree["upt"], "Sari Wulan", "198001012005011001", user=sari)
    joko = on_roster(tree["upt"], "Joko Susilo", "198101012006011002")
    elsewhere = on_roster(tree["upt2"], "Joko Unit Lain", "198201012007011003")
    make_member(tenant, full_name="Joko Berakun", email="joko.b@alfa.go.id")
    suspended = make_member(tenant, full_name="Joko Ditangguhkan", email="joko.t@alfa.go.id")
    Membership.objects.filter(user=suspended).update(is_active=False)
    make_member(other_tenant, full_name="Joko Beta", email="joko@beta.go.id")
    return {"sari": sari, "joko": joko, "elsewhere": elsewhere}


def search(client, url, q):
    response = client.get(url, {"q": q})
    assert response.status_code == 200, response.content
    return [(row["value"][0], row["label"], row["group"]) for row in response.json()["results"]]


def test_the_member_search_offers_the_roster_then_the_agencys_other_users(
    client_for, admin, cycle, people
):
    url = reverse("teams:pick_member", args=[cycle.pk])
    rows = search(client_for(admin), url, "joko")
    assert rows == [
        (
            "e",
            "Joko Susilo (NIP 198101012006011002) – Analis SDM · belum punya akun, akan diundang",
            "Daftar pegawai unit ini",
        ),
        ("u", "Joko Berakun (joko.b@alfa.go.id)", "Pengguna lain di instansi"),
    ]
    # A person on the roster is offered there only, by NIP as well as by name.
    assert search(client_for(admin), url, "sari") == [
        ("e", "Sari Wulan (NIP 198001012005011001) – Analis SDM", "Daftar pegawai unit ini")
    ]
    assert [r[1][:10] for r in search(client_for(admin), url, "1980 0101")] == ["Sari Wulan"]


def test_the_agent_search_offers_the_agencys_active_users(client_for, admin, cycle, people):
    url = reverse("teams:pick_agent", args=[cycle.pk])
    c = client_for(admin)
    rows = search(c, url, "joko")
    assert [(label, group) for _kind, label, group in rows] == [
        ("Joko Berakun (joko.b@alfa.go.id)", "")
    ]
    assert [label for _k, label, _g in search(c, url, "sari@alfa")] == [
        "Sari Wulan (sari@alfa.go.id)"
    ]


@pytest.mark.parametrize("kind", ["pick_member", "pick_agent"])
def test_only_who_manages_the_team_may_search(
    client, client_for, cycle, people, kind, ketua_tim, member, sibling_sekretaris, other_admin
):
    url = reverse(f"teams:{kind}", args=[cycle.pk])
    anonymous = client.get(url, {"q": "joko"})
    assert anonymous.status_code == 302 and "/akun/masuk/" in anonymous["Location"]
    assert client_for(ketua_tim).get(url, {"q": "joko"}).status_code == 403
    assert client_for(member).get(url, {"q": "joko"}).status_code == 403
    assert client_for(sibling_sekretaris).get(url, {"q": "joko"}).status_code == 404
    assert client_for(other_admin).get(url, {"q": "joko"}).status_code == 404


def test_bad_queries_are_400s(client_for, admin, cycle):
    url = reverse("teams:pick_member", args=[cycle.pk])
    assert client_for(admin).get(url, {"q": "j"}).status_code == 400
    assert client_for(admin).get(url, {"q": "j" * 101}).status_code == 400


def test_the_member_search_has_a_query_budget(
    client_for, admin, cycle, people, tenant, django_assert_max_num_queries
):
    url = reverse("teams:pick_member", args=[cycle.pk])
    c = client_for(admin)
    # The request's five, the cycle (and a content type, once per process), the team
    # check, the roster, the other users.
    with django_assert_max_num_queries(10) as few:
        search(c, url, "joko")
    for n in range(25):
        make_member(tenant, full_name=f"Joko Tambahan {n:02d}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(search(c, url, "joko")) == 20


def test_the_member_form_refuses_what_the_picker_never_offers(client_for, admin, cycle, people):
    url = reverse("teams:team", args=[cycle.pk])
    c = client_for(admin)
    for key in (f"e{people['elsewhere'].pk}", f"u{people['sari'].pk}", "x1", "u99999999"):
        response = c.post(url, {"person": key, "function": "anggota", "area": "SDM"})
        assert response.status_code == 400
        assert "pilihan yang valid" in response.content.decode()


def test_with_many_people_the_team_pages_render_pickers(client_for, admin, cycle, people, settings):
    settings.PICKER_SELECT_MAX = 2
    c = client_for(admin)
    team = c.get(reverse("teams:team", args=[cycle.pk])).content.decode()
    assert f'data-picker-url="{reverse("teams:pick_member", args=[cycle.pk])}"' in team
    assert "Joko Berakun" not in team
    agents = c.get(reverse("teams:agents", args=[cycle.pk])).content.decode()
    assert f'data-picker-url="{reverse("teams:pick_agent", args=[cycle.pk])}"' in agents
    assert "Joko Berakun" not in agents


def test_an_agent_is_added_through_the_picker_value(client_for, admin, cycle, people):
    response = client_for(admin).post(
        reverse("teams:agents", args=[cycle.pk]), {"user": people["sari"].pk}
    )
    assert response.status_code == 302
    assert ChangeAgent.objects.get(cycle=cycle).user == people["sari"]
