"""Tasks' deadlines for the reminder run (apps.notifications.reminders): a task not yet
done reminds its assignees, H-7 to overdue."""

from datetime import date
from functools import partial

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.notifications.kinds import Kind
from apps.notifications.reminders import Due, ReminderSource

from .models import Task, TaskStatus


def _task_title(title: str) -> str:
    return _("Tugas \u201c%(title)s\u201d") % {"title": title}


class TaskReminders(ReminderSource):
    name = "task"
    kind_due = Kind.TASK_DUE
    kind_overdue = Kind.TASK_OVERDUE

    def open_work(self, tenant, until: date):
        tasks = (
            Task.objects.filter(due_on__lte=until)
            .exclude(status=TaskStatus.TELAH)
            .values_list("pk", "unit_id", "unit__time_zone", "due_on", "title")
            .order_by("pk")
        )
        rows = list(tasks)
        assignees: dict[int, set[int]] = {}
        through = Task.assignees.through
        for task_id, user_id in through.objects.filter(
            task_id__in=[row[0] for row in rows]
        ).values_list("task_id", "user_id"):
            assignees.setdefault(task_id, set()).add(user_id)
        for pk, unit_id, zone, due_on, title in rows:
            yield Due(
                object_id=pk,
                model=Task,
                tenant_id=tenant.pk,
                unit_id=unit_id,
                time_zone=zone,
                due_on=due_on,
                recipients=frozenset(assignees.get(pk, ())),
                title=partial(_task_title, title),
                url=partial(reverse, "workplan:task", args=[pk]),
            )

    def still_open(self, object_ids: set[int]) -> set[int]:
        return set(
            Task.objects.filter(pk__in=object_ids)
            .exclude(status=TaskStatus.TELAH)
            .values_list("pk", flat=True)
        )
