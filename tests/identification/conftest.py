"""A UPT cycle at the identifikasi stage (on a bare template), on top of tests/conftest.py's
cast: the unit's ketua_tim and sekretaris, tpu_user, conflicted_tpu and other_tpu."""

import datetime

import pytest
from django.utils import timezone

from apps.identification import services
from tests.factories import CycleFactory


def make_cycle(unit, template, stage="identifikasi", year=2026):
    return CycleFactory(unit=unit, template=template, stage=stage, year=year)


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
def complete(submitted, tpu_user):
    return services.identification_decide(
        actor=tpu_user, identification=submitted, outcome="complete", requirements=ALL_MET
    )
