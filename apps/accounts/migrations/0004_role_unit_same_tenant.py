"""A role's unit is of the role's own agency: (tenant, unit) -> units (tenant, id)."""

from django.db import migrations

from apps.core.db import same_tenant_foreign_key


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_constraint_messages"),
        ("units", "0003_unit_and_type_tenant_id_keys"),
    ]

    operations = [
        same_tenant_foreign_key(
            table="accounts_roleassignment",
            column="unit_id",
            target_table="units_unit",
            name="roleassignment_unit_same_tenant_fk",
        ),
    ]
