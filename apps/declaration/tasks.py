"""Background work of the declaration app: the charter's and each pact's PDF are made by
the worker."""

from celery import shared_task

from apps.core.tasks import tenant_task
from apps.files.generated import generated_files_due

from .models import Declaration, Pact


@tenant_task
def render_charter_pdf(tenant_id: int, declaration_id: int) -> bool:
    """Render and store the PDF of a recorded charter. Idempotent: the row is claimed
    first; a PDF already made or being made is left (False)."""
    from .services import charter_pdf_make

    return charter_pdf_make(declaration_id=declaration_id) is not None


@shared_task
def render_missing_charter_pdfs(limit: int = 50) -> int:
    """Beat, every 10 minutes: queue the charters whose PDF is still due (the on-commit
    task was lost while the broker was down, or the worker died holding the claim)."""
    from apps.core.queue import enqueue

    from .services.charter import CHARTER_PDF

    due = generated_files_due(Declaration.objects.all, CHARTER_PDF, limit)
    return sum(enqueue(render_charter_pdf, tenant_id, pk) for tenant_id, pk in due)


@tenant_task
def render_pact_pdf(tenant_id: int, pact_id: int) -> bool:
    """Render and store the FRM-02 PDF of a signed or recorded pact. Idempotent: the row
    is claimed first; a PDF already made or being made is left (False)."""
    from .services import pact_pdf_make

    return pact_pdf_make(pact_id=pact_id) is not None


@shared_task
def render_missing_pact_pdfs(limit: int = 50) -> int:
    """Beat, every 10 minutes: queue the pacts whose PDF is still due, as for charters."""
    from apps.core.queue import enqueue

    from .services import PACT_PDF

    due = generated_files_due(Pact.objects.all, PACT_PDF, limit)
    return sum(enqueue(render_pact_pdf, tenant_id, pk) for tenant_id, pk in due)
