"""Charters, placements and pacts point at units, cycles and scans of their own agency.

Composite references (tenant, <column>) -> target (tenant, id): PostgreSQL refuses a row
pointing at another agency's row, whichever path writes it (see apps.core.db).
"""

from django.db import migrations

from apps.core.db import same_tenant_foreign_key


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0002_cycle_tenant_id_key_and_same_tenant_references"),
        ("declaration", "0001_declaration_roster_pacts"),
        ("files", "0002_stored_file_tenant_id_key_and_unit_same_tenant"),
        ("units", "0003_unit_and_type_tenant_id_keys"),
    ]

    operations = [
        same_tenant_foreign_key(
            table="declaration_declaration",
            column="cycle_id",
            target_table="cycles_cycle",
            name="declaration_cycle_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="declaration_declaration",
            column="unit_id",
            target_table="units_unit",
            name="declaration_unit_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="declaration_declaration",
            column="scan_id",
            target_table="files_storedfile",
            name="declaration_scan_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="declaration_placement",
            column="unit_id",
            target_table="units_unit",
            name="placement_unit_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="declaration_pact",
            column="unit_id",
            target_table="units_unit",
            name="pact_unit_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="declaration_pact",
            column="scan_id",
            target_table="files_storedfile",
            name="pact_scan_same_tenant_fk",
        ),
    ]
