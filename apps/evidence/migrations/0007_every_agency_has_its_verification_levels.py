"""Every agency has its verification levels from its creation (``tenant_create``); the
agencies created before that get the default chain here, so reading a chain never writes."""

from django.db import migrations

# apps.evidence.chain.DEFAULT_LEVELS as of this migration (order, name, role, anchor).
DEFAULT_LEVELS = [
    (1, "Verifikasi Unit Kerja/Kanwil", "verifikator", "parent"),
    (2, "Verifikasi Eselon I", "verifikator", "eselon1"),
    (3, "Verifikasi TPI", "penilai_tpi", "agency"),
]


def create_missing_levels(apps, schema_editor):
    Tenant = apps.get_model("tenants", "Tenant")
    VerificationLevel = apps.get_model("evidence", "VerificationLevel")
    with_levels = VerificationLevel.objects.values("tenant_id")
    VerificationLevel.objects.bulk_create(
        [
            VerificationLevel(tenant_id=tenant_id, order=order, name=name, role=role, anchor=anchor)
            for tenant_id in Tenant.objects.exclude(pk__in=with_levels).values_list("pk", flat=True)
            for order, name, role, anchor in DEFAULT_LEVELS
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0006_delete_evidence_event"),
        ("tenants", "0003_tenant_two_factor_required"),
    ]

    operations = [
        migrations.RunPython(create_missing_levels, migrations.RunPython.noop),
    ]
