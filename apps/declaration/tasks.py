"""Background work of the declaration app: the charter's PDF is made by the worker."""

from celery import shared_task

from apps.core.tasks import claimable, each_tenant, tenant_task

from .models import Declaration


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

    due = []
    for tenant in each_tenant():
        due += [
            (tenant.pk, pk)
            for pk in Declaration.objects.filter(
                claimable(state=CHARTER_PDF.state, claimed_at=CHARTER_PDF.claimed_at)
            )
            .order_by("pk")
            .values_list("pk", flat=True)[: limit - len(due)]
        ]
        if len(due) >= limit:
            break
    return sum(enqueue(render_charter_pdf, tenant_id, pk) for tenant_id, pk in due)
