"""Assessors around the UPT's cycle: a TPU lead and a second TPU assessor (Eselon I), a
TPI assessor (agency), the unit's Ketua Tim, and a TPU assessor who also works in the
UPT (conflict of interest)."""

import pytest
from django_scopes import scope

from apps.accounts.roles import Role
from apps.assessment import services
from tests.factories import UserFactory, grant


@pytest.fixture
def tpu_lead(tree):
    user = UserFactory(full_name="Ketua TPU", email="ketua.tpu@alfa.go.id")
    grant(user, tree["es1"], Role.PENILAI_TPU, "MP")
    return user


@pytest.fixture
def tpu_two(tree):
    user = UserFactory(full_name="Penilai TPU Dua", email="tpu2@alfa.go.id")
    grant(user, tree["es1"], Role.PENILAI_TPU, "TL")
    return user


@pytest.fixture
def tpi_lead(tree):
    user = UserFactory(full_name="Ketua TPI", email="tpi@alfa.go.id")
    grant(user, tree["root"], Role.PENILAI_TPI)
    return user


@pytest.fixture
def ketua_tim(tree):
    user = UserFactory(full_name="Ketua Tim UPT", email="ketuatim@alfa.go.id")
    grant(user, tree["upt"], Role.KETUA_TIM)
    return user


@pytest.fixture
def conflicted(tree):
    user = UserFactory(full_name="Penilai Merangkap", email="rangkap@alfa.go.id")
    grant(user, tree["es1"], Role.PENILAI_TPU, "PW")
    grant(user, tree["upt"], Role.ANGGOTA_POKJA, "PW")
    return user


@pytest.fixture
def pimpinan(tree):
    user = UserFactory(full_name="Pimpinan Eselon I", email="pimpinan@alfa.go.id")
    grant(user, tree["es1"], Role.PIMPINAN)
    return user


@pytest.fixture
def tpu(admin, cycle, tpu_lead, tpu_two):
    """The TPU assessment of the UPT's cycle: tpu_lead leads, tpu_two scores TL."""
    with scope(tenant=cycle.tenant_id):
        assessment = services.assessment_open(actor=admin, cycle=cycle, level="tpu", lead=tpu_lead)
        services.assessor_assign(actor=tpu_lead, assessment=assessment, user=tpu_two, area="TL")
    return assessment


def save(actor, assessment, code, value, version=0, note="", rec=False):
    with scope(tenant=assessment.tenant_id):
        return services.answer_save(
            actor=actor,
            assessment=assessment,
            question_code=code,
            value=value,
            note=note,
            is_recommendation=rec,
            expected_version=version,
        ).answer


@pytest.fixture
def cycle(cycle):
    """The UPT's cycle at penilaian pendahuluan: the TPU may assess it (the TPI not yet)."""
    cycle.stage = "penilaian_pendahuluan"
    cycle.save(update_fields=["stage"])
    return cycle


def at_stage(cycle, stage):
    cycle.stage = stage
    cycle.save(update_fields=["stage"])
    return cycle
