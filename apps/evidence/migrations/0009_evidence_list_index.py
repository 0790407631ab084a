"""The index of the API evidence list's keyset pagination: (tenant, created_at, id).

Built concurrently: an agency's evidence table can hold hundreds of thousands of rows,
and uploads must not wait for the build."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("evidence", "0008_queue_index_by_tenant_status_role_reach_anchor"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="evidenceitem",
            index=models.Index(fields=["tenant", "created_at", "id"], name="evidence_list_idx"),
        ),
    ]
