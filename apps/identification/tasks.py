"""Background work of the identification: the PDF report is rendered by the worker."""

from celery import shared_task
from django_scopes import scopes_disabled

from .models import Identification, Status


@shared_task(acks_late=True)
def render_identification_report(identification_id: int) -> bool:
    """Render and store the Laporan Hasil Identifikasi of a complete identification.
    Idempotent: a report already stored, or an identification not complete, is left."""
    from .services import identification_report_store

    with scopes_disabled():  # a task has no request scope; it works on one row by id
        identification = Identification.objects.filter(
            pk=identification_id, status=Status.COMPLETE, report_file__isnull=True
        ).first()
        if identification is None:
            return False
        identification_report_store(identification=identification)
    return True


@shared_task(acks_late=True)
def render_missing_reports(limit: int = 50) -> int:
    """Beat, every 10 minutes: queue the rendering of complete identifications that have
    no report yet (their on-commit task was lost while the broker was down)."""
    from apps.core.queue import enqueue

    with scopes_disabled():
        ids = list(
            Identification.objects.filter(status=Status.COMPLETE, report_file__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
    return sum(enqueue(render_identification_report, pk) for pk in ids)
