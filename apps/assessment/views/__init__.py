"""Assessment pages: a cycle's assessments and eligibility, the scoring page with
autosave and the live panel, the result page, Excel export and import.

Thin: the assessment is found through ``get_assessment_for_user`` (404 for missing,
other agency and not readable alike); every write is one service call, through
``apps.core.actions`` (form → service → message → redirect) where the page allows.

- ``cycle``: the list, a cycle's levels (opening one), eligibility facts, proposing.
- ``scoring``: the scoring page, autosave, the live panel.
- ``team``: assigning and removing assessors.
- ``lifecycle``: finalise, release, reopen.
- ``results``: the result page and the Excel export.
- ``imports``: the workbook import (dry run, confirm).
- ``surveys``: the figures of the IPAK/IPKP survey HBA/HPA come from.
"""

from .cycle import (
    AssessmentListView,
    CycleAssessmentsView,
    FactsView,
    LeadPickView,
    ProposeView,
)
from .imports import IMPORT_SESSION_KEY, ImportConfirmView, ImportView
from .lifecycle import FinaliseView, ReleaseView, ReopenView
from .results import ExportView, ResultView
from .scoring import AnswerView, AssessmentView, PanelView
from .surveys import SurveySourceView
from .team import AssessorPickView, AssignView, UnassignView

__all__ = [
    "IMPORT_SESSION_KEY",
    "AnswerView",
    "AssessmentListView",
    "AssessmentView",
    "AssessorPickView",
    "AssignView",
    "CycleAssessmentsView",
    "ExportView",
    "FactsView",
    "FinaliseView",
    "ImportConfirmView",
    "ImportView",
    "LeadPickView",
    "PanelView",
    "ProposeView",
    "ReleaseView",
    "ReopenView",
    "ResultView",
    "SurveySourceView",
    "UnassignView",
]
