"""Pickers offer only who fits: the level's assessor role above the unit and no role in
it for the TPU/TPI, the unit's own team for the self-assessment; the service refuses
anyone else even when a crafted request sends them."""

import re

import pytest
from django.urls import reverse

from apps.assessment.access import eligible_people
from apps.assessment.models import Assessment
from tests.factories import AssessmentFactory

from .conftest import at_stage

pytestmark = pytest.mark.django_db


def names(users):
    return {u.full_name for u in users}


def options(html: str, select_name: str) -> str:
    match = re.search(rf'<select name="{select_name}".*?</select>', html, re.S)
    assert match, f"no select {select_name}"
    return match.group(0)


def test_tpu_pickers_offer_tpu_assessors_without_a_role_in_the_unit(
    tree, tpu_user, tpu_user_tl, tpi_user, ketua_tim, conflicted_tpu, admin, member, verifier
):
    offered = names(eligible_people(tree["upt"], "tpu", lead=True))
    assert offered == {"Penilai TPU Satu", "Penilai TPU Dua"}
    assert names(eligible_people(tree["upt"], "tpu")) == offered


def test_tpi_pickers_offer_tpi_assessors_only(tree, tpu_user, tpi_user, ketua_tim, admin):
    assert names(eligible_people(tree["upt"], "tpi")) == {"Penilai TPI Satu"}


def test_mandiri_pickers_offer_the_units_own_team(tree, tpu_user, ketua_tim, member, admin):
    assert names(eligible_people(tree["upt"], "mandiri", lead=True)) == {"Ketua Tim Satu"}
    assert names(eligible_people(tree["upt"], "mandiri")) == {"Ketua Tim Satu", "Anggota Satu"}


def test_a_tpu_assessor_of_another_branch_is_not_offered(tree, tpu_user):
    # A TPU role held at a sibling unit does not reach the assessed unit.
    from apps.accounts.roles import Role
    from tests.factories import UserFactory, grant

    elsewhere = UserFactory(full_name="TPU Cabang Lain")
    grant(elsewhere, tree["upt2"], Role.PENILAI_TPU, "MP")
    assert "TPU Cabang Lain" not in names(eligible_people(tree["upt"], "tpu"))


def test_the_open_form_offers_only_openable_levels_and_fitting_leads(
    client_for, admin, cycle, tpu_user, tpi_user, ketua_tim, conflicted_tpu
):
    html = client_for(admin).get(reverse("assessment:cycle", args=[cycle.pk])).content.decode()
    levels = options(html, "level")
    assert 'value="tpu"' in levels and 'value="mandiri"' in levels
    assert 'value="tpi"' not in levels  # the cycle is not at evaluasi TPI yet
    assert "Evaluasi TPI baru dapat dibuka mulai tahap Evaluasi TPI" in html
    leads = options(html, "lead")
    assert "Penilai TPU Satu" in leads and "Ketua Tim Satu" in leads
    assert "Penilai Merangkap" not in leads and "Penilai TPI Satu" not in leads
    assert 'optgroup label="Penilaian pendahuluan (TPU)"' in leads


def test_a_crafted_lead_who_does_not_fit_is_refused_by_the_service(
    client_for, admin, cycle, ketua_tim
):
    at_stage(cycle, "evaluasi_tpi")
    data = {"level": "tpi", "lead": ketua_tim.pk}
    response = client_for(admin).post(reverse("assessment:cycle", args=[cycle.pk]), data)
    assert response.status_code == 400
    assert "tidak memegang peran Penilai TPI" in response.content.decode()
    assert not Assessment.objects.exists()


def test_the_assign_picker_offers_only_fitting_assessors(
    client_for, tpu_assessment, tpu_user, tpu_user_tl, conflicted_tpu, verifier, ketua_tim
):
    html = (
        client_for(tpu_user)
        .get(reverse("assessment:detail", args=[tpu_assessment.pk]))
        .content.decode()
    )
    offered = options(html, "user")
    assert "Penilai TPU Dua" in offered
    for name in ("Penilai Merangkap", "Verifikator Kanwil", "Ketua Tim Satu"):
        assert name not in offered


def test_a_suspended_assessor_is_neither_offered_nor_accepted(
    client_for, admin, cycle, tree, tpu_user, tpu_user_tl
):
    """Suspending a person's access to the agency takes them off every picker, and a
    crafted request naming them is refused with the reason."""
    from apps.tenants.models import Membership

    Membership.objects.filter(user=tpu_user_tl, tenant=tree["upt"].tenant).update(is_active=False)
    assert names(eligible_people(tree["upt"], "tpu", lead=True)) == {"Penilai TPU Satu"}
    at_stage(cycle, "penilaian_pendahuluan")
    data = {"level": "tpu", "lead": tpu_user_tl.pk}
    response = client_for(admin).post(reverse("assessment:cycle", args=[cycle.pk]), data)
    assert response.status_code == 400
    assert "sedang ditangguhkan" in response.content.decode()
    assert not Assessment.objects.exists()


# --- The search endpoints behind the pickers ------------------------------------------


def search(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return [(row["label"].split(" (")[0], row["group"]) for row in response.json()["results"]]


@pytest.fixture
def cast(tpu_user, tpu_user_tl, tpi_user, ketua_tim, conflicted_tpu, other_tpu, member, verifier):
    """Everybody who could be mistaken for an assessor."""


def test_the_lead_search_offers_who_may_lead_each_openable_level(client_for, admin, cycle, cast):
    url = reverse("assessment:pick_lead", args=[cycle.pk])
    c = client_for(admin)
    tpu = "Penilaian pendahuluan (TPU)"
    assert search(c, url, q="penilai") == [("Penilai TPU Dua", tpu), ("Penilai TPU Satu", tpu)]
    assert search(c, url, q="satu") == [
        ("Ketua Tim Satu", "Penilaian mandiri"),
        ("Penilai TPU Satu", tpu),
    ]
    assert search(c, url, q="satu", level="tpu") == [("Penilai TPU Satu", tpu)]
    assert search(c, url, q="satu", level="mandiri") == [("Ketua Tim Satu", "Penilaian mandiri")]
    assert search(c, url, q="tpu2@alfa") == [("Penilai TPU Dua", tpu)]  # by e-mail
    # Never the conflicted assessor, another agency's, a verifier or a member.
    for name in ("rangkap", "beta", "verifikator", "anggota"):
        assert search(c, url, q=name) == []
    # Exactly the people the rule allows (access.eligible_people).
    allowed = names(eligible_people(cycle.unit, "tpu", lead=True))
    assert {n for n, _g in search(c, url, q="alfa.go.id", level="tpu")} == allowed


def test_the_lead_search_refuses_a_level_that_cannot_be_opened(client_for, admin, cycle, cast):
    url = reverse("assessment:pick_lead", args=[cycle.pk])
    c = client_for(admin)
    for level in ("tpi", "semua"):  # TPI waits for its stage; no such level
        response = c.get(url, {"q": "penilai", "level": level})
        assert response.status_code == 400
        assert response.json()["error"] == "Tingkat penilaian ini tidak dapat dibuka sekarang."
    AssessmentFactory(actor=admin, cycle=cycle, level="tpu", lead=cast_lead(cycle))
    assert c.get(url, {"q": "penilai", "level": "tpu"}).status_code == 400  # already open
    assert search(c, url, q="penilai") == []


def cast_lead(cycle):
    from apps.accounts.models import User

    return User.objects.get(email="tpu@alfa.go.id")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member", 403),
        ("ketua_tim", 403),
        ("tpu_user", 403),
        ("sibling_sekretaris", 404),  # another unit: its cycle is not even visible
        ("other_admin", 404),
    ],
)
def test_only_the_units_admins_search_for_a_lead(client_for, request, cycle, cast, who, status):
    user = request.getfixturevalue(who)
    url = reverse("assessment:pick_lead", args=[cycle.pk])
    assert client_for(user).get(url, {"q": "penilai"}).status_code == status


def test_anonymous_is_sent_to_the_login_from_both_searches(client, cycle, tpu_assessment):
    for url in (
        reverse("assessment:pick_lead", args=[cycle.pk]),
        reverse("assessment:pick_assessor", args=[tpu_assessment.pk]),
    ):
        response = client.get(url, {"q": "penilai"})
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


@pytest.mark.parametrize("who", ["admin", "tpu_user"])  # an admin of the unit, the lead
def test_the_assessor_search_offers_only_eligible_assessors(
    client_for, request, tpu_assessment, cast, who
):
    url = reverse("assessment:pick_assessor", args=[tpu_assessment.pk])
    c = client_for(request.getfixturevalue(who))
    assert search(c, url, q="penilai") == [("Penilai TPU Dua", ""), ("Penilai TPU Satu", "")]
    for name in ("rangkap", "beta", "ketua tim", "tpi", "verif"):
        assert search(c, url, q=name) == []
    allowed = names(eligible_people(tpu_assessment.unit, "tpu"))
    assert {n for n, _g in search(c, url, q="alfa.go.id")} == allowed


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("tpu_user_tl", 403),  # an assessor of it, not its lead
        ("member", 404),  # the unit's own people do not read a TPU draft
        ("tpi_user", 404),
        ("other_admin", 404),
    ],
)
def test_only_the_lead_and_admins_search_for_assessors(
    client_for, request, tpu_assessment, cast, who, status
):
    url = reverse("assessment:pick_assessor", args=[tpu_assessment.pk])
    user = request.getfixturevalue(who)
    assert client_for(user).get(url, {"q": "penilai"}).status_code == status


def test_bad_queries_are_400s(client_for, admin, tpu_assessment, cycle):
    c = client_for(admin)
    for url in (
        reverse("assessment:pick_assessor", args=[tpu_assessment.pk]),
        reverse("assessment:pick_lead", args=[cycle.pk]),
    ):
        assert c.get(url, {"q": "p"}).status_code == 400
        assert "terlalu panjang" in c.get(url, {"q": "p" * 500}).json()["error"]


def _more_tpu_assessors(tree, n=25):
    from apps.accounts.roles import Role
    from tests.factories import UserFactory, grant

    for i in range(n):
        grant(UserFactory(full_name=f"Penilai Baru {i:02d}"), tree["es1"], Role.PENILAI_TPU, "MP")


def test_the_lead_search_has_a_query_budget_independent_of_the_agencys_size(
    client_for, admin, tree, cycle, cast, django_assert_max_num_queries
):
    c = client_for(admin)
    url = reverse("assessment:pick_lead", args=[cycle.pk])
    # The request's five, the cycle (and a content type, read once per process), the
    # admin check, the opened levels, one search per openable level.
    with django_assert_max_num_queries(11) as few:
        search(c, url, q="penilai")
    _more_tpu_assessors(tree)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(search(c, url, q="penilai")) == 20


def test_the_assessor_search_has_a_query_budget_independent_of_the_agencys_size(
    client_for, admin, tree, tpu_assessment, cast, django_assert_max_num_queries
):
    c = client_for(admin)
    url = reverse("assessment:pick_assessor", args=[tpu_assessment.pk])
    # The request's five, the assessment, may read it (assigned? reads all?), may
    # manage it, the search.
    with django_assert_max_num_queries(10) as few:
        search(c, url, q="penilai")
    _more_tpu_assessors(tree)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(search(c, url, q="penilai")) == 20


def test_with_many_people_the_pages_render_the_pickers(
    client_for, admin, cycle, tpu_user, ketua_tim, tpu_user_tl, settings
):
    settings.PICKER_SELECT_MAX = 1
    c = client_for(admin)
    page = c.get(reverse("assessment:cycle", args=[cycle.pk])).content.decode()
    lead_url = reverse("assessment:pick_lead", args=[cycle.pk])
    assert f'data-picker-url="{lead_url}"' in page
    assert 'data-picker-depends="{&quot;level&quot;: &quot;id_level&quot;}"' in page
    assert "Ketua Tim Satu" not in page and '<select name="lead"' not in page
    assessment = AssessmentFactory(actor=admin, cycle=cycle, level="tpu", lead=tpu_user)
    detail = c.get(reverse("assessment:detail", args=[assessment.pk])).content.decode()
    assessor_url = reverse("assessment:pick_assessor", args=[assessment.pk])
    assert f'data-picker-url="{assessor_url}"' in detail
    assert '<select name="user"' not in detail and "Penilai TPU Dua" not in detail
