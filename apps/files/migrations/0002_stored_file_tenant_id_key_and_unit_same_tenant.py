"""A stored file's unit is of the file's own agency.

Composite references (tenant, <column>) -> target (tenant, id): PostgreSQL refuses a row
pointing at another agency's row, whichever path writes it (see apps.core.db).
"""

from django.db import migrations, models

from apps.core.db import same_tenant_foreign_key


class Migration(migrations.Migration):
    dependencies = [
        ("files", "0001_stored_files"),
        ("units", "0003_unit_and_type_tenant_id_keys"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="storedfile",
            constraint=models.UniqueConstraint(
                fields=("tenant", "id"), name="stored_file_tenant_id_key"
            ),
        ),
        same_tenant_foreign_key(
            table="files_storedfile",
            column="unit_id",
            target_table="units_unit",
            name="storedfile_unit_same_tenant_fk",
        ),
    ]
