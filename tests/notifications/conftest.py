"""A ratified plan and a task of UPT1 (tests/workplan/conftest.py): the assignee
(anggota) is who reminders and task notices go to."""

from tests.workplan.conftest import plan, task  # noqa: F401  (fixtures)
