"""A report's PDF: rendered by the worker once the head approved it
(``tasks.render_report_pdf``), stored once with its SHA-256 and kept with the row; the
download makes it at once when the worker has not run yet (``apps.files.generated``)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record
from apps.core.pdf import render_pdf
from apps.files.generated import GeneratedFile, generated_file_get, generated_file_make
from apps.files.models import StoredFile
from apps.units.letterhead import letterhead

from .. import sections
from ..annual_document import annual_document
from ..document import document
from ..docx_render import docx_bytes
from ..kinds import spec_of
from ..models import PUBLISHED, Kind, Report

PDF_FILE = GeneratedFile(file="pdf_file", state="pdf_state", claimed_at="pdf_claimed_at")


def pdf_name(report: Report) -> str:
    start = report.period_start
    suffix = f"-rev{report.revision}" if report.revision > 1 else ""
    period = f"{start:%Y}" if spec_of(report.kind).months == 12 else f"{start:%Y-%m}"
    return f"laporan-{report.kind}-{report.unit.code}-{period}{suffix}.pdf".lower()


def pdf_bytes(report: Report) -> bytes:
    """The report as a PDF, from its frozen sections (computed now only for an issued
    row that has none, e.g. one written outside the services)."""
    current = sections.of(report)
    if report.kind == Kind.TAHUNAN:
        context = {"doc": annual_document(report, current)}
    else:
        context = document(report, current)
    context["kop"] = letterhead(report.unit)  # the shared layout's kop (pdf/base.html)
    return render_pdf(spec_of(report.kind).pdf_template, context)


def docx_name(report: Report, narrative: bool) -> str:
    suffix = "-narasi" if narrative else ""
    return pdf_name(report).removesuffix(".pdf") + suffix + ".docx"


def report_docx(*, report: Report, narrative: bool = False) -> bytes:
    """The annual report as .docx, from the same neutral document as its PDF: the whole
    report, or (``narrative``) only the parts the team writes. Built on request (not
    stored): it is a working copy, not the signed record."""
    if report.kind != Kind.TAHUNAN:
        raise ValidationError(_("Berkas .docx tersedia untuk Laporan Pembangunan ZI tahunan."))
    doc = annual_document(report, sections.of(report))
    return docx_bytes(doc.only(doc.narrative_keys) if narrative else doc)


def _render(report: Report):
    return report.unit, pdf_name(report), pdf_bytes(report)


def _audit(actor):
    def record(report: Report, stored: StoredFile) -> None:
        audit_record(
            actor=actor,
            tenant=report.tenant,
            action=AuditAction.REPORT_PDF,
            instance=report,
            after={"pdf_file": stored.pk, "sha256": stored.sha256},
        )

    return record


def _rows():
    return Report.objects.filter(status__in=[s.value for s in PUBLISHED]).select_related(
        "unit", "tenant", "cycle"
    )


def report_pdf_make(*, report_id: int, actor=None) -> StoredFile | None:
    """Render and keep an issued report's PDF (the worker's task). The row is claimed
    first: None when no PDF is due (made already, being made, or not issued)."""
    return generated_file_make(
        queryset=_rows(), pk=report_id, columns=PDF_FILE, render=_render, on_ready=_audit(actor)
    )


def report_pdf_store(*, report: Report, actor=None) -> StoredFile | None:
    """The stored PDF, for the download: made now when the worker has not run yet,
    waited for while it is making it (``generated_file_get``)."""
    if not report.is_published:
        raise ValidationError(_("PDF laporan dibuat setelah laporan disetujui Pimpinan Unit."))
    return generated_file_get(
        queryset=_rows(), pk=report.pk, columns=PDF_FILE, render=_render, on_ready=_audit(actor)
    )
