"""Cycle fixtures on top of tests/conftest.py's agencies, tree and people.

Template versions are bare rows (no questions): cycles only bind to them.
"""

import pytest

from apps.accounts.roles import Role
from apps.cycles import services
from apps.cycles.models import Stage
from apps.lke.models import TemplateStatus, TemplateVersion
from tests.factories import UserFactory, grant


@pytest.fixture(autouse=True)
def stage_guards(monkeypatch):
    """An empty guard registry for every test here: these tests are about the stage
    machinery; guards that other apps register (a recorded declaration, eligibility …)
    are tested with their features. Tests register their own guards in it."""
    registry: dict = {}
    monkeypatch.setattr(services.cycle, "_STAGE_GUARDS", registry)
    return registry


def make_template(code: str, status: str = TemplateStatus.PUBLISHED) -> TemplateVersion:
    return TemplateVersion.objects.create(
        code=code, name=f"LKE {code}", status=status, content_hash="0" * 64
    )


@pytest.fixture
def template(db):
    return make_template("uji-2021")


@pytest.fixture
def draft_template(db):
    return make_template("uji-draf", TemplateStatus.DRAFT)


@pytest.fixture
def retired_template(db):
    return make_template("uji-2014", TemplateStatus.RETIRED)


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


@pytest.fixture
def kanwil_admin(tree):
    """Admin Instansi of the Kanwil subtree only (not of the whole agency)."""
    user = UserFactory(full_name="Admin Kanwil", email="admin.kanwil@alfa.go.id")
    grant(user, tree["kanwil"], Role.ADMIN_INSTANSI)
    return user


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
