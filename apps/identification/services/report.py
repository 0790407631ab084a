"""The Laporan Hasil Identifikasi as a PDF: rendered by the worker once the TPU completed
the identification (``tasks.render_identification_report``), kept with the row, and made
at once by the report page when the worker has not run yet (``apps.files.generated``)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record
from apps.core.pdf import render_pdf
from apps.files.generated import GeneratedFile, generated_file_get, generated_file_make
from apps.files.models import StoredFile
from apps.units.letterhead import letterhead

from ..models import Identification, Status

REPORT_FILE = GeneratedFile(
    file="report_file", state="report_state", claimed_at="report_claimed_at"
)


def _render_report(identification: Identification):
    from ..selectors import report_context

    name = f"laporan-hasil-identifikasi-{identification.unit.code}-{identification.cycle.year}.pdf"
    context = report_context(identification)
    context["kop"] = letterhead(identification.unit)
    data = render_pdf("identification/report_pdf.html", context)
    return identification.unit, name, data


def _report_audit(actor):
    def record(identification: Identification, stored: StoredFile) -> None:
        audit_record(
            actor=actor,
            tenant=identification.unit.tenant,
            action=AuditAction.IDENTIFICATION_REPORT,
            instance=identification,
            after={"report_file": stored.pk},
        )

    return record


def _report_rows():
    return Identification.objects.filter(status=Status.COMPLETE).select_related(
        "cycle", "unit", "unit__tenant"
    )


def identification_report_make(*, identification_id: int, actor=None) -> StoredFile | None:
    """Render the Laporan Hasil Identifikasi as a PDF and keep it with the identification
    (the worker's task). The row is claimed first: None when its report is not due (made
    already, being made, or the identification is not complete)."""
    return generated_file_make(
        queryset=_report_rows(),
        pk=identification_id,
        columns=REPORT_FILE,
        render=_render_report,
        on_ready=_report_audit(actor),
        actor=actor,
    )


def identification_report_store(*, identification: Identification, actor=None) -> StoredFile | None:
    """The stored report, for the report page: made now when the worker has not run yet,
    waited for while the worker is making it. None only when that run is still at it
    after the wait (``generated_file_get``)."""
    if not identification.is_complete:
        raise ValidationError(_("Laporan Hasil Identifikasi ada setelah identifikasi lengkap."))
    return generated_file_get(
        queryset=_report_rows(),
        pk=identification.pk,
        columns=REPORT_FILE,
        render=_render_report,
        on_ready=_report_audit(actor),
        actor=actor,
    )
