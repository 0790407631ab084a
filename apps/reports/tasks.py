"""Background work of reports: the drafts made by the portal and the PDFs of issued
reports. Every task is idempotent (the report's unique key; the PDF's row claim), so a
task run twice, or again after its worker was killed, makes one report and one PDF."""

from celery import shared_task

from apps.core.queue import enqueue
from apps.core.tasks import claimable, each_tenant, tenant_task

from .models import PUBLISHED, Report


@shared_task
def draft_due_reports() -> int:
    """Beat, every hour: queue each agency's drafting. Each run drafts whatever is due
    and missing, so an hour (or a day) the broker or beat was down is caught up by the
    next run, and the time zones of the units (WIB, WITA, WIT) each reach their first
    working day on the hour."""
    return sum(enqueue(draft_tenant_reports, tenant.pk) for tenant in each_tenant())


@tenant_task
def draft_tenant_reports(tenant_id: int) -> int:
    """Draft every due report of one agency that does not exist yet; returns how many."""
    from apps.tenants.models import Tenant

    from .services import reports_draft_due

    return len(reports_draft_due(tenant=Tenant.objects.get(pk=tenant_id)))


@tenant_task
def render_report_pdf(tenant_id: int, report_id: int) -> bool:
    """Render and store an issued report's PDF. Idempotent: the row is claimed first; a
    PDF made already or being made is left (False)."""
    from .services import report_pdf_make

    return report_pdf_make(report_id=report_id) is not None


@shared_task
def render_missing_report_pdfs(limit: int = 50) -> int:
    """Beat, every 10 minutes: queue the PDFs still due (their on-commit task was lost
    while the broker was down, or the worker died holding the claim)."""
    from .services import PDF_FILE

    due = []
    for tenant in each_tenant():
        due += [
            (tenant.pk, pk)
            for pk in Report.objects.filter(
                claimable(state=PDF_FILE.state, claimed_at=PDF_FILE.claimed_at),
                status__in=[s.value for s in PUBLISHED],
            )
            .order_by("pk")
            .values_list("pk", flat=True)[: limit - len(due)]
        ]
        if len(due) >= limit:
            break
    return sum(enqueue(render_report_pdf, tenant_id, pk) for tenant_id, pk in due)
