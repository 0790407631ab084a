"""A role's unit is of the role's own agency: (tenant, unit) -> units (tenant, id).

Roles given before this rule on a unit of another agency (possible through the operator's
admin form, issue 9) grant access across agencies; they are removed first, so that the
constraint can be added on a database that holds one.
"""

from django.db import migrations
from django.db.models import F

from apps.core.db import same_tenant_foreign_key


def remove_cross_agency_roles(apps, schema_editor):
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    wrong = RoleAssignment._base_manager.exclude(unit__tenant_id=F("tenant_id"))
    count = wrong.count()
    if count:
        print(f"\n  removed {count} role assignment(s) on a unit of another agency")
        wrong.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_constraint_messages"),
        ("units", "0003_unit_and_type_tenant_id_keys"),
    ]

    operations = [
        migrations.RunPython(remove_cross_agency_roles, migrations.RunPython.noop),
        same_tenant_foreign_key(
            table="accounts_roleassignment",
            column="unit_id",
            target_table="units_unit",
            name="roleassignment_unit_same_tenant_fk",
        ),
    ]
