"""Database guarantees that Django's field API cannot express.

A tenant-owned row that points at another tenant-owned row (a role at a unit, a unit at
its unit type) must stay inside one agency. A ``CheckConstraint`` cannot look across
tables, so the reference is made composite: ``(tenant_id, <column>)`` must match
``(tenant_id, id)`` of the target, which carries a unique constraint on ``(tenant, id)``
for that purpose (see ``tenant_id_key``). PostgreSQL then refuses a cross-agency row,
whichever path wrote it (service, admin, shell, raw SQL).
"""

from django.db import migrations, models


def tenant_id_key(model_name: str) -> models.UniqueConstraint:
    """The unique key ``(tenant, id)`` that same-tenant foreign keys reference."""
    return models.UniqueConstraint(fields=["tenant", "id"], name=f"{model_name}_tenant_id_key")


def same_tenant_foreign_key(
    *, table: str, column: str, target_table: str, name: str
) -> migrations.RunSQL:
    """Migration operation: ``table.(tenant_id, column)`` → ``target_table.(tenant_id, id)``.

    Checked immediately (not deferred), so the refusal surfaces at the INSERT/UPDATE as
    an ``IntegrityError``. A NULL ``column`` is not checked (MATCH SIMPLE).
    """
    return migrations.RunSQL(
        sql=(
            f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" FOREIGN KEY ("tenant_id", "{column}") '
            f'REFERENCES "{target_table}" ("tenant_id", "id") ON DELETE NO ACTION'
        ),
        reverse_sql=f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"',
    )
