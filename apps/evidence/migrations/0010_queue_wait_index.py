"""The index of a verifier queue in its order: (tenant, status, current role, waiting
since, id). The TPI's level reaches every unit of the agency, so its queue's first page
is read from here instead of sorting every item waiting at that level (12 000 at a
ministry's size).

Built concurrently: an agency's evidence table can hold hundreds of thousands of rows,
and uploads must not wait for the build."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("evidence", "0009_evidence_list_index"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="evidenceitem",
            index=models.Index(
                fields=["tenant", "status", "current_role", "waiting_since", "id"],
                name="evidence_queue_wait_idx",
            ),
        ),
    ]
