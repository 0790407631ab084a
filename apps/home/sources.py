"""The one list of "what waits for whom": every domain app's ``todo_items(user, tenant)``
(``apps.core.todo``). The home page's "Yang perlu Anda kerjakan" reads it; reminders and
notifications can ask the same functions the same question.

This module sits above every domain app (.importlinter: ``home`` under ``demo``), which
is why the list is here and not in ``apps.core``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from apps.assessment.todo import todo_items as assessment_todo
from apps.core.access import Capability, grants_of
from apps.core.todo import LIMIT, TodoItem, by_urgency
from apps.declaration.todo import todo_items as declaration_todo
from apps.evidence.todo import returned_items, verification_items
from apps.identification.todo import decide_items, fill_items
from apps.reports.todo import todo_items as reports_todo
from apps.surveys.todo import follow_up_items as survey_follow_ups
from apps.surveys.todo import publication_items as survey_publications
from apps.workplan.todo import approval_items, ratify_items, task_items

Source = Callable[..., list[TodoItem]]
C = Capability

# Each source, and the capabilities of which the person must hold one somewhere in the
# agency for it to have anything (None: anybody, e.g. the pact of an employee without a
# role). Asking only those keeps a leader's home page to the few queries that concern
# them (at 2 000 units each source's question costs milliseconds even when empty).
SOURCES: list[tuple[Source, frozenset[str] | None]] = [
    (declaration_todo, None),
    (task_items, None),
    (approval_items, frozenset({C.PLAN_APPROVE_AREA, C.PLAN_EDIT})),
    (ratify_items, frozenset({C.PLAN_RATIFY})),
    (returned_items, frozenset({C.EVIDENCE_SUBMIT})),
    (verification_items, frozenset({C.EVIDENCE_VERIFY})),
    (fill_items, frozenset({C.IDENTIFICATION_FILL})),
    (decide_items, frozenset({C.IDENTIFICATION_DECIDE})),
    (assessment_todo, None),
    (reports_todo, frozenset({C.REPORT_EDIT, C.REPORT_AGENT_EDIT, C.REPORT_APPROVE})),
    (survey_follow_ups, frozenset({C.SURVEY_MANAGE})),
    (survey_publications, frozenset({C.SURVEY_MANAGE})),
]


@dataclass(frozen=True)
class More:
    """A kind with more lines than were shown: its full list."""

    kind: str
    label: str
    total: int
    url: str


@dataclass
class Todo:
    items: list[TodoItem]  # most urgent first, at most LIMIT per kind
    more: list[More]  # the kinds that have more than they show


def todo_for(user, tenant, *, grants=None) -> Todo:
    """Everything waiting for ``user`` in ``tenant``, most urgent first. Each source costs
    a fixed number of queries, so this does too. ``grants``: the person's roles in
    ``tenant`` (``apps.core.access.grants_of``) when the caller has them (a request does),
    else read; every source asks them instead of reading the roles again in SQL."""
    if not getattr(user, "is_authenticated", False) or tenant is None:
        return Todo(items=[], more=[])
    if grants is None:
        grants = grants_of(user)
    held = grants.held
    items: list[TodoItem] = []
    for source, needs in SOURCES:
        if needs is None or needs & held:
            items.extend(source(user, tenant, grants=grants))
    more: dict[str, More] = {}
    for item in items:
        if item.total > LIMIT and item.list_url and item.kind not in more:
            more[item.kind] = More(item.kind, item.kind_label, item.total, item.list_url)
    return Todo(items=by_urgency(items), more=list(more.values()))
