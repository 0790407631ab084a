"""The one list of "what waits for whom": every domain app's ``todo_items(user, tenant)``
(``apps.core.todo``). The home page's "Yang perlu Anda kerjakan" reads it; reminders and
notifications can ask the same functions the same question.

This module sits above every domain app (.importlinter: ``home`` under ``demo``), which
is why the list is here and not in ``apps.core``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from apps.assessment.todo import todo_items as assessment_todo
from apps.core.todo import LIMIT, TodoItem, by_urgency
from apps.declaration.todo import todo_items as declaration_todo
from apps.evidence.todo import todo_items as evidence_todo
from apps.identification.todo import todo_items as identification_todo
from apps.reports.todo import todo_items as reports_todo
from apps.workplan.todo import todo_items as workplan_todo

Source = Callable[..., list[TodoItem]]

SOURCES: list[Source] = [
    declaration_todo,
    workplan_todo,
    evidence_todo,
    identification_todo,
    assessment_todo,
    reports_todo,
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


def todo_for(user, tenant) -> Todo:
    """Everything waiting for ``user`` in ``tenant``, most urgent first. Each source costs
    a fixed number of queries, so this does too."""
    if not getattr(user, "is_authenticated", False) or tenant is None:
        return Todo(items=[], more=[])
    items: list[TodoItem] = []
    for source in SOURCES:
        items.extend(source(user, tenant))
    more: dict[str, More] = {}
    for item in items:
        if item.total > LIMIT and item.list_url and item.kind not in more:
            more[item.kind] = More(item.kind, item.kind_label, item.total, item.list_url)
    return Todo(items=by_urgency(items), more=list(more.values()))
