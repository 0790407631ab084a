from django.db import migrations

from apps.core.db import same_tenant_foreign_key


class Migration(migrations.Migration):
    """A summary row's cycle and unit belong to its agency (tests/core/
    test_same_tenant_references.py lists every such reference)."""

    dependencies = [
        ("dashboard", "0002_dashboard_export"),
        ("cycles", "0004_delete_stage_change"),
        ("units", "0005_unit_time_zone"),
    ]

    operations = [
        same_tenant_foreign_key(
            table="dashboard_cyclesummary",
            column="cycle_id",
            target_table="cycles_cycle",
            name="dashboard_summary_cycle_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="dashboard_cyclesummary",
            column="unit_id",
            target_table="units_unit",
            name="dashboard_summary_unit_same_tenant_fk",
        ),
    ]
