"""Background work of the surveys: the published report PDF is rendered by the worker;
surveys past their *ditutup otomatis* date are closed."""

from celery import shared_task

from apps.core.tasks import each_tenant, tenant_task
from apps.files.generated import generated_files_due

from .models import Survey


@tenant_task
def render_survey_report(tenant_id: int, survey_id: int) -> bool:
    """Render and store the report PDF of a published survey. Idempotent: the row is
    claimed first; a report already made or being made, or a survey not published, is
    left (False)."""
    from .services import survey_report_make

    return survey_report_make(survey_id=survey_id) is not None


@shared_task
def render_missing_survey_reports(limit: int = 50) -> int:
    """Beat, every 10 minutes: queue the rendering of published surveys whose report is
    still due (the on-commit task was lost while the broker was down, or the worker died
    holding the claim), agency by agency."""
    from apps.core.queue import enqueue

    from .services import REPORT_FILE

    due = generated_files_due(
        lambda: Survey.objects.filter(published_at__isnull=False), REPORT_FILE, limit
    )
    return sum(enqueue(render_survey_report, tenant_id, pk) for tenant_id, pk in due)


@shared_task
def close_due_surveys() -> int:
    """Beat, hourly: close every open survey whose *ditutup otomatis* date has passed,
    agency by agency (the public form already refuses answers from that day on)."""
    from .services import surveys_close_due

    return sum(surveys_close_due() for _tenant in each_tenant())
