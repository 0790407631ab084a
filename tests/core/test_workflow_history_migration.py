"""The old histories (StageChange, IdentificationEvent, EvidenceEvent, Reopening) are
copied into the one workflow history by the data migrations: nothing is lost on the way."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from apps.assessment.models import Assessment
from apps.audit.models import AuditEvent
from apps.core.models import StateChange
from apps.cycles.models import Cycle
from apps.evidence.models import EvidenceItem
from apps.identification.models import Identification
from apps.lke.models import Question
from tests.factories import UserFactory

BEFORE = [
    ("cycles", "0002_cycle_tenant_id_key_and_same_tenant_references"),
    ("identification", "0003_unit_cycle_and_report_same_tenant"),
    ("evidence", "0004_revision_keeps_its_upload_name"),
    ("assessment", "0004_key_target_realisation_up_to_1000_percent"),
]


BASE = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=2)


def _at(minutes: int):
    return BASE + datetime.timedelta(minutes=minutes)


@pytest.mark.django_db(transaction=True)
def test_old_history_rows_become_state_changes(tree, lke):
    actor = UserFactory(full_name="Admin Lama")
    unit = tree["upt"]
    cycle = Cycle.objects.create(
        tenant=unit.tenant, unit=unit, year=2026, name="Lama", target="wbk", template=lke
    )
    identification = Identification.objects.create(
        tenant=unit.tenant, cycle=cycle, unit=unit, created_by=actor, status="returned"
    )
    question = Question.objects.get(version=lke, code="PPA1A")
    item = EvidenceItem.objects.create(
        tenant=unit.tenant,
        cycle=cycle,
        unit=unit,
        question=question,
        area_code="PPA1",
        title="SK",
        status="verified",
        chain=[{"name": "Kanwil"}, {"name": "Eselon I"}],
        created_by=actor,
    )
    assessment = Assessment.objects.create(
        tenant=unit.tenant, cycle=cycle, unit=unit, template=lke, level="mandiri", lead=actor
    )

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    StageChange = old.get_model("cycles", "StageChange")
    for minute, (from_stage, to_stage) in enumerate(
        [("", "pencanangan"), ("pencanangan", "identifikasi"), ("identifikasi", "pencanangan")]
    ):
        change = StageChange.objects.create(
            tenant_id=unit.tenant_id,
            cycle_id=cycle.pk,
            from_stage=from_stage,
            to_stage=to_stage,
            actor_id=actor.pk,
            reason=f"alasan {minute}",
        )
        StageChange.objects.filter(pk=change.pk).update(created_at=_at(minute))
    AuditEvent.objects.create(
        tenant=unit.tenant,
        actor=actor,
        action="cycle.stage_correct",
        object_type="cycles.cycle",
        object_id=str(cycle.pk),
        before={"stage": "identifikasi"},
        after={"stage": "pencanangan"},
    )
    IdentificationEvent = old.get_model("identification", "IdentificationEvent")
    for minute, (action, note, missing) in enumerate(
        [("open", "", []), ("submit", "", []), ("return", "Lengkapi PK.", ["PK 2023"])]
    ):
        event = IdentificationEvent.objects.create(
            identification_id=identification.pk,
            action=action,
            actor_id=actor.pk,
            note=note,
            missing_items=missing,
        )
        IdentificationEvent.objects.filter(pk=event.pk).update(created_at=_at(10 + minute))
    EvidenceEvent = old.get_model("evidence", "EvidenceEvent")
    EvidenceRevision = old.get_model("evidence", "EvidenceRevision")
    revision = EvidenceRevision.objects.create(
        item_id=item.pk, number=1, url="https://contoh.go.id/sk", created_by_id=actor.pk
    )
    for minute, (action, level, comment) in enumerate(
        [("upload", None, ""), ("submit", 0, ""), ("verify", 0, "Ok."), ("verify", 1, "")]
    ):
        event = EvidenceEvent.objects.create(
            item_id=item.pk,
            revision_id=revision.pk,
            action=action,
            level=level,
            level_name="" if level is None else ["Kanwil", "Eselon I"][level],
            actor_id=actor.pk,
            comment=comment,
        )
        EvidenceEvent.objects.filter(pk=event.pk).update(created_at=_at(20 + minute))
    Reopening = old.get_model("assessment", "Reopening")
    reopening = Reopening.objects.create(
        tenant_id=unit.tenant_id,
        assessment_id=assessment.pk,
        actor_id=actor.pk,
        reason="Salah satu jawaban keliru.",
        locked_at=_at(29),
    )
    Reopening.objects.filter(pk=reopening.pk).update(created_at=_at(30))

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    def rows(model):
        return list(
            StateChange.objects.filter(
                content_type__app_label=model._meta.app_label,
                content_type__model=model._meta.model_name,
            )
            .order_by("created_at", "id")
            .values_list("transition", "from_state", "to_state", "reason", "data")
        )

    assert rows(Cycle) == [
        ("open", "", "pencanangan", "alasan 0", {}),
        ("advance", "pencanangan", "identifikasi", "alasan 1", {}),
        ("correct", "identifikasi", "pencanangan", "alasan 2", {}),
    ]
    assert rows(Identification) == [
        ("open", "", "draft", "", {}),
        ("submit", "draft", "submitted", "", {}),
        ("return", "submitted", "returned", "Lengkapi PK.", {"missing_items": ["PK 2023"]}),
    ]
    r = revision.pk
    assert rows(EvidenceItem) == [
        ("upload", "", "draft", "", {"revision": r}),
        (
            "submit",
            "draft",
            "in_verification",
            "",
            {"revision": r, "level": 0, "level_name": "Kanwil"},
        ),
        (
            "verify",
            "in_verification",
            "in_verification",
            "Ok.",
            {"revision": r, "level": 0, "level_name": "Kanwil"},
        ),
        (
            "verify",
            "in_verification",
            "verified",
            "",
            {"revision": r, "level": 1, "level_name": "Eselon I"},
        ),
    ]
    assert rows(Assessment) == [
        (
            "reopen",
            "final",
            "draft",
            "Salah satu jawaban keliru.",
            {"locked_at": _at(29).isoformat()},
        )
    ]
    assert set(StateChange.objects.values_list("actor_id", "tenant_id")) == {
        (actor.pk, unit.tenant_id)
    }
    assert StateChange.objects.filter(created_at=_at(0)).count() == 1
