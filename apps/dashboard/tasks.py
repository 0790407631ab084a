from celery import shared_task

from apps.core.tasks import tenant_task
from apps.files.generated import generated_files_due

from .summaries import refresh_all, refresh_stale


@shared_task(time_limit=600, soft_time_limit=540)
def refresh_stale_summaries() -> int:
    """Every minute: rows marked stale by a workflow step, and cycles without a row."""
    return refresh_stale()


@shared_task(time_limit=3600, soft_time_limit=3500)
def refresh_all_summaries() -> int:
    """Hourly: every cycle of this year and the last (overdue tasks, monev deadlines,
    pacts of new staff change without a workflow step)."""
    return refresh_all()


@tenant_task
def render_dashboard_pdf(tenant_id: int, export_id: int) -> bool:
    """Render and store a requested dashboard PDF. Idempotent: the row is claimed first;
    a PDF made already, being made, or failed is left (False)."""
    from .services import dashboard_pdf_make

    return dashboard_pdf_make(export_id=export_id) is not None


@shared_task
def render_missing_dashboard_pdfs(limit: int = 50) -> int:
    """Beat, every 10 minutes: queue the requested PDFs still due (the on-commit task was
    lost while the broker was down, or the worker died holding the claim)."""
    from apps.core.queue import enqueue

    from .services import EXPORT_PDF, dashboard_export_rows

    due = generated_files_due(dashboard_export_rows, EXPORT_PDF, limit)
    return sum(enqueue(render_dashboard_pdf, tenant_id, pk) for tenant_id, pk in due)
