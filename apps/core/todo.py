"""What waits for a person: the line every app's ``todo.py`` contributes.

Each domain app answers "what waits for ``user`` in ``tenant``" with a function
``todo_items(user, tenant) -> list[TodoItem]`` in its ``todo.py``; the list of those
functions is kept in one place above every domain app (``apps.home.sources.SOURCES``), so
the home page and later the reminders and notifications ask the same question the same
way. The dataclass lives here, at the bottom of the layers, because every domain app
builds it.

A source takes ``grants=None`` too: the person's role assignments read once for the
whole list (``apps.core.access.grants_of``), whose ``where(capability, …)`` conditions
name the person's units by id and path instead of a subquery over their roles per row
(a source reads them itself when not given).

Rules for a source: a constant number of queries whatever the number of rows; at most
``LIMIT`` lines of a kind, the most urgent first; when a kind has more, every line says how
many there are (``total``) and where the full list is (``list_url``).
"""

import datetime
from dataclasses import dataclass
from enum import IntEnum

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Lines of one kind a source returns (the home page links to the full list for the rest).
LIMIT = 10
# A deadline this many days away or closer counts as near.
SOON_DAYS = 7


class Urgency(IntEnum):
    """Lower is more urgent."""

    OVERDUE = 0
    TODAY = 1
    SOON = 2
    LATER = 3
    NONE = 4  # no deadline: only its age orders it


@dataclass(frozen=True)
class TodoItem:
    kind: str  # a stable key ("workplan.task", "evidence.verify" …): for grouping and tests
    kind_label: str  # what it is, in the person's words ("Tugas Pokja")
    title: str  # what to do ("Setujui area MP Rencana Kerja revisi 2")
    unit: str  # the unit's name
    url: str  # the page where the work is done
    due_on: datetime.date | None = None
    waiting_since: datetime.datetime | datetime.date | None = None
    # The number of lines of this kind, when the source returned only the first LIMIT.
    total: int = 0
    list_url: str = ""  # the existing page listing every line of this kind
    count: int = 1  # several objects summed up in one line (items of one unit and area)

    def urgency(self, today: datetime.date | None = None) -> Urgency:
        if self.due_on is None:
            return Urgency.NONE
        days = (self.due_on - (today or timezone.localdate())).days
        if days < 0:
            return Urgency.OVERDUE
        if days == 0:
            return Urgency.TODAY
        if days <= SOON_DAYS:
            return Urgency.SOON
        return Urgency.LATER

    def due_text(self, today: datetime.date | None = None) -> str:
        """ "Terlambat 3 hari", "Hari ini", "2 hari lagi" ("" without a deadline)."""
        if self.due_on is None:
            return ""
        days = (self.due_on - (today or timezone.localdate())).days
        if days < 0:
            return ngettext("Terlambat %(n)d hari", "Terlambat %(n)d hari", -days) % {"n": -days}
        if days == 0:
            return _("Batas waktu hari ini")
        return ngettext("%(n)d hari lagi", "%(n)d hari lagi", days) % {"n": days}

    def age_days(self, today: datetime.date | None = None) -> int | None:
        """Days since the work started waiting (None: unknown)."""
        if self.waiting_since is None:
            return None
        since = self.waiting_since
        if isinstance(since, datetime.datetime):
            since = timezone.localdate(since) if timezone.is_aware(since) else since.date()
        return max(((today or timezone.localdate()) - since).days, 0)


def _waiting_key(item: TodoItem) -> tuple:
    since = item.waiting_since
    if since is None:
        return (1, datetime.datetime.max)
    if not isinstance(since, datetime.datetime):
        since = datetime.datetime.combine(since, datetime.time.min)
    elif timezone.is_aware(since):
        since = timezone.make_naive(since)
    return (0, since)


def urgency_key(item: TodoItem, today: datetime.date | None = None) -> tuple:
    """Overdue first, then the nearest deadline, then the oldest waiting."""
    today = today or timezone.localdate()
    overdue = item.due_on is not None and item.due_on < today
    return (
        0 if overdue else 1,
        item.due_on is None,
        item.due_on or datetime.date.max,
        *_waiting_key(item),
        item.kind,
        item.title,
    )


def by_urgency(items: list[TodoItem], today: datetime.date | None = None) -> list[TodoItem]:
    today = today or timezone.localdate()
    return sorted(items, key=lambda item: urgency_key(item, today))
