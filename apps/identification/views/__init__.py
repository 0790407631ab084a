"""Identification pages (``identification``), its service users with their import
(``service_users``) and the Laporan Hasil Identifikasi (``report``)."""

from .identification import (
    DecideView,
    IdentificationDetailView,
    IdentificationListView,
    OpenView,
    SubmitView,
    UnitInfoView,
)
from .report import ReportPdfView, ReportView
from .service_users import (
    IMPORT_SESSION_KEY,
    ImportConfirmView,
    ImportTemplateView,
    ImportView,
    ServiceUserRemoveView,
    ServiceUsersView,
)

__all__ = [
    "IMPORT_SESSION_KEY",
    "DecideView",
    "IdentificationDetailView",
    "IdentificationListView",
    "ImportConfirmView",
    "ImportTemplateView",
    "ImportView",
    "OpenView",
    "ReportPdfView",
    "ReportView",
    "ServiceUserRemoveView",
    "ServiceUsersView",
    "SubmitView",
    "UnitInfoView",
]
