"""Writes of reports and recommendations (every one audited; states through the report
workflow). Re-exported here: callers import ``apps.reports.services``."""

from .drafting import REACHED, periods_due, report_draft, reports_draft_due, unit_today
from .editing import report_notes_update, report_update
from .flow import (
    REPORT_WORKFLOW,
    missing_for_submission,
    report_approve,
    report_return,
    report_submit,
)
from .pdf import (
    PDF_FILE,
    docx_name,
    pdf_bytes,
    pdf_name,
    report_docx,
    report_pdf_make,
    report_pdf_store,
)
from .recommendations import (
    recommendation_add,
    recommendation_delete,
    recommendation_follow_up,
    recommendation_update,
    writing_report,
)
from .revisions import report_attach_scan, report_correct

__all__ = [
    "PDF_FILE",
    "REACHED",
    "REPORT_WORKFLOW",
    "docx_name",
    "missing_for_submission",
    "pdf_bytes",
    "pdf_name",
    "periods_due",
    "recommendation_add",
    "recommendation_delete",
    "recommendation_follow_up",
    "recommendation_update",
    "report_approve",
    "report_attach_scan",
    "report_correct",
    "report_docx",
    "report_draft",
    "report_notes_update",
    "report_pdf_make",
    "report_pdf_store",
    "report_return",
    "report_submit",
    "report_update",
    "reports_draft_due",
    "unit_today",
    "writing_report",
]
