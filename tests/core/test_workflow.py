"""The one transition mechanism (apps/core/workflow.py), on a workflow declared for these
tests over a cycle's stage: wrong state, guards, authorisation, history and audit in one
transaction, and two people acting at once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import Role
from apps.audit.actions import AuditAction
from apps.audit.models import AuditEvent
from apps.core import workflow
from apps.core.exceptions import AccessDenied
from apps.core.models import StateChange
from apps.cycles.models import Cycle
from apps.lke.models import TemplateStatus, TemplateVersion
from tests.factories import UserFactory

NOT_YET = "Piagam belum dicatat."


def _no_piagam(cycle, *, actor, to_state, **context):
    return [NOT_YET] if context.get("refuse") else []


def _named(cycle, *, actor, to_state, **context):
    cycle.name = context.get("name", cycle.name)
    return ["name"]


@pytest.fixture
def flow(monkeypatch):
    """A small workflow on Cycle.stage, replacing the real one for the test."""
    declared = workflow.Workflow(
        model=Cycle,
        field="stage",
        unit=lambda cycle: cycle.unit,
        transitions={
            t.name: t
            for t in [
                workflow.Transition(
                    name="start",
                    source=("pencanangan",),
                    target="identifikasi",
                    capability="cycle.manage",
                    action=AuditAction.CYCLE_STAGE_CHANGE,
                    guards=(_no_piagam,),
                    effect=_named,
                ),
                workflow.Transition(
                    name="build",
                    source=("identifikasi",),
                    target="pembangunan",
                    capability="cycle.manage",
                    action=AuditAction.CYCLE_STAGE_CHANGE,
                ),
            ]
        },
    )
    monkeypatch.setitem(workflow._WORKFLOWS, Cycle._meta.label, declared)
    monkeypatch.setattr(Cycle, "workflow", declared, raising=False)
    return declared


def _cycle(tenant, unit, year=2026):
    template, _ = TemplateVersion.objects.get_or_create(
        code="uji-wf",
        defaults={"name": "LKE uji", "status": TemplateStatus.PUBLISHED, "content_hash": "0" * 64},
    )
    return Cycle.objects.create(
        tenant=tenant, unit=unit, year=year, target="wbk", template=template, name="Siklus uji"
    )


@pytest.fixture
def cycle(tenant, tree):
    return _cycle(tenant, tree["upt"])


@pytest.fixture
def actor(db, tenant, tree):
    """An Admin Instansi of the root unit: holds ``cycle.manage`` over the whole tree."""
    user = UserFactory(full_name="Pelaku Uji")
    RoleAssignment.objects.create(
        tenant=tenant, user=user, unit=tree["root"], role=Role.ADMIN_INSTANSI
    )
    return user


def _written():
    return StateChange.objects.count(), AuditEvent.objects.count()


def test_it_moves_the_state_and_writes_one_history_row_and_one_audit_row(flow, cycle, actor):
    before = _written()
    moved = workflow.transition(cycle, "start", actor=actor, reason="Sesuai jadwal.", name="Baru")

    assert moved.stage == "identifikasi"
    stored = Cycle.objects.get(pk=cycle.pk)
    assert (stored.stage, stored.name) == ("identifikasi", "Baru")
    assert _written() == (before[0] + 1, before[1] + 1)
    change = StateChange.objects.latest("id")
    assert (change.tenant_id, change.object_id, change.transition) == (
        cycle.tenant_id,
        cycle.pk,
        "start",
    )
    assert (change.from_state, change.to_state, change.actor, change.reason) == (
        "pencanangan",
        "identifikasi",
        actor,
        "Sesuai jadwal.",
    )
    assert list(workflow.history_of(cycle)) == [change]
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.before, event.after, event.reason) == (
        "cycle.stage_change",
        {"stage": "pencanangan"},
        {"stage": "identifikasi"},
        "Sesuai jadwal.",
    )


def test_it_refuses_a_transition_from_the_wrong_state(flow, cycle, actor):
    before = _written()
    with pytest.raises(ValidationError) as refused:
        workflow.transition(cycle, "build", actor=actor)

    assert refused.value.messages == ["Tindakan ini tidak dapat dilakukan pada status Pencanangan."]
    assert Cycle.objects.get(pk=cycle.pk).stage == "pencanangan"
    assert _written() == before


def test_it_says_so_when_the_state_changed_since_the_page_was_read(flow, cycle, actor):
    Cycle.objects.filter(pk=cycle.pk).update(stage="identifikasi")

    with pytest.raises(ValidationError) as refused:
        workflow.transition(cycle, "build", actor=actor)  # still reads pencanangan

    assert "sudah berubah menjadi Identifikasi" in refused.value.messages[0]
    assert Cycle.objects.get(pk=cycle.pk).stage == "identifikasi"


def test_a_guard_refusal_leaves_nothing_half_saved(flow, cycle, actor):
    before = _written()
    with pytest.raises(ValidationError) as refused:
        workflow.transition(cycle, "start", actor=actor, name="Tidak tersimpan", refuse=True)

    assert refused.value.messages == [NOT_YET]
    stored = Cycle.objects.get(pk=cycle.pk)
    assert (stored.stage, stored.name) == ("pencanangan", "Siklus uji")
    assert _written() == before


def test_a_failing_audit_write_takes_the_state_and_the_history_back(flow, cycle, actor, settings):
    settings.WORKFLOW_AUDIT_RECORDER = "tests.core.test_workflow.broken_recorder"
    before = _written()
    with pytest.raises(RuntimeError):
        workflow.transition(cycle, "start", actor=actor, name="Tidak tersimpan")

    assert Cycle.objects.get(pk=cycle.pk).stage == "pencanangan"
    assert _written() == before


def broken_recorder(**kwargs):
    raise RuntimeError("audit store down")


def test_the_declared_capability_is_asked_of_the_access_policy(flow, cycle, tenant, tree):
    """Somebody without ``cycle.manage`` over the unit is refused with the capability
    table's message and nothing is written; ``authorize`` gives the same answer."""
    staff = UserFactory(full_name="Staf Unit")
    RoleAssignment.objects.create(tenant=tenant, user=staff, unit=tree["upt"], role=Role.SEKRETARIS)
    before = _written()

    assert workflow.authorize(cycle, "start", staff) is False
    with pytest.raises(AccessDenied) as refused:
        workflow.transition(cycle, "start", actor=staff)

    assert "Hanya Admin Instansi" in str(refused.value)
    assert Cycle.objects.get(pk=cycle.pk).stage == "pencanangan"
    assert _written() == before


def test_the_system_acts_without_a_capability(flow, cycle):
    moved = workflow.transition(cycle, "start", actor=None)

    assert moved.stage == "identifikasi"
    assert StateChange.objects.latest("id").actor_id is None


def test_asking_first_is_not_asked_again(flow, tenant, tree, actor):
    def queries_of_start(cycle, *, asked_first: bool) -> int:
        locked = workflow.lock(cycle)
        assert locked.unit  # read before counting, in both cases
        if asked_first:
            workflow.require(locked, "start", actor)
        with CaptureQueriesContext(connection) as queries:
            workflow.transition(locked, "start", actor=actor)
        return len(queries)

    plain = queries_of_start(_cycle(tenant, tree["upt"]), asked_first=False)
    asked = queries_of_start(_cycle(tenant, tree["upt"], year=2027), asked_first=True)

    assert asked == plain - 1


def test_a_capability_the_table_does_not_know_is_refused_at_declaration():
    with pytest.raises(ValueError):
        workflow.declare(
            Cycle,
            field="stage",
            unit=lambda cycle: cycle.unit,
            transitions=[
                workflow.Transition(
                    name="x",
                    source=workflow.ANY,
                    target="x",
                    capability="cycle.fly",
                    action=AuditAction.CYCLE_STAGE_CHANGE,
                )
            ],
        )


def test_an_undeclared_transition_is_a_programming_error(flow, cycle, actor):
    with pytest.raises(LookupError):
        workflow.transition(cycle, "publish", actor=actor)


@pytest.mark.django_db(transaction=True)
def test_two_people_at_once_move_the_state_once(flow, tenant, tree, actor):
    """Both read the cycle at pencanangan, then both ask for the same transition: the
    row lock lets one through; the other finds the state changed and is refused."""
    cycle = _cycle(tenant, tree["upt"])
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act():
        try:
            with scopes_disabled():
                seen = Cycle.objects.get(pk=cycle.pk)
                barrier.wait(timeout=10)
                try:
                    workflow.transition(seen, "start", actor=actor)
                    outcomes.append("moved")
                except ValidationError as exc:
                    outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=act) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes)[1] == "moved"
    assert "sudah berubah menjadi Identifikasi" in sorted(outcomes)[0]
    assert StateChange.objects.filter(object_id=cycle.pk, transition="start").count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.CYCLE_STAGE_CHANGE).count() == 1
