"""A ratified plan and a task of UPT1's cycle, on top of tests/conftest.py's cast:
ketua_tim drafts, member (Ketua Pokja MP) and pokja_tl approve, unit_leader ratifies,
anggota (Anggota Pokja MP) is assigned the task."""

import pytest

from tests.factories import PlanRevisionFactory, TaskFactory, plan_item_values

item_values = plan_item_values


def questions(cycle, *codes):
    from apps.lke.models import Question

    return list(
        Question.objects.filter(version_id=cycle.template_id, code__in=codes).select_related(
            "indicator__aspect__area"
        )
    )


def ratified_plan(cycle, ketua_tim, approvers, unit_leader, areas=("MP", "TL")):
    """A ratified revision with one item per area, through the services."""
    return PlanRevisionFactory(
        actor=ketua_tim,
        cycle=cycle,
        approvers=dict(zip(areas, approvers, strict=True)),
        ratified_by=unit_leader,
    )


@pytest.fixture
def plan(cycle, ketua_tim, member, pokja_tl, unit_leader):
    return ratified_plan(cycle, ketua_tim, [member, pokja_tl], unit_leader)


@pytest.fixture
def task(plan, member, anggota):
    return TaskFactory(actor=member, item=plan.items.get(area="MP"), assignees=[anggota])
