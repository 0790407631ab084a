"""Every EvidenceEvent becomes a row of the one workflow history (core.StateChange)
before the table goes: same step, actor, comment (as the reason), time, and the revision,
level and level name (in the data); the from/to statuses are those the steps imply."""

from django.db import migrations


def _to_state(event, chain_length: int, state: str) -> str:
    if event.action in ("upload", "revise"):
        return "draft"
    if event.action == "submit":
        return "in_verification" if chain_length else "verified"
    if event.action == "verify":
        last = event.level is None or event.level + 1 >= chain_length
        return "verified" if last else "in_verification"
    if event.action == "return":
        return "returned"
    if event.action == "withdraw":
        return "withdrawn"
    return state


def copy_forward(apps, schema_editor):
    EvidenceEvent = apps.get_model("evidence", "EvidenceEvent")
    StateChange = apps.get_model("core", "StateChange")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="evidence", model="evidenceitem"
    )
    rows, state = [], {}
    events = EvidenceEvent.objects.select_related("item").order_by("item_id", "created_at", "id")
    for event in events.iterator():
        before = state.get(event.item_id, "")
        after = _to_state(event, len(event.item.chain or []), before)
        data = {}
        if event.revision_id is not None:
            data["revision"] = event.revision_id
        if event.level is not None:
            data["level"] = event.level
            data["level_name"] = event.level_name
        rows.append(
            StateChange(
                tenant_id=event.item.tenant_id,
                content_type=content_type,
                object_id=event.item_id,
                transition=event.action,
                from_state=before,
                to_state=after,
                actor_id=event.actor_id,
                reason=event.comment,
                data=data,
                created_at=event.created_at,
            )
        )
        state[event.item_id] = after
    StateChange.objects.bulk_create(rows, batch_size=1000)


def copy_back(apps, schema_editor):
    EvidenceEvent = apps.get_model("evidence", "EvidenceEvent")
    StateChange = apps.get_model("core", "StateChange")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="evidence", model="evidenceitem").first()
    if content_type is None:
        return
    changes = StateChange.objects.filter(content_type=content_type).order_by("created_at", "id")
    EvidenceEvent.objects.bulk_create(
        [
            EvidenceEvent(
                item_id=c.object_id,
                revision_id=(c.data or {}).get("revision"),
                action=c.transition,
                level=(c.data or {}).get("level"),
                level_name=(c.data or {}).get("level_name", ""),
                actor_id=c.actor_id,
                comment=c.reason,
            )
            for c in changes
            if c.actor_id is not None
        ]
    )
    changes.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0004_revision_keeps_its_upload_name"),
        ("core", "0002_state_change"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(copy_forward, copy_back)]
