"""Background work of the identification: the PDF report is rendered by the worker."""

from celery import shared_task

from apps.core.tasks import tenant_task
from apps.files.generated import generated_files_due

from .models import Identification, Status


@tenant_task
def render_identification_report(tenant_id: int, identification_id: int) -> bool:
    """Render and store the Laporan Hasil Identifikasi of a complete identification.
    Idempotent: the row is claimed first; a report already made or being made, or an
    identification not complete, is left (False)."""
    from .services import identification_report_make

    return identification_report_make(identification_id=identification_id) is not None


@shared_task
def render_missing_reports(limit: int = 50) -> int:
    """Beat, every 10 minutes: queue the rendering of complete identifications whose report
    is still due (their on-commit task was lost while the broker was down, or the worker
    died holding the claim), agency by agency."""
    from apps.core.queue import enqueue

    from .services import REPORT_FILE

    due = generated_files_due(
        lambda: Identification.objects.filter(status=Status.COMPLETE), REPORT_FILE, limit
    )
    return sum(enqueue(render_identification_report, tenant_id, pk) for tenant_id, pk in due)
