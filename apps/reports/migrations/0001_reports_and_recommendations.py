"""Reports (one row per unit, kind, period and revision) and recommendations as records.

The references to a unit, a cycle and a stored file are also composite (tenant, column)
→ (tenant, id), so PostgreSQL refuses a row pointing at another agency's (apps.core.db).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from apps.core.db import same_tenant_foreign_key

SAME_TENANT = [
    ("reports_report", "unit_id", "units_unit", "report_unit_same_tenant_fk"),
    ("reports_report", "cycle_id", "cycles_cycle", "report_cycle_same_tenant_fk"),
    ("reports_report", "pdf_file_id", "files_storedfile", "report_pdf_file_same_tenant_fk"),
    ("reports_report", "scan_id", "files_storedfile", "report_scan_same_tenant_fk"),
    ("reports_recommendation", "unit_id", "units_unit", "recommendation_unit_same_tenant_fk"),
    ("reports_recommendation", "cycle_id", "cycles_cycle", "recommendation_cycle_same_tenant_fk"),
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cycles", "0004_delete_stage_change"),
        ("evidence", "0009_evidence_list_index"),
        ("files", "0002_stored_file_tenant_id_key_and_unit_same_tenant"),
        ("tenants", "0003_tenant_two_factor_required"),
        ("units", "0004_head_nip_accepts_printed_form"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Report",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="dibuat")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="diubah")),
                (
                    "kind",
                    models.CharField(
                        choices=[("monev", "Laporan Monitoring dan Evaluasi")],
                        max_length=20,
                        verbose_name="jenis laporan",
                    ),
                ),
                ("period_start", models.DateField(verbose_name="awal periode")),
                ("period_end", models.DateField(verbose_name="akhir periode")),
                ("revision", models.PositiveSmallIntegerField(default=1, verbose_name="revisi ke")),
                ("revision_reason", models.TextField(blank=True, verbose_name="alasan koreksi")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draf"),
                            ("submitted", "Diajukan ke Pimpinan Unit"),
                            ("returned", "Dikembalikan"),
                            ("issued", "Terbit"),
                            ("superseded", "Digantikan revisi berikutnya"),
                        ],
                        default="draft",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                (
                    "meeting_on",
                    models.DateField(blank=True, null=True, verbose_name="tanggal rapat"),
                ),
                (
                    "meeting_place",
                    models.CharField(blank=True, max_length=200, verbose_name="tempat rapat"),
                ),
                (
                    "meeting_agenda",
                    models.CharField(blank=True, max_length=300, verbose_name="agenda rapat"),
                ),
                (
                    "meeting_chair",
                    models.CharField(blank=True, max_length=150, verbose_name="pimpinan rapat"),
                ),
                ("attendees", models.TextField(blank=True, verbose_name="peserta rapat")),
                (
                    "head_attended",
                    models.BooleanField(blank=True, null=True, verbose_name="Pimpinan Unit hadir"),
                ),
                ("obstacles", models.TextField(blank=True, verbose_name="hambatan dan kendala")),
                ("conclusions", models.TextField(blank=True, verbose_name="kesimpulan")),
                (
                    "item_notes",
                    models.JSONField(blank=True, default=dict, verbose_name="catatan kegiatan"),
                ),
                (
                    "sections",
                    models.JSONField(blank=True, default=dict, verbose_name="isi laporan"),
                ),
                (
                    "submitted_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="diajukan"),
                ),
                ("issued_at", models.DateTimeField(blank=True, null=True, verbose_name="terbit")),
                (
                    "signer_name",
                    models.CharField(
                        blank=True, max_length=150, verbose_name="nama penanda tangan"
                    ),
                ),
                (
                    "signer_nip",
                    models.CharField(blank=True, max_length=18, verbose_name="NIP penanda tangan"),
                ),
                (
                    "signer_title",
                    models.CharField(
                        blank=True, max_length=200, verbose_name="jabatan penanda tangan"
                    ),
                ),
                (
                    "pdf_state",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("pending", "menunggu dibuat"),
                            ("running", "sedang dibuat"),
                            ("ready", "siap"),
                        ],
                        max_length=8,
                        verbose_name="status PDF",
                    ),
                ),
                ("pdf_claimed_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "scan_uploaded_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="pindaian diunggah"),
                ),
                (
                    "approved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="disetujui oleh",
                    ),
                ),
                (
                    "based_on",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="reports.report",
                        verbose_name="mengoreksi",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "cycle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cycles.cycle",
                        verbose_name="siklus ZI",
                    ),
                ),
                (
                    "pdf_file",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="files.storedfile",
                        verbose_name="PDF laporan",
                    ),
                ),
                (
                    "scan",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="files.storedfile",
                        verbose_name="pindaian laporan bertanda tangan",
                    ),
                ),
                (
                    "tenant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tenants.tenant",
                        verbose_name="instansi",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="units.unit",
                        verbose_name="unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "laporan",
                "verbose_name_plural": "laporan",
                "ordering": ["unit", "kind", "-period_start", "-revision"],
            },
        ),
        migrations.CreateModel(
            name="Recommendation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="dibuat")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="diubah")),
                (
                    "area",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("MP", "Manajemen Perubahan"),
                            ("TL", "Penataan Tata Laksana"),
                            ("SDM", "Penataan Sistem Manajemen SDM"),
                            ("AK", "Penguatan Akuntabilitas Kinerja"),
                            ("PW", "Penguatan Pengawasan"),
                            ("PP", "Peningkatan Kualitas Pelayanan Publik"),
                        ],
                        max_length=3,
                        verbose_name="area",
                    ),
                ),
                ("order", models.PositiveIntegerField(default=0, verbose_name="urutan")),
                ("text", models.TextField(verbose_name="rekomendasi")),
                ("target_on", models.DateField(verbose_name="target waktu")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("not_started", "Belum ditindaklanjuti"),
                            ("in_progress", "Sedang ditindaklanjuti"),
                            ("done", "Telah ditindaklanjuti"),
                        ],
                        default="not_started",
                        max_length=12,
                        verbose_name="status tindak lanjut",
                    ),
                ),
                ("follow_up", models.TextField(blank=True, verbose_name="tindak lanjut")),
                (
                    "evidence_note",
                    models.CharField(
                        blank=True, max_length=500, verbose_name="bukti dokumen tindak lanjut"
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "cycle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cycles.cycle",
                        verbose_name="siklus ZI",
                    ),
                ),
                (
                    "evidence",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="evidence.evidenceitem",
                        verbose_name="bukti dukung",
                    ),
                ),
                (
                    "pic",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="PIC (penanggung jawab)",
                    ),
                ),
                (
                    "tenant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tenants.tenant",
                        verbose_name="instansi",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="units.unit",
                        verbose_name="unit",
                    ),
                ),
                (
                    "closed_in",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="reports.report",
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="recommendations",
                        to="reports.report",
                        verbose_name="dibuat pada laporan",
                    ),
                ),
            ],
            options={
                "verbose_name": "rekomendasi",
                "verbose_name_plural": "rekomendasi",
                "ordering": ["report", "area", "order", "id"],
            },
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                fields=["tenant", "kind", "period_start"], name="report_tenant_period"
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                fields=["cycle", "kind", "period_start"], name="report_cycle_period"
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                fields=("unit", "kind", "period_start", "revision"),
                name="report_once_per_unit_kind_period_revision",
                violation_error_message="Laporan periode ini sudah ada.",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["draft", "submitted", "returned"])),
                fields=("unit", "kind", "period_start"),
                name="report_one_open_revision",
                violation_error_message="Laporan periode ini masih memiliki revisi yang belum terbit.",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["draft", "submitted", "returned", "issued", "superseded"])
                ),
                name="report_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["monev"])), name="report_kind_valid"
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(("period_end__gte", models.F("period_start"))),
                name="report_period_order",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("revision", 1),
                    models.Q(("revision_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="report_revision_has_reason",
                violation_error_message="Alasan koreksi wajib diisi.",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status__in", ["issued", "superseded"]), _negated=True),
                    ("issued_at__isnull", False),
                    _connector="OR",
                ),
                name="report_issued_has_date",
            ),
        ),
        migrations.AddIndex(
            model_name="recommendation",
            index=models.Index(fields=["unit", "closed_in"], name="recommendation_open"),
        ),
        migrations.AddConstraint(
            model_name="recommendation",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["not_started", "in_progress", "done"])),
                name="recommendation_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="recommendation",
            constraint=models.CheckConstraint(
                condition=models.Q(("area__in", ["", "MP", "TL", "SDM", "AK", "PW", "PP"])),
                name="recommendation_area_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="recommendation",
            constraint=models.CheckConstraint(
                condition=models.Q(("text", ""), _negated=True), name="recommendation_has_text"
            ),
        ),
    ] + [
        same_tenant_foreign_key(table=table, column=column, target_table=target, name=name)
        for table, column, target, name in SAME_TENANT
    ]
