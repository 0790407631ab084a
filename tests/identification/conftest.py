"""A UPT cycle at the identifikasi stage, its unit's staff and the TPU assessors."""

import datetime

import pytest
from django.utils import timezone

from apps.accounts.roles import Role
from apps.cycles.models import Cycle
from apps.identification import services
from apps.lke.models import TemplateStatus, TemplateVersion
from tests.factories import UserFactory, grant


@pytest.fixture
def template(db):
    return TemplateVersion.objects.create(
        code="uji-2021", name="LKE uji", status=TemplateStatus.PUBLISHED, content_hash="0" * 64
    )


def make_cycle(unit, template, stage="identifikasi", year=2026):
    return Cycle.objects.create(
        tenant=unit.tenant,
        unit=unit,
        year=year,
        name=f"Pembangunan ZI {year}",
        target="wbk",
        template=template,
        stage=stage,
    )


@pytest.fixture
def cycle(tree, template):
    """UPT1's 2026 cycle, at identifikasi."""
    return make_cycle(tree["upt"], template)


@pytest.fixture
def sibling_cycle(tree, template):
    return make_cycle(tree["upt2"], template)


@pytest.fixture
def other_cycle(other_tree, template):
    return make_cycle(other_tree["upt"], template)


@pytest.fixture
def ketua_tim(tree):
    user = UserFactory(full_name="Ketua Tim Satu", email="ketua.tim@alfa.go.id")
    grant(user, tree["upt"], Role.KETUA_TIM)
    return user


@pytest.fixture
def sekretaris(tree):
    user = UserFactory(full_name="Sekretaris Satu")
    grant(user, tree["upt"], Role.SEKRETARIS)
    return user


@pytest.fixture
def tpu(tree):
    """Penilai TPU at the Eselon I: reaches UPT1, holds no role in it."""
    user = UserFactory(full_name="Penilai TPU", email="tpu@alfa.go.id")
    grant(user, tree["es1"], Role.PENILAI_TPU, "MP")
    return user


@pytest.fixture
def conflicted_tpu(tree):
    """Penilai TPU at the Eselon I who is also a Pokja member of UPT1."""
    user = UserFactory(full_name="Penilai Rangkap", email="rangkap@alfa.go.id")
    grant(user, tree["es1"], Role.PENILAI_TPU, "PW")
    grant(user, tree["upt"], Role.ANGGOTA_POKJA, "PW")
    return user


@pytest.fixture
def other_tpu(other_tree):
    user = UserFactory(full_name="Penilai Beta")
    grant(user, other_tree["root"], Role.PENILAI_TPU, "MP")
    return user


@pytest.fixture
def identification(cycle, ketua_tim):
    return services.identification_open(actor=ketua_tim, cycle=cycle)


GOOD_INFO = {
    "lhkan_percent": "100",
    "tlhp_percent": "95,5",
    "sakip_grade": "BB",
    "pk_y1": True,
    "pk_y2": True,
    "pk_y3": True,
    "realisation_y1": "98.75",
    "realisation_y2": "97",
}
ALL_MET = {
    "req_level": True,
    "req_core_service": True,
    "req_integrity_risk": True,
    "req_public_impact": True,
}


def add_users(identification, actor, n, start=0):
    day = timezone.localdate() - datetime.timedelta(days=3)
    for i in range(start, start + n):
        services.service_user_add(
            actor=actor,
            identification=identification,
            name=f"Pengguna {i:02d}",
            service="Rekomendasi teknis",
            finished_on=day.isoformat(),
            phone=f"0812-3456-{i:04d}",
            email=f"pengguna{i}@contoh.id",
        )


def fill(identification, actor, users=10, **info):
    services.identification_update(
        actor=actor, identification=identification, **{**GOOD_INFO, **info}
    )
    add_users(identification, actor, users)
    identification.refresh_from_db()
    return identification


@pytest.fixture
def submitted(identification, ketua_tim):
    fill(identification, ketua_tim)
    return services.identification_submit(actor=ketua_tim, identification=identification)


@pytest.fixture
def complete(submitted, tpu):
    return services.identification_decide(
        actor=tpu, identification=submitted, outcome="complete", requirements=ALL_MET
    )
