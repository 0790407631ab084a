"""Evidence pages: a cycle's questions, one question's evidence, actions, the verifier
queue and completeness. Thin: parse, check access, call one service or selector; writes
go through ``apps.core.actions`` (form → service → message → redirect).

- ``questions``: a cycle's questions, one question's evidence, its thread, submit all.
- ``uploads``: adding files or links, revisions, downloads.
- ``verification``: the item's steps, the verifier queue, bulk verification.
- ``completeness``: checklist completeness rolled up the unit tree.
- ``levels``: the agency's verification chain.
"""

from .completeness import CompletenessView
from .levels import VerificationLevelsView
from .questions import CommentView, CycleEvidenceView, QuestionEvidenceView, SubmitAllView
from .uploads import DownloadView, RevisionView, UploadView
from .verification import BulkVerifyView, ItemActionView, QueueView

__all__ = [
    "BulkVerifyView",
    "CommentView",
    "CompletenessView",
    "CycleEvidenceView",
    "DownloadView",
    "ItemActionView",
    "QuestionEvidenceView",
    "QueueView",
    "RevisionView",
    "SubmitAllView",
    "UploadView",
    "VerificationLevelsView",
]
