"""Plan revisions and tasks point at the unit and cycle of their own agency.

Composite references (tenant, <column>) -> target (tenant, id): PostgreSQL refuses a row
pointing at another agency's row, whichever path writes it (see apps.core.db).
"""

from django.db import migrations

from apps.core.db import same_tenant_foreign_key


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0002_cycle_tenant_id_key_and_same_tenant_references"),
        ("units", "0003_unit_and_type_tenant_id_keys"),
        ("workplan", "0002_approval_in_place_and_item_soft_delete"),
    ]

    operations = [
        same_tenant_foreign_key(
            table="workplan_planrevision",
            column="cycle_id",
            target_table="cycles_cycle",
            name="planrevision_cycle_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="workplan_planrevision",
            column="unit_id",
            target_table="units_unit",
            name="planrevision_unit_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="workplan_task",
            column="cycle_id",
            target_table="cycles_cycle",
            name="task_cycle_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="workplan_task",
            column="unit_id",
            target_table="units_unit",
            name="task_unit_same_tenant_fk",
        ),
    ]
