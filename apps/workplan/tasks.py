"""Background work of the work plan: a ratified revision's PDF is made by the worker."""

from celery import shared_task

from apps.core.tasks import tenant_task
from apps.files.generated import generated_files_due


@tenant_task
def render_plan_pdf(tenant_id: int, revision_id: int) -> bool:
    """Render and store the PDF of a ratified Rencana Kerja revision. Idempotent: the row
    is claimed first; a PDF already made or being made, or a draft, is left (False)."""
    from .services import plan_pdf_make

    return plan_pdf_make(revision_id=revision_id) is not None


@shared_task
def render_missing_plan_pdfs(limit: int = 50) -> int:
    """Beat, every 10 minutes: queue the ratified revisions whose PDF is still due (the
    on-commit task was lost while the broker was down, or the worker died holding the
    claim), agency by agency."""
    from apps.core.queue import enqueue

    from .services import PLAN_PDF, plan_pdf_rows

    due = generated_files_due(plan_pdf_rows, PLAN_PDF, limit)
    return sum(enqueue(render_plan_pdf, tenant_id, pk) for tenant_id, pk in due)
