"""Cycle fixtures on top of tests/conftest.py's agencies, tree and cast.

Template versions are bare rows (no questions, ``template`` in tests/conftest.py): cycles
only bind to them. Cycles here are made by the service, so they start at pencanangan
with their history.
"""

import pytest

from apps.cycles import services
from apps.cycles.models import Stage
from apps.lke.models import TemplateStatus
from tests.factories import TemplateVersionFactory


@pytest.fixture(autouse=True)
def stage_guards(monkeypatch):
    """An empty guard registry for every test here: these tests are about the stage
    machinery; guards that other apps register (a recorded declaration, eligibility …)
    are tested with their features. Tests register their own guards in it."""
    registry: dict = {}
    monkeypatch.setattr(services.cycle, "_STAGE_GUARDS", registry)
    return registry


@pytest.fixture
def draft_template(db):
    return TemplateVersionFactory(code="uji-draf", status=TemplateStatus.DRAFT)


@pytest.fixture
def retired_template(db):
    return TemplateVersionFactory(code="uji-2014", status=TemplateStatus.RETIRED)


@pytest.fixture
def cycle(admin, tree, template):
    """UPT1's 2026 cycle towards WBK, at pencanangan."""
    return services.cycle_create(
        actor=admin, unit=tree["upt"], year=2026, target="wbk", template=template
    )


@pytest.fixture
def sibling_cycle(admin, tree, template):
    return services.cycle_create(
        actor=admin, unit=tree["upt2"], year=2026, target="wbk", template=template
    )


@pytest.fixture
def other_cycle(other_admin, other_tree, template):
    return services.cycle_create(
        actor=other_admin, unit=other_tree["upt"], year=2026, target="wbk", template=template
    )


def advance(cycle, actor, *stages: str, reason: str = "Sesuai jadwal."):
    """Move ``cycle`` through ``stages`` one change at a time."""
    for stage in stages:
        cycle = services.cycle_change_stage(actor=actor, cycle=cycle, to_stage=stage, reason=reason)
    return cycle


MAIN = [
    Stage.IDENTIFIKASI,
    Stage.PEMBANGUNAN,
    Stage.PENILAIAN_PENDAHULUAN,
    Stage.USULAN_TPI,
    Stage.EVALUASI_TPI,
    Stage.USULAN_TPN,
]
