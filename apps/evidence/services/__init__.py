"""Writes about evidence. Every change is checked against the actor's roles and done in one
transaction; status changes are the item's workflow transitions (``ITEM_WORKFLOW`` in
``verification``: history row and audit event), the upload opens the item's history.

- ``items``: who may add evidence and when; ``evidence_add``.
- ``verification``: ``ITEM_WORKFLOW`` and its transitions (revise, submit, verify,
  return, withdraw, verify many).
- ``comments``: the item's thread.
- ``levels``: the agency's verification chain.
"""

from .comments import can_discuss, evidence_comment_add
from .items import OPEN_STAGES, can_contribute, evidence_add, question_area_code
from .levels import verification_levels_create, verification_levels_update
from .verification import (
    ITEM_STATE_FIELDS,
    ITEM_WORKFLOW,
    evidence_return,
    evidence_revise,
    evidence_submit,
    evidence_verify,
    evidence_verify_many,
    evidence_withdraw,
)

__all__ = [
    "ITEM_STATE_FIELDS",
    "ITEM_WORKFLOW",
    "OPEN_STAGES",
    "can_contribute",
    "can_discuss",
    "evidence_add",
    "evidence_comment_add",
    "evidence_return",
    "evidence_revise",
    "evidence_submit",
    "evidence_verify",
    "evidence_verify_many",
    "evidence_withdraw",
    "question_area_code",
    "verification_levels_create",
    "verification_levels_update",
]
