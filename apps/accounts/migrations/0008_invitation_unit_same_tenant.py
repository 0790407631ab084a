"""An invitation's role unit is of the inviting agency: (tenant, unit) -> units (tenant, id)."""

from django.db import migrations

from apps.core.db import same_tenant_foreign_key


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_invitation"),
    ]

    operations = [
        same_tenant_foreign_key(
            table="accounts_invitation",
            column="unit_id",
            target_table="units_unit",
            name="invitation_unit_same_tenant_fk",
        ),
    ]
