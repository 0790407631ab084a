from celery import shared_task

from apps.core.tasks import tenant_task
from apps.files.generated import generated_files_due

from .summaries import open_years, refresh_stale, refresh_tenant, tenants_with_cycles


@shared_task
def refresh_stale_summaries() -> int:
    """Every minute: rows marked stale by a workflow step, and cycles without a row (at
    most ``limit`` per run; the next run takes the rest). The project's time limit."""
    return refresh_stale()


@shared_task
def refresh_all_summaries() -> int:
    """Hourly: one task per agency with cycles of this year or the last (overdue tasks,
    monev deadlines and pacts of new staff change without a workflow step); an agency of
    2 000 units takes ~10 s (bench/dashboard.py), far inside the task time limit."""
    from apps.core.queue import enqueue

    years = open_years()
    return sum(
        enqueue(refresh_tenant_summaries, t, list(years)) for t in tenants_with_cycles(years)
    )


@tenant_task
def refresh_tenant_summaries(tenant_id: int, years: list[int]) -> int:
    return refresh_tenant(tenant_id=tenant_id, years=years)


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
