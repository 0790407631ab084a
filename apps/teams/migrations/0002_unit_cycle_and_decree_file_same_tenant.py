"""Decrees, team members and change agents point at units, cycles and files of their own agency.

Composite references (tenant, <column>) -> target (tenant, id): PostgreSQL refuses a row
pointing at another agency's row, whichever path writes it (see apps.core.db).
"""

from django.db import migrations

from apps.core.db import same_tenant_foreign_key


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0002_cycle_tenant_id_key_and_same_tenant_references"),
        ("files", "0002_stored_file_tenant_id_key_and_unit_same_tenant"),
        ("teams", "0001_decrees_members_agents_action_plans"),
        ("units", "0003_unit_and_type_tenant_id_keys"),
    ]

    operations = [
        same_tenant_foreign_key(
            table="teams_decree",
            column="cycle_id",
            target_table="cycles_cycle",
            name="decree_cycle_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="teams_decree",
            column="stored_file_id",
            target_table="files_storedfile",
            name="decree_file_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="teams_teammember",
            column="cycle_id",
            target_table="cycles_cycle",
            name="teammember_cycle_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="teams_teammember",
            column="unit_id",
            target_table="units_unit",
            name="teammember_unit_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="teams_changeagent",
            column="cycle_id",
            target_table="cycles_cycle",
            name="changeagent_cycle_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="teams_changeagent",
            column="unit_id",
            target_table="units_unit",
            name="changeagent_unit_same_tenant_fk",
        ),
    ]
