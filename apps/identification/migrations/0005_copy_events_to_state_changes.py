"""Every IdentificationEvent becomes a row of the one workflow history (core.StateChange)
before the table goes: same step, actor, note (as the reason), missing items (in the
data) and time; the from/to statuses are those the steps imply."""

from django.db import migrations

# The status each step leads to.
TO_STATE = {"open": "draft", "submit": "submitted", "return": "returned", "complete": "complete"}


def copy_forward(apps, schema_editor):
    IdentificationEvent = apps.get_model("identification", "IdentificationEvent")
    StateChange = apps.get_model("core", "StateChange")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="identification", model="identification"
    )
    rows, state = [], {}
    events = IdentificationEvent.objects.select_related("identification").order_by(
        "identification_id", "created_at", "id"
    )
    for event in events.iterator():
        to_state = TO_STATE.get(event.action, event.action)
        rows.append(
            StateChange(
                tenant_id=event.identification.tenant_id,
                content_type=content_type,
                object_id=event.identification_id,
                transition=event.action,
                from_state=state.get(event.identification_id, ""),
                to_state=to_state,
                actor_id=event.actor_id,
                reason=event.note,
                data={"missing_items": event.missing_items} if event.missing_items else {},
                created_at=event.created_at,
            )
        )
        state[event.identification_id] = to_state
    StateChange.objects.bulk_create(rows, batch_size=1000)


def copy_back(apps, schema_editor):
    IdentificationEvent = apps.get_model("identification", "IdentificationEvent")
    StateChange = apps.get_model("core", "StateChange")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(
        app_label="identification", model="identification"
    ).first()
    if content_type is None:
        return
    changes = StateChange.objects.filter(content_type=content_type).order_by("created_at", "id")
    IdentificationEvent.objects.bulk_create(
        [
            IdentificationEvent(
                identification_id=c.object_id,
                action=c.transition,
                actor_id=c.actor_id,
                note=c.reason,
                missing_items=(c.data or {}).get("missing_items", []),
            )
            for c in changes
            if c.actor_id is not None
        ]
    )
    changes.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("identification", "0004_report_made_by_the_worker"),
        ("core", "0002_state_change"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(copy_forward, copy_back)]
