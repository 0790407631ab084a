"""Every StageChange becomes a row of the one workflow history (core.StateChange) before
the table goes: same cycle, stages, actor, reason and time."""

from django.db import migrations


def copy_forward(apps, schema_editor):
    StageChange = apps.get_model("cycles", "StageChange")
    StateChange = apps.get_model("core", "StateChange")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(app_label="cycles", model="cycle")
    rows = []
    for change in StageChange.objects.order_by("created_at", "id").iterator():
        if not change.from_stage:
            name = "open"
        else:
            name = "advance"  # corrections are told apart below
        rows.append(
            StateChange(
                tenant_id=change.tenant_id,
                content_type=content_type,
                object_id=change.cycle_id,
                transition=name,
                from_state=change.from_stage,
                to_state=change.to_stage,
                actor_id=change.actor_id,
                reason=change.reason,
                created_at=change.created_at,
            )
        )
    StateChange.objects.bulk_create(rows, batch_size=1000)
    # A correction is the change recorded in the audit trail as "cycle.stage_correct";
    # the old log did not say which, the audit does (same cycle, same stages).
    AuditEvent = apps.get_model("audit", "AuditEvent")
    for event in AuditEvent.objects.filter(
        action="cycle.stage_correct", object_type="cycles.cycle"
    ).iterator():
        StateChange.objects.filter(
            content_type=content_type,
            object_id=int(event.object_id),
            transition="advance",
            from_state=(event.before or {}).get("stage", ""),
            to_state=(event.after or {}).get("stage", ""),
        ).update(transition="correct")


def copy_back(apps, schema_editor):
    StageChange = apps.get_model("cycles", "StageChange")
    StateChange = apps.get_model("core", "StateChange")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="cycles", model="cycle").first()
    if content_type is None:
        return
    changes = StateChange.objects.filter(content_type=content_type).order_by("created_at", "id")
    StageChange.objects.bulk_create(
        [
            StageChange(
                tenant_id=c.tenant_id,
                cycle_id=c.object_id,
                from_stage=c.from_state,
                to_stage=c.to_state,
                actor_id=c.actor_id,
                reason=c.reason or "-",
                created_at=c.created_at,
            )
            for c in changes
        ]
    )
    changes.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0002_cycle_tenant_id_key_and_same_tenant_references"),
        ("core", "0002_state_change"),
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(copy_forward, copy_back)]
