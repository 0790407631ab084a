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
