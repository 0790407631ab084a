"""An answer of HBA/HPA names the closed IPAK/IPKP survey its value comes from, and the
assessor's reason when they replaced that value. The survey belongs to the answer's own
agency (composite reference, apps.core.db)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from apps.core.db import same_tenant_foreign_key


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0006_delete_reopening"),
        ("lke", "0002_template_status_changes"),
        ("surveys", "0001_surveys"),
        ("tenants", "0003_tenant_two_factor_required"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="override_reason",
            field=models.TextField(
                blank=True,
                default="",
                max_length=2000,
                verbose_name="alasan mengganti nilai survei",
            ),
        ),
        migrations.AddField(
            model_name="answer",
            name="source_survey",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="surveys.survey",
                verbose_name="sumber survei",
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("override_reason", ""), ("source_survey__isnull", False), _connector="OR"
                ),
                name="assessment_answer_override_has_survey",
            ),
        ),
        same_tenant_foreign_key(
            table="assessment_answer",
            column="source_survey_id",
            target_table="surveys_survey",
            name="answer_source_survey_same_tenant_fk",
        ),
    ]
