"""Tim Kerja and Agen Perubahan: members grant and give back roles, decrees are
access-checked stored files, Rencana Aksi rows; the access matrix and query budgets."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_scopes import scope

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import Role
from apps.audit.models import AuditEvent
from apps.core.exceptions import AccessDenied
from apps.teams import services
from apps.teams.models import ActionPlanItem, ChangeAgent, Decree, TeamMember
from tests.factories import make_member, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(tenant):
    return make_member(tenant, full_name="Dewi Lestari", email="dewi@alfa.go.id")


@pytest.fixture
def person2(tenant):
    return make_member(tenant, full_name="Budi Hartono", email="budi@alfa.go.id")


def roles_of(user, unit):
    return set(RoleAssignment.objects.filter(user=user, unit=unit).values_list("role", "area"))


def add(actor, cycle, user, function, area=""):
    with scope(tenant=cycle.tenant_id):
        return services.member_add(
            actor=actor, cycle=cycle, user=user, function=function, area=area
        )


def test_adding_a_member_grants_the_role_and_removing_revokes_it(admin, cycle, person, tree):
    member = add(admin, cycle, person, "ketua_pokja", "SDM")
    assert roles_of(person, tree["upt"]) == {(Role.KETUA_POKJA, "SDM")}
    assert member.granted and member.role_assignment.role == Role.KETUA_POKJA
    with scope(tenant=cycle.tenant_id):
        services.member_remove(actor=admin, member=member)
    assert roles_of(person, tree["upt"]) == set()
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert {"team_member.add", "role.assign", "team_member.remove", "role.revoke"} <= set(actions)


def test_a_role_held_before_stays_when_the_membership_ends(admin, cycle, member, tree):
    """``member`` already was Ketua Pokja MP: joining the team relies on that role."""
    joined = add(admin, cycle, member, "ketua_pokja", "MP")
    assert not joined.granted
    with scope(tenant=cycle.tenant_id):
        services.member_remove(actor=admin, member=joined)
    assert (Role.KETUA_POKJA, "MP") in roles_of(member, tree["upt"])


@pytest.mark.parametrize(
    ("function", "area", "field", "text"),
    [
        ("ketua_pokja", "", "area", "Pilih area"),
        ("bendahara", "", "function", "tidak dikenal"),
    ],
)
def test_bad_member_input_is_refused(admin, cycle, person, function, area, field, text):
    before = (TeamMember.objects.count(), RoleAssignment.objects.count())
    with pytest.raises(ValidationError) as info:
        add(admin, cycle, person, function, area)
    assert text in info.value.message_dict[field][0]
    assert (TeamMember.objects.count(), RoleAssignment.objects.count()) == before


def test_one_ketua_tim_and_one_ketua_pokja_per_area(admin, cycle, person, person2):
    add(admin, cycle, person, "ketua_tim")
    add(admin, cycle, person, "ketua_pokja", "PW")
    roles = RoleAssignment.objects.count()
    with pytest.raises(ValidationError) as info:
        add(admin, cycle, person2, "ketua_tim")
    assert "hanya dipegang satu orang" in " ".join(info.value.messages)
    with pytest.raises(ValidationError) as info:
        add(admin, cycle, person2, "ketua_pokja", "PW")
    assert "sudah memiliki Ketua Pokja" in " ".join(info.value.messages)
    assert RoleAssignment.objects.count() == roles


@pytest.mark.parametrize("who", ["member", "verifier", "sibling_member", "no_role"])
def test_only_an_admin_over_the_unit_manages_the_team(request, cycle, person, who):
    with pytest.raises(AccessDenied):
        add(request.getfixturevalue(who), cycle, person, "anggota", "MP")
    assert not TeamMember.objects.exists()


def test_someone_outside_the_agency_cannot_be_added(admin, cycle, other_admin):
    with pytest.raises(ValidationError) as info:
        add(admin, cycle, other_admin, "anggota", "MP")
    assert "terdaftar aktif" in info.value.message_dict["user"][0]


def test_agents_get_the_role_and_write_their_rencana_aksi(admin, cycle, person, tree, ketua_tim):
    with scope(tenant=cycle.tenant_id):
        agent = services.agent_add(actor=admin, cycle=cycle, user=person, position="Analis")
        values = {
            "value": "Integritas (Disiplin)",
            "outcome": "Meningkatnya kedisiplinan pegawai",
            "indicator": "Hadir kerja tepat waktu",
            "target": "100% pegawai hadir tepat waktu",
            "activities": "Memasang foto pegawai teladan",
            "timing": "Setiap bulan",
            "pic": "Dewi",
        }
        services.action_item_add(actor=person, agent=agent, **values)
        services.action_item_add(actor=ketua_tim, agent=agent, **{**values, "pic": "Tim"})
        with pytest.raises(ValidationError) as info:
            services.action_item_add(actor=person, agent=agent, **{**values, "indicator": " "})
        assert "wajib" in info.value.message_dict["indicator"][0]
        with pytest.raises(ValidationError):  # an agent with a plan is not removed silently
            services.agent_remove(actor=admin, agent=agent)
    assert (Role.AGEN_PERUBAHAN, "") in roles_of(person, tree["upt"])
    assert ActionPlanItem.objects.count() == 2


def test_another_person_cannot_write_an_agents_rencana_aksi(admin, cycle, person, person2, member):
    with scope(tenant=cycle.tenant_id):
        agent = services.agent_add(actor=admin, cycle=cycle, user=person)
        for user in (person2, member):
            with pytest.raises(AccessDenied):
                services.action_item_add(
                    actor=user,
                    agent=agent,
                    value="x",
                    outcome="x",
                    indicator="x",
                    target="x",
                    activities="x",
                    timing="x",
                    pic="x",
                )


def test_the_decree_is_stored_and_downloaded_with_access_checks(
    client_for, admin, cycle, member, sibling_member, other_admin
):
    c = client_for(admin)
    url = reverse("teams:decree", args=[cycle.pk, "tim_kerja"])
    response = c.post(
        url,
        {"sk-number": "KPTS/12/2026", "sk-signed_on": "2026-01-05", "file": pdf("sk-tim.pdf")},
        follow=True,
    )
    assert "SK Tim Kerja Pembangunan ZI disimpan" in response.content.decode()
    decree = Decree.objects.get()
    assert decree.stored_file.original_name == "sk-tim.pdf"
    download = reverse("teams:decree_file", args=[decree.pk])
    assert client_for(member).get(download).status_code == 200
    for outsider in (sibling_member, other_admin):
        assert client_for(outsider).get(download).status_code == 404
    assert Client().get(download).status_code == 302
    c = client_for(admin)
    refused = c.post(
        url,
        {"sk-number": "X", "sk-signed_on": "2020-01-01", "file": pdf("b.pdf", b"2")},
        follow=True,
    )
    assert "Tanggal SK harus pada tahun 2026" in refused.content.decode()
    missing = c.post(url, {"sk-number": "X", "sk-signed_on": "2026-01-02"}, follow=True)
    assert "Tidak ada berkas" in missing.content.decode()
    decree.refresh_from_db()
    assert decree.number == "KPTS/12/2026"
    assert (
        client_for(member)
        .post(url, {"sk-number": "Y", "sk-signed_on": "2026-01-02", "file": pdf("c.pdf", b"3")})
        .status_code
        == 403
    )


def test_team_pages_access_matrix(
    client_for, admin, cycle, person, member, sibling_member, other_admin
):
    tm = add(admin, cycle, person, "anggota", "MP")
    with scope(tenant=cycle.tenant_id):
        agent = services.agent_add(actor=admin, cycle=cycle, user=person)
    pages = [reverse("teams:team", args=[cycle.pk]), reverse("teams:agents", args=[cycle.pk])]
    posts = [
        reverse("teams:member_remove", args=[tm.pk]),
        reverse("teams:agent_remove", args=[agent.pk]),
        reverse("teams:action_add", args=[agent.pk]),
    ]
    anonymous = Client()
    for url in pages:
        assert anonymous.get(url).status_code == 302
        assert client_for(member).get(url).status_code == 200
        for outsider in (sibling_member, other_admin):
            assert client_for(outsider).get(url).status_code == 404
    for url in posts:
        assert anonymous.post(url).status_code == 302
        for outsider in (sibling_member, other_admin):
            assert client_for(outsider).post(url).status_code == 404
    assert client_for(member).post(posts[0]).status_code == 403
    page = client_for(member).get(pages[0]).content.decode()
    assert "Tambah anggota" not in page and "Dewi Lestari" in page
    assert TeamMember.objects.count() == 1 and ChangeAgent.objects.count() == 1


def test_an_admin_adds_members_through_the_page(client_for, admin, cycle, person, tree):
    c = client_for(admin)
    url = reverse("teams:team", args=[cycle.pk])
    bad = c.post(url, {"person": f"u{person.pk}", "function": "ketua_pokja", "area": ""})
    assert bad.status_code == 400 and "Pilih area" in bad.content.decode()
    ok = c.post(
        url,
        {
            "person": f"u{person.pk}",
            "function": "ketua_pokja",
            "area": "AK",
            "position": "Kasubbag",
        },
    )
    assert ok.status_code == 302
    assert roles_of(person, tree["upt"]) == {(Role.KETUA_POKJA, "AK")}
    agents = reverse("teams:agents", args=[cycle.pk])
    assert c.post(agents, {"user": person.pk}).status_code == 302
    again = c.post(agents, {"user": person.pk})
    assert again.status_code == 400 and "sudah menjadi Agen Perubahan" in again.content.decode()


def test_team_pages_keep_their_budget(
    client_for, admin, cycle, tenant, django_assert_max_num_queries
):
    c = client_for(admin)
    pages = [reverse("teams:team", args=[cycle.pk]), reverse("teams:agents", args=[cycle.pk])]

    def grow(n, offset):
        for i in range(n):
            user = make_member(tenant, full_name=f"Pegawai {offset + i}")
            add(admin, cycle, user, "anggota", "TL")
            with scope(tenant=cycle.tenant_id):
                agent = services.agent_add(actor=admin, cycle=cycle, user=user)
                services.action_item_add(
                    actor=admin,
                    agent=agent,
                    value="v",
                    outcome="o",
                    indicator="i",
                    target="t",
                    activities="a",
                    timing="w",
                    pic="p",
                )

    grow(1, 0)
    counts = {}
    for url in pages:
        c.get(url)
        with django_assert_max_num_queries(20) as ctx:
            c.get(url)
        counts[url] = len(ctx.captured_queries)
    grow(10, 100)
    for url in pages:
        with django_assert_max_num_queries(counts[url]):
            assert c.get(url).status_code == 200
