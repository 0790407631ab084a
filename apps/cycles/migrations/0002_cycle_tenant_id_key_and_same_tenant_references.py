"""A cycle's unit, and a stage change's cycle, are of the row's own agency.

Composite references (tenant, <column>) -> target (tenant, id): PostgreSQL refuses a row
pointing at another agency's row, whichever path writes it (see apps.core.db).
"""

from django.db import migrations, models

from apps.core.db import same_tenant_foreign_key


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0001_initial"),
        ("units", "0003_unit_and_type_tenant_id_keys"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="cycle",
            constraint=models.UniqueConstraint(fields=("tenant", "id"), name="cycle_tenant_id_key"),
        ),
        same_tenant_foreign_key(
            table="cycles_cycle",
            column="unit_id",
            target_table="units_unit",
            name="cycle_unit_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="cycles_stagechange",
            column="cycle_id",
            target_table="cycles_cycle",
            name="stagechange_cycle_same_tenant_fk",
        ),
    ]
