"""The dashboard as a PDF for a leadership meeting: one row per request (year, unit,
requester), its PDF made by the worker. The unit and the file are of the row's own
agency (composite references, see apps.core.db)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from apps.core.db import same_tenant_foreign_key


class Migration(migrations.Migration):

    dependencies = [
        ('dashboard', '0001_summaries'),
        ('files', '0002_stored_file_tenant_id_key_and_unit_same_tenant'),
        ('tenants', '0003_tenant_two_factor_required'),
        ('units', '0005_unit_time_zone'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DashboardExport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='tahun')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='diminta pada')),
                ('pdf_state', models.CharField(blank=True, choices=[('pending', 'menunggu dibuat'), ('running', 'sedang dibuat'), ('ready', 'siap')], max_length=8, verbose_name='status PDF')),
                ('pdf_claimed_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('error', models.TextField(blank=True, verbose_name='kesalahan')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='selesai pada')),
                ('pdf_file', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='files.storedfile', verbose_name='PDF dasbor')),
                ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diminta oleh')),
                ('tenant', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenants.tenant', verbose_name='instansi')),
                ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='units.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'ekspor PDF dasbor',
                'verbose_name_plural': 'ekspor PDF dasbor',
                'indexes': [models.Index(fields=['tenant', 'requested_by', '-created_at'], name='dash_export_requester')],
            },
        ),
        same_tenant_foreign_key(
            table="dashboard_dashboardexport",
            column="unit_id",
            target_table="units_unit",
            name="dashboard_export_unit_same_tenant_fk",
        ),
        same_tenant_foreign_key(
            table="dashboard_dashboardexport",
            column="pdf_file_id",
            target_table="files_storedfile",
            name="dashboard_export_file_same_tenant_fk",
        ),
    ]
