from .agents import (
    AgentChangeView,
    AgentRealisationView,
    AgentRecordView,
    AgentSettingsView,
    AgentTextsView,
    MyAgentView,
)
from .files import ReportDocxView, ReportPdfView, ReportScanView
from .recommendations import (
    FollowUpView,
    RecommendationAddView,
    RecommendationDeleteView,
    RecommendationEditView,
)
from .reports import (
    CycleReportsView,
    ReportApproveView,
    ReportCorrectView,
    ReportDetailView,
    ReportListView,
    ReportNotesView,
    ReportReturnView,
    ReportSubmitView,
    ReportUpdateView,
)

__all__ = [
    "AgentChangeView",
    "AgentRealisationView",
    "AgentRecordView",
    "AgentSettingsView",
    "AgentTextsView",
    "CycleReportsView",
    "FollowUpView",
    "MyAgentView",
    "RecommendationAddView",
    "RecommendationDeleteView",
    "RecommendationEditView",
    "ReportApproveView",
    "ReportCorrectView",
    "ReportDetailView",
    "ReportDocxView",
    "ReportListView",
    "ReportNotesView",
    "ReportPdfView",
    "ReportReturnView",
    "ReportScanView",
    "ReportSubmitView",
    "ReportUpdateView",
]
