"""The people of UPT1's ZI team and a plan helper, on top of tests/conftest.py.

``member`` (tests/conftest.py) is the Ketua Pokja MP of UPT1.
"""

import datetime

import pytest
from django_scopes import scope

from apps.accounts.roles import Role
from apps.workplan import services
from tests.factories import UserFactory, grant


@pytest.fixture
def ketua_tim(tree):
    user = UserFactory(full_name="Ketua Tim Satu", email="ketua.tim@alfa.go.id")
    grant(user, tree["upt"], Role.KETUA_TIM)
    return user


@pytest.fixture
def pokja_tl(tree):
    user = UserFactory(full_name="Ketua Pokja TL", email="pokja.tl@alfa.go.id")
    grant(user, tree["upt"], Role.KETUA_POKJA, "TL")
    return user


@pytest.fixture
def pimpinan(tree):
    user = UserFactory(full_name="Kepala UPT Satu", email="kepala@alfa.go.id")
    grant(user, tree["upt"], Role.PIMPINAN_UNIT)
    return user


@pytest.fixture
def anggota(tree):
    user = UserFactory(full_name="Anggota Pokja MP", email="anggota.mp@alfa.go.id")
    grant(user, tree["upt"], Role.ANGGOTA_POKJA, "MP")
    return user


def item_values(area="MP", **overrides):
    values = {
        "area": area,
        "action": f"Kegiatan {area}",
        "description": "",
        "output": "Laporan kegiatan",
        "pic": f"Ketua Pokja {area}",
        "months": [1, 2],
    }
    values.update(overrides)
    return values


def questions(cycle, *codes):
    from apps.lke.models import Question

    return list(
        Question.objects.filter(version_id=cycle.template_id, code__in=codes).select_related(
            "indicator__aspect__area"
        )
    )


def ratified_plan(cycle, ketua_tim, approvers, pimpinan, areas=("MP", "TL")):
    """A ratified revision with one item per area, through the services."""
    with scope(tenant=cycle.tenant_id):
        revision = services.plan_start(actor=ketua_tim, cycle=cycle)
        codes = {"MP": "PPA1A", "TL": "PPB1A"}
        for area in areas:
            services.plan_item_add(
                actor=ketua_tim,
                revision=revision,
                questions=questions(cycle, codes.get(area, "")),
                **item_values(area),
            )
        for area, approver in zip(areas, approvers, strict=True):
            services.plan_area_approve(actor=approver, revision=revision, area=area)
        return services.plan_ratify(actor=pimpinan, revision=revision)


@pytest.fixture
def plan(cycle, ketua_tim, member, pokja_tl, pimpinan):
    return ratified_plan(cycle, ketua_tim, [member, pokja_tl], pimpinan)


@pytest.fixture
def task(plan, member, anggota):
    item = plan.items.get(area="MP")
    with scope(tenant=plan.tenant_id):
        return services.task_create(
            actor=member,
            item=item,
            title="Susun notulen rapat",
            due_on=datetime.date(2026, 2, 15),
            assignees=[anggota],
        )
