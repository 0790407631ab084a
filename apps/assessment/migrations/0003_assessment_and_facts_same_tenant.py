"""Assessments and cycle facts point at the unit and cycle of their own agency.

Composite references (tenant, <column>) -> target (tenant, id): PostgreSQL refuses a row
pointing at another agency's row, whichever path writes it (see apps.core.db).
"""

from django.db import migrations

from apps.core.db import same_tenant_foreign_key


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0002_answer_copied_from"),
        ("cycles", "0002_cycle_tenant_id_key_and_same_tenant_references"),
        ("units", "0003_unit_and_type_tenant_id_keys"),
    ]

    operations = [
        same_tenant_foreign_key(
            table="assessment_assessment",
            column="cycle_id",
            target_table="cycles_cycle",
            name="assessment_cycle_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="assessment_assessment",
            column="unit_id",
            target_table="units_unit",
            name="assessment_unit_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="assessment_cyclefacts",
            column="cycle_id",
            target_table="cycles_cycle",
            name="cyclefacts_cycle_same_tenant_fk",
        ),
    ]
