"""Pickers offer only who fits: the level's assessor role above the unit and no role in
it for the TPU/TPI, the unit's own team for the self-assessment; the service refuses
anyone else even when a crafted request sends them."""

import re

import pytest
from django.urls import reverse

from apps.assessment.access import eligible_people
from apps.assessment.models import Assessment

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
