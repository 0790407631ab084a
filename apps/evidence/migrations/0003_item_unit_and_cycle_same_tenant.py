"""An evidence item's cycle, unit and waiting level's unit are of the item's own agency.

Composite references (tenant, <column>) -> target (tenant, id): PostgreSQL refuses a row
pointing at another agency's row, whichever path writes it (see apps.core.db).
"""

from django.db import migrations

from apps.core.db import same_tenant_foreign_key


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0002_cycle_tenant_id_key_and_same_tenant_references"),
        ("evidence", "0002_comment_thread_and_waiting_level"),
        ("units", "0003_unit_and_type_tenant_id_keys"),
    ]

    operations = [
        same_tenant_foreign_key(
            table="evidence_evidenceitem",
            column="cycle_id",
            target_table="cycles_cycle",
            name="evidenceitem_cycle_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="evidence_evidenceitem",
            column="unit_id",
            target_table="units_unit",
            name="evidenceitem_unit_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="evidence_evidenceitem",
            column="current_anchor_id",
            target_table="units_unit",
            name="evidenceitem_anchor_same_tenant_fk",
        ),
    ]
