"""Identifications and service users point at units, cycles and reports of their own agency.

Composite references (tenant, <column>) -> target (tenant, id): PostgreSQL refuses a row
pointing at another agency's row, whichever path writes it (see apps.core.db).
"""

from django.db import migrations

from apps.core.db import same_tenant_foreign_key


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0002_cycle_tenant_id_key_and_same_tenant_references"),
        ("files", "0002_stored_file_tenant_id_key_and_unit_same_tenant"),
        ("identification", "0002_realisation_up_to_1000_percent"),
        ("units", "0003_unit_and_type_tenant_id_keys"),
    ]

    operations = [
        same_tenant_foreign_key(
            table="identification_identification",
            column="cycle_id",
            target_table="cycles_cycle",
            name="identification_cycle_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="identification_identification",
            column="unit_id",
            target_table="units_unit",
            name="identification_unit_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="identification_identification",
            column="report_file_id",
            target_table="files_storedfile",
            name="identification_report_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="identification_serviceuser",
            column="cycle_id",
            target_table="cycles_cycle",
            name="serviceuser_cycle_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="identification_serviceuser",
            column="unit_id",
            target_table="units_unit",
            name="serviceuser_unit_same_tenant_fk",
        ),
    ]
