"""Rencana Kerja and task services: roles, the states of a revision, bad input refused
with an Indonesian message and nothing half-saved, and the audit trail."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from apps.audit.models import AuditEvent
from apps.core.exceptions import AccessDenied
from apps.core.workflow import history_of
from apps.cycles.services import cycle_change_stage
from apps.workplan import services
from apps.workplan.models import (
    AreaApproval,
    PlanItem,
    PlanRevision,
    Task,
    TaskComment,
)

from .conftest import item_values, questions, ratified_plan

pytestmark = pytest.mark.django_db


def counts():
    return (
        PlanRevision.objects.count(),
        PlanItem.objects.count(),
        AreaApproval.objects.count(),
        Task.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def draft(cycle, ketua_tim):
    with scope(tenant=cycle.tenant_id):
        return services.plan_start(actor=ketua_tim, cycle=cycle)


def add(revision, actor, area="MP", **overrides):
    with scope(tenant=revision.tenant_id):
        qs = overrides.pop("questions", [])
        return services.plan_item_add(
            actor=actor, revision=revision, questions=qs, **item_values(area, **overrides)
        )


def test_the_ketua_tim_drafts_pokja_approve_and_the_head_ratifies(
    cycle, ketua_tim, member, pokja_tl, unit_leader
):
    revision = ratified_plan(cycle, ketua_tim, [member, pokja_tl], unit_leader)
    assert revision.status == "ratified" and revision.ratified_by == unit_leader
    assert sorted(revision.approvals.values_list("area", flat=True)) == ["MP", "TL"]
    item = revision.items.get(area="MP")
    assert [q.code for q in item.questions.all()] == ["PPA1A"] and item.months == [1, 2]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"plan.start", "plan_item.add", "plan.approve_area", "plan.ratify"} <= actions


@pytest.mark.parametrize("who", ["member", "unit_leader", "anggota", "admin", "sibling_member"])
def test_only_the_ketua_tim_or_sekretaris_drafts(request, cycle, who):
    user = request.getfixturevalue(who)
    before = counts()
    with scope(tenant=cycle.tenant_id), pytest.raises(AccessDenied):
        services.plan_start(actor=user, cycle=cycle)
    assert counts() == before


def test_a_ketua_pokja_cannot_approve_another_area(draft, ketua_tim, member, pokja_tl):
    add(draft, ketua_tim, "TL")
    before = counts()
    with scope(tenant=draft.tenant_id), pytest.raises(AccessDenied) as info:
        services.plan_area_approve(actor=member, revision=draft, area="TL")
    assert "Ketua Pokja-nya: Ketua Pokja TL" in str(info.value)
    assert counts() == before


def test_an_area_without_items_cannot_be_approved(draft, member):
    with scope(tenant=draft.tenant_id), pytest.raises(ValidationError) as info:
        services.plan_area_approve(actor=member, revision=draft, area="MP")
    assert "belum memiliki butir" in info.value.messages[0]


def test_ratification_waits_for_every_area_with_items(draft, ketua_tim, member, unit_leader):
    add(draft, ketua_tim, "MP")
    add(draft, ketua_tim, "TL")
    with scope(tenant=draft.tenant_id):
        services.plan_area_approve(actor=member, revision=draft, area="MP")
        with pytest.raises(ValidationError) as info:
            services.plan_ratify(actor=unit_leader, revision=draft)
    assert "Penataan Tata Laksana" in info.value.messages[0]
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.ratified_at is None


def test_only_the_pimpinan_unit_ratifies(draft, ketua_tim, member, admin):
    add(draft, ketua_tim, "MP")
    with scope(tenant=draft.tenant_id):
        services.plan_area_approve(actor=member, revision=draft, area="MP")
        for user in (ketua_tim, member, admin):
            with pytest.raises(AccessDenied):
                services.plan_ratify(actor=user, revision=draft)


def test_an_empty_plan_cannot_be_ratified(draft, unit_leader):
    with scope(tenant=draft.tenant_id), pytest.raises(ValidationError) as info:
        services.plan_ratify(actor=unit_leader, revision=draft)
    assert "belum memiliki butir" in info.value.messages[0]


def test_changing_an_area_withdraws_its_approval(draft, ketua_tim, member):
    item = add(draft, ketua_tim, "MP")
    with scope(tenant=draft.tenant_id):
        services.plan_area_approve(actor=member, revision=draft, area="MP")
        services.plan_item_update(
            actor=ketua_tim, item=item, questions=[], **item_values("MP", output="Notulen")
        )
    assert not AreaApproval.objects.filter(revision=draft).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"months": []}, "months", "minimal satu bulan"),
        ({"months": [13]}, "months", "antara 1 dan 12"),
        ({"action": "  "}, "action", "wajib"),
        ({"area": "XX"}, "area", "enam area"),
        ({"pic": "x" * 151}, "pic", "Maksimal 150"),
    ],
)
def test_bad_item_input_is_refused_per_field(draft, ketua_tim, overrides, field, text):
    before = counts()
    with pytest.raises(ValidationError) as info:
        add(draft, ketua_tim, **overrides)
    assert text in " ".join(info.value.message_dict[field])
    assert counts() == before


def test_questions_must_be_of_the_items_area_and_the_cycles_lke(cycle, draft, ketua_tim):
    with pytest.raises(ValidationError) as info:
        add(draft, ketua_tim, "MP", questions=questions(cycle, "PPB1A"))
    assert "bukan bagian area MP" in info.value.message_dict["questions"][0]
    from apps.lke.models import Question
    from tests.factories import TemplateVersionFactory

    other = TemplateVersionFactory(code="lain")
    foreign = Question(version=other, code="ZZ1", pk=None)
    with pytest.raises(ValidationError) as info:
        add(draft, ketua_tim, "MP", questions=[foreign])
    assert "bukan bagian dari LKE" in info.value.message_dict["questions"][0]
    assert not PlanItem.objects.exists() and Question.objects.filter(code="ZZ1").count() == 0


def test_a_ratified_revision_is_frozen(plan, ketua_tim):
    item = plan.items.first()
    before = counts()
    with scope(tenant=plan.tenant_id):
        for call in (
            lambda: services.plan_item_add(
                actor=ketua_tim, revision=plan, questions=[], **item_values()
            ),
            lambda: services.plan_item_update(
                actor=ketua_tim, item=item, questions=[], **item_values()
            ),
            lambda: services.plan_item_delete(actor=ketua_tim, item=item),
        ):
            with pytest.raises(ValidationError) as info:
                call()
            assert "Buat revisi baru" in info.value.messages[0]
    assert counts() == before


def test_a_revision_copies_the_plan_and_needs_a_reason(
    plan, cycle, ketua_tim, member, unit_leader, pokja_tl
):
    with scope(tenant=cycle.tenant_id):
        with pytest.raises(ValidationError) as info:
            services.plan_revise(actor=ketua_tim, cycle=cycle, reason=" ")
        assert "alasan" in info.value.message_dict["reason"][0]
        second = services.plan_revise(
            actor=ketua_tim, cycle=cycle, reason="Jadwal monev digeser ke Maret."
        )
        with pytest.raises(ValidationError):
            services.plan_revise(actor=ketua_tim, cycle=cycle, reason="Lagi.")
    assert second.number == 2 and second.based_on == plan and second.status == "draft"
    copied = second.items.get(area="MP")
    original = plan.items.get(area="MP")
    assert copied.origin == original and copied.months == original.months
    assert [q.code for q in copied.questions.all()] == ["PPA1A"]
    with scope(tenant=cycle.tenant_id):
        services.plan_item_update(
            actor=ketua_tim,
            item=copied,
            questions=list(copied.questions.all()),
            **item_values("MP", months=[3]),
        )
        services.plan_area_approve(actor=member, revision=second, area="MP")
        services.plan_area_approve(actor=pokja_tl, revision=second, area="TL")
        services.plan_ratify(actor=unit_leader, revision=second)
    plan.refresh_from_db()
    assert plan.status == "superseded"
    assert plan.items.get(area="MP").months == [1, 2]  # the earlier revision stays readable
    # Both revisions' histories, in the one workflow history.
    assert list(history_of(plan).values_list("transition", "from_state", "to_state")) == [
        ("start", "", "draft"),
        ("approve_area", "draft", "draft"),
        ("approve_area", "draft", "draft"),
        ("ratify", "draft", "ratified"),
        ("supersede", "ratified", "superseded"),
    ]
    steps = list(history_of(second).values_list("transition", "reason", "data"))
    assert steps[0] == ("revise", "Jadwal monev digeser ke Maret.", {"based_on": 1})
    assert [s[0] for s in steps[1:]] == ["approve_area", "approve_area", "ratify"]
    assert AuditEvent.objects.filter(action="plan.supersede", object_id=str(plan.pk)).exists()


def test_the_stage_guard_wants_a_ratified_plan(
    cycle, admin, ketua_tim, member, pokja_tl, unit_leader
):
    with scope(tenant=cycle.tenant_id):
        with pytest.raises(ValidationError) as info:
            cycle_change_stage(
                actor=admin, cycle=cycle, to_stage="penilaian_pendahuluan", reason="Siap."
            )
        assert "Rencana Kerja" in info.value.messages[0]
        services.plan_start(actor=ketua_tim, cycle=cycle)
        with pytest.raises(ValidationError):  # a draft is not enough
            cycle_change_stage(
                actor=admin, cycle=cycle, to_stage="penilaian_pendahuluan", reason="Siap."
            )
    cycle.refresh_from_db()
    assert cycle.stage == "pembangunan"
    PlanRevision.objects.filter(cycle=cycle).delete()
    ratified_plan(cycle, ketua_tim, [member, pokja_tl], unit_leader)
    with scope(tenant=cycle.tenant_id):
        moved = cycle_change_stage(
            actor=admin, cycle=cycle, to_stage="penilaian_pendahuluan", reason="Siap."
        )
    assert moved.stage == "penilaian_pendahuluan"


# --- Tasks ---------------------------------------------------------------------------


def test_a_ketua_pokja_makes_a_task_and_the_assignee_completes_it(task, anggota):
    assert task.status == "belum" and list(task.assignees.all()) == [anggota]
    with scope(tenant=task.tenant_id):
        services.task_set_status(actor=anggota, task=task, status="sedang")
        done = services.task_set_status(actor=anggota, task=task, status="telah")
        assert done.done_at is not None
        with pytest.raises(ValidationError) as info:
            services.task_set_status(actor=anggota, task=task, status="belum")
        assert "tidak dapat langsung" in info.value.messages[0]
        reopened = services.task_set_status(actor=anggota, task=task, status="sedang")
    assert reopened.done_at is None
    assert list(history_of(task).values_list("from_state", "to_state", "actor")) == [
        ("belum", "sedang", anggota.pk),
        ("sedang", "telah", anggota.pk),
        ("telah", "sedang", anggota.pk),
    ]
    assert AuditEvent.objects.filter(action="task.status", object_id=str(task.pk)).count() == 3


@pytest.mark.parametrize(
    ("due_on", "text"),
    [(datetime.date(2027, 1, 5), "tahun siklus 2026"), (None, "wajib")],
)
def test_task_due_dates_stay_in_the_cycle_year(plan, member, anggota, due_on, text):
    before = counts()
    with scope(tenant=plan.tenant_id), pytest.raises(ValidationError) as info:
        services.task_create(
            actor=member,
            item=plan.items.get(area="MP"),
            title="X",
            due_on=due_on,
            assignees=[anggota],
        )
    assert text in info.value.message_dict["due_on"][0]
    assert counts() == before


def test_assignees_must_be_members_of_the_unit(plan, member, sibling_member, no_role):
    with scope(tenant=plan.tenant_id), pytest.raises(ValidationError) as info:
        services.task_create(
            actor=member,
            item=plan.items.get(area="MP"),
            title="X",
            due_on=datetime.date(2026, 3, 1),
            assignees=[sibling_member, no_role],
        )
    assert "anggota unit ini" in info.value.message_dict["assignees"][0]
    assert not Task.objects.exists()


def test_tasks_come_from_the_ratified_plan_and_the_areas_pokja(
    plan, cycle, ketua_tim, member, pokja_tl, anggota
):
    with scope(tenant=plan.tenant_id):
        with pytest.raises(AccessDenied):  # TL's Ketua Pokja for an MP item
            services.task_create(
                actor=pokja_tl,
                item=plan.items.get(area="MP"),
                title="X",
                due_on=datetime.date(2026, 3, 1),
                assignees=[anggota],
            )
        second = services.plan_revise(actor=ketua_tim, cycle=cycle, reason="Tambah kegiatan.")
        with pytest.raises(ValidationError) as info:
            services.task_create(
                actor=member,
                item=second.items.get(area="MP"),
                title="X",
                due_on=datetime.date(2026, 3, 1),
                assignees=[anggota],
            )
    assert "sudah disahkan" in info.value.messages[0]


def test_outsiders_cannot_change_or_comment_a_task(task, pokja_tl, sibling_member, unit_leader):
    with scope(tenant=task.tenant_id):
        for user in (pokja_tl, sibling_member):
            with pytest.raises(AccessDenied):
                services.task_set_status(actor=user, task=task, status="sedang")
            with pytest.raises(AccessDenied):
                services.task_comment_add(actor=user, task=task, text="Halo")
        services.task_comment_add(actor=unit_leader, task=task, text="Mohon dipercepat.")
        with pytest.raises(ValidationError):
            services.task_comment_add(actor=unit_leader, task=task, text="  ")
    assert TaskComment.objects.count() == 1


def test_an_attachment_is_an_evidence_item_of_the_items_question(task, anggota, cycle):
    from apps.evidence.models import EvidenceItem
    from tests.factories import pdf

    with scope(tenant=task.tenant_id):
        with pytest.raises(ValidationError) as info:
            services.task_attach(
                actor=anggota,
                task=task,
                question=questions(cycle, "PPA1B")[0],
                uploaded=pdf("x.pdf"),
            )
        assert "tidak dilayani" in info.value.message_dict["question"][0]
        attachment = services.task_attach(
            actor=anggota, task=task, question=questions(cycle, "PPA1A")[0], uploaded=pdf("n.pdf")
        )
    item = EvidenceItem.objects.get()
    assert attachment.evidence == item and item.question.code == "PPA1A"
    assert item.status == "draft" and item.created_by == anggota
