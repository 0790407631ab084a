"""Every Reopening becomes a "reopen" row of the one workflow history (core.StateChange)
before the table goes: same assessment, actor, reason, time, and when it had been locked
(in the data)."""

from django.db import migrations


def copy_forward(apps, schema_editor):
    Reopening = apps.get_model("assessment", "Reopening")
    StateChange = apps.get_model("core", "StateChange")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="assessment", model="assessment"
    )
    StateChange.objects.bulk_create(
        [
            StateChange(
                tenant_id=r.tenant_id,
                content_type=content_type,
                object_id=r.assessment_id,
                transition="reopen",
                from_state="final",
                to_state="draft",
                actor_id=r.actor_id,
                reason=r.reason,
                data={"locked_at": r.locked_at.isoformat()},
                created_at=r.created_at,
            )
            for r in Reopening.objects.order_by("created_at", "id").iterator()
        ],
        batch_size=1000,
    )


def copy_back(apps, schema_editor):
    from django.utils.dateparse import parse_datetime

    Reopening = apps.get_model("assessment", "Reopening")
    StateChange = apps.get_model("core", "StateChange")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="assessment", model="assessment").first()
    if content_type is None:
        return
    changes = StateChange.objects.filter(content_type=content_type, transition="reopen")
    Reopening.objects.bulk_create(
        [
            Reopening(
                tenant_id=c.tenant_id,
                assessment_id=c.object_id,
                actor_id=c.actor_id,
                reason=c.reason,
                locked_at=parse_datetime((c.data or {}).get("locked_at") or "") or c.created_at,
            )
            for c in changes
            if c.actor_id is not None
        ]
    )
    changes.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0004_key_target_realisation_up_to_1000_percent"),
        ("core", "0002_state_change"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(copy_forward, copy_back)]
