"""Writes of assessments: open, assign, answer, finalise, release, reopen, import.

Every write checks the actor's role, validates with the scoring engine's Indonesian
messages, runs in one transaction with its audit record, and locks the assessment row
first, so two saves of one assessment (or a save and the lead's finalise) never
interleave.

- ``opening``: open a level of a cycle, assign and remove assessors.
- ``answers``: save one answer (engine validation, optimistic versions).
- ``lifecycle``: ``ASSESSMENT_WORKFLOW`` and its transitions (finalise, release, reopen).
- ``imports``: write the answers of a checked workbook.
- ``facts``: the facts the TPI eligibility is checked on.
- ``survey_values``: the IPAK/IPKP surveys' values into HBA/HPA (``survey_values.py``).
- ``common``: the row lock and the draft check they share.
"""

from .answers import (
    ANSWER_FIELDS,
    NOTE_MAX,
    AnswerConflict,
    Saved,
    answer_save,
    canonical,
    validate_value,
)
from .common import ASSESSMENT_FIELDS
from .facts import FACT_FIELDS, cycle_facts_update
from .imports import ImportedAnswer, answers_import
from .lifecycle import (
    ASSESSMENT_WORKFLOW,
    assessment_finalise,
    assessment_release,
    assessment_reopen,
)
from .opening import assessment_open, assessor_assign, assignment_remove, level_stage_problem
from .survey_values import survey_closed, survey_values_apply

__all__ = [
    "ANSWER_FIELDS",
    "ASSESSMENT_FIELDS",
    "ASSESSMENT_WORKFLOW",
    "FACT_FIELDS",
    "NOTE_MAX",
    "AnswerConflict",
    "ImportedAnswer",
    "Saved",
    "answer_save",
    "answers_import",
    "assessment_finalise",
    "assessment_open",
    "assessment_release",
    "assessment_reopen",
    "assessor_assign",
    "assignment_remove",
    "canonical",
    "cycle_facts_update",
    "level_stage_problem",
    "survey_closed",
    "survey_values_apply",
    "validate_value",
]
