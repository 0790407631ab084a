"""Every work-plan page costs a fixed number of queries, however many items and tasks."""

import datetime

import pytest
from django.urls import reverse
from django_scopes import scope

from apps.core.choices import Area
from apps.lke.models import Question
from apps.workplan import services
from apps.workplan.models import PlanItem, Task

pytestmark = pytest.mark.django_db


def fill(revision, n):
    """``n`` more items spread over the six areas, each serving two questions."""
    questions = {}
    for q in Question.objects.filter(version_id=revision.cycle.template_id).select_related(
        "indicator__aspect__area"
    ):
        questions.setdefault(q.indicator.aspect.area.code, []).append(q)
    items = PlanItem.objects.bulk_create(
        [
            PlanItem(
                tenant_id=revision.tenant_id,
                revision=revision,
                area=Area.values[i % 6],
                order=100 + i,
                action=f"Kegiatan tambahan {i}",
                output="Laporan",
                pic="Pokja",
                months=[1 + i % 12],
            )
            for i in range(n)
        ]
    )
    PlanItem.questions.through.objects.bulk_create(
        [
            PlanItem.questions.through(planitem_id=item.pk, question_id=q.pk)
            for item in items
            for q in questions[item.area][:2]
        ]
    )


def add_tasks(plan, member, anggota, n):
    item = plan.items.get(area="MP")
    with scope(tenant=plan.tenant_id):
        for i in range(n):
            task = services.task_create(
                actor=member,
                item=item,
                title=f"Tugas {i}",
                due_on=datetime.date(2026, 1 + i % 12, 3),
                assignees=[anggota, member],
            )
            services.task_comment_add(actor=anggota, task=task, text=f"Catatan {i}")


def test_a_plan_of_300_items_renders_in_a_constant_number_of_queries(
    client_for, plan, member, ketua_tim, cycle, django_assert_max_num_queries
):
    c = client_for(member)
    url = reverse("workplan:plan", args=[cycle.pk])
    c.get(url)
    with django_assert_max_num_queries(20) as small:
        assert c.get(url).status_code == 200
    fill(plan, 298)
    assert plan.items.count() == 300
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = c.get(url)
    assert response.content.decode().count('data-testid="item"') == 300
    # The draft of the next revision (with the item form and the differences) too.
    with scope(tenant=cycle.tenant_id):
        services.plan_revise(actor=ketua_tim, cycle=cycle, reason="Penyesuaian jadwal.")
    k = client_for(ketua_tim)
    k.get(url)
    with django_assert_max_num_queries(26) as draft:
        assert k.get(url).status_code == 200
    fill(PlanItem.objects.filter(revision__number=2).first().revision, 100)
    with django_assert_max_num_queries(len(draft.captured_queries)):
        assert k.get(url).status_code == 200
    export = reverse("workplan:export", args=[plan.pk])
    with django_assert_max_num_queries(12):
        assert k.get(export).status_code == 200


def test_task_pages_keep_their_budget(
    client_for, plan, member, anggota, cycle, django_assert_max_num_queries
):
    add_tasks(plan, member, anggota, 2)
    first = Task.objects.first()
    urls = [
        reverse("workplan:my_tasks") + "?semua=1",
        reverse("workplan:overdue"),
        reverse("workplan:timeline", args=[cycle.pk]) + "?area=MP",
        reverse("workplan:task", args=[first.pk]),
    ]
    c = client_for(anggota)
    counts = {}
    for url in urls:
        c.get(url)
        with django_assert_max_num_queries(20) as ctx:
            assert c.get(url).status_code == 200
        counts[url] = len(ctx.captured_queries)
    add_tasks(plan, member, anggota, 20)
    fill(plan, 50)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert c.get(url).status_code == 200
