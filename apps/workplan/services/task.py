"""Writes of Pokja tasks: made from items of the ratified plan, worked on by their
assignees, commented, and evidenced through apps.evidence."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.accounts.models import RoleAssignment, User
from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core import workflow
from apps.core.capabilities import Capability
from apps.core.exceptions import AccessDenied
from apps.evidence.services import evidence_add
from apps.lke.models import Question
from apps.notifications.kinds import Kind
from apps.notifications.services import Notice, notify

from ..access import unit_roles
from ..models import (
    TASK_TRANSITIONS,
    PlanItem,
    RevisionStatus,
    Task,
    TaskAttachment,
    TaskComment,
    TaskStatus,
)

TASK_FIELDS = ["item", "title", "due_on", "status"]
TITLE_LIMIT = 300
COMMENT_LIMIT = 2000


def _done_at(task: Task, *, to_state: str, **context) -> list[str]:
    task.done_at = timezone.now() if to_state == TaskStatus.TELAH else None
    return ["done_at"]


# One transition per status a task can be set to, named after it, from the statuses
# ``TASK_TRANSITIONS`` allows (``task_set_status`` explains a refused change first).
TASK_WORKFLOW = workflow.declare(
    Task,
    field="status",
    unit=lambda task: task.unit,
    transitions=[
        workflow.Transition(
            name=str(status),
            source=tuple(
                str(source) for source, targets in TASK_TRANSITIONS.items() if status in targets
            ),
            target=str(status),
            # Anyone working in the unit; ``can_work_on`` narrows it to the task's
            # assignees and the people who manage the area's tasks.
            capability=Capability.TASK_WORK,
            action=AuditAction.TASK_STATUS,
            effect=_done_at,
        )
        for status in TaskStatus
    ],
)


def unit_member_ids(unit_id: int, user_ids: Iterable[int]) -> set[int]:
    """Which of ``user_ids`` hold a role in the unit itself (its members)."""
    return set(
        RoleAssignment.objects.filter(unit_id=unit_id, user_id__in=list(user_ids)).values_list(
            "user_id", flat=True
        )
    )


def can_work_on(user, task: Task) -> bool:
    """Assignees, the area's Ketua Pokja, the Ketua Tim and Sekretaris."""
    if not user.is_authenticated:
        return False
    if task.assignees.filter(pk=user.pk).exists():
        return True
    return unit_roles(user, task.unit_id).manages_tasks(task.area)


def _require_worker(actor, task: Task) -> None:
    if not can_work_on(actor, task):
        raise AccessDenied(
            _(
                "Hanya pelaksana tugas ini, Ketua Pokja area %(area)s, Ketua Tim atau "
                "Sekretaris yang dapat mengubahnya."
            )
            % {"area": task.area}
        )


def _clean_task(cycle, title: str, due_on: date | None, assignees: list[User], unit_id: int):
    errors: dict[str, list] = {}
    title = " ".join((title or "").split())
    if not title:
        errors["title"] = [_("Nama tugas wajib diisi.")]
    elif len(title) > TITLE_LIMIT:
        errors["title"] = [
            _("Nama tugas maksimal %(n)s karakter (sekarang %(m)s); persingkat teksnya.")
            % {"n": TITLE_LIMIT, "m": len(title)}
        ]
    if due_on is None:
        errors["due_on"] = [_("Batas waktu wajib diisi.")]
    elif due_on.year != cycle.year:
        errors["due_on"] = [
            _("Batas waktu harus dalam tahun siklus %(year)s.") % {"year": cycle.year}
        ]
    if not assignees:
        errors["assignees"] = [_("Pilih minimal satu pelaksana.")]
    else:
        members = unit_member_ids(unit_id, [a.pk for a in assignees])
        outsiders = [u.full_name for u in assignees if u.pk not in members]
        if outsiders:
            errors["assignees"] = [
                _("Pelaksana harus anggota unit ini: %(names)s bukan.")
                % {"names": ", ".join(outsiders)}
            ]
    if errors:
        raise ValidationError(errors)
    return title


@transaction.atomic
def task_create(
    *, actor, item: PlanItem, title: str, due_on: date | None, assignees: Iterable[User]
) -> Task:
    """A task for an item of the ratified Rencana Kerja."""
    item = PlanItem.objects.select_related("revision__cycle__tenant").get(pk=item.pk)
    revision = item.revision
    cycle = revision.cycle
    if not unit_roles(actor, revision.unit_id).manages_tasks(item.area):
        raise AccessDenied(
            _("Tugas area %(area)s dibuat oleh Ketua Pokja area itu, Ketua Tim atau Sekretaris.")
            % {"area": item.area}
        )
    if revision.status != RevisionStatus.RATIFIED:
        raise ValidationError(
            _("Tugas hanya dibuat dari butir Rencana Kerja yang berlaku (sudah disahkan).")
        )
    assignees = list(dict.fromkeys(assignees))
    title = _clean_task(cycle, title, due_on, assignees, revision.unit_id)
    task = Task(
        tenant_id=cycle.tenant_id,
        cycle=cycle,
        unit_id=revision.unit_id,
        item=item,
        area=item.area,
        title=title,
        due_on=due_on,
        created_by=actor,
    )
    task.full_clean()
    task.save()
    task.assignees.set(assignees)
    audit_record(
        actor=actor,
        tenant=cycle.tenant,
        action=AuditAction.TASK_CREATE,
        instance=task,
        after={**snapshot(task, TASK_FIELDS), "assignees": [u.pk for u in assignees]},
    )
    notify(
        assignees,
        Notice.about(
            task,
            kind=Kind.TASK_ASSIGNED,
            title=_("Tugas baru untuk Anda: %(title)s (batas %(due)s)")
            % {"title": task.title, "due": date_format(task.due_on, "j F Y")},
            url=reverse("workplan:task", args=[task.pk]),
        ),
        exclude=actor,
    )
    return task


@transaction.atomic
def task_set_status(*, actor, task: Task, status: str) -> Task:
    task = (
        Task.objects.select_for_update(of=("self",)).select_related("cycle__tenant").get(pk=task.pk)
    )
    _require_worker(actor, task)
    if status not in TaskStatus.values:
        raise ValidationError({"status": _("Status tidak dikenal.")})
    if status == task.status:
        raise ValidationError(
            _("Tugas sudah berstatus %(status)s.") % {"status": task.get_status_display()}
        )
    if status not in TASK_TRANSITIONS[TaskStatus(task.status)]:
        raise ValidationError(
            _("Status %(from)s tidak dapat langsung diubah menjadi %(to)s.")
            % {"from": task.get_status_display(), "to": TaskStatus(status).label}
        )
    return workflow.transition(workflow.mark_locked(task), status, actor=actor)


@transaction.atomic
def task_comment_add(*, actor, task: Task, text: str) -> TaskComment:
    task = Task.objects.select_related("cycle__tenant").get(pk=task.pk)
    if not (can_work_on(actor, task) or unit_roles(actor, task.unit_id).ratifies):
        raise AccessDenied(_("Anda tidak terlibat dalam tugas ini."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Komentar tidak boleh kosong.")})
    if len(text) > COMMENT_LIMIT:
        raise ValidationError(
            {
                "text": _("Komentar maksimal %(n)s karakter (sekarang %(m)s); persingkat teksnya.")
                % {"n": COMMENT_LIMIT, "m": len(text)}
            }
        )
    comment = TaskComment(tenant_id=task.tenant_id, task=task, author=actor, text=text)
    comment.full_clean()
    comment.save()
    audit_record(
        actor=actor,
        tenant=task.cycle.tenant,
        action=AuditAction.TASK_COMMENT,
        instance=task,
        after={"comment": comment.pk},
    )
    return comment


@transaction.atomic
def task_attach(
    *, actor, task: Task, question: Question | None, uploaded=None, url: str = "", title: str = ""
) -> TaskAttachment:
    """Attach evidence to a task: an evidence item (draft) for one of the plan item's LKE
    questions, made by ``evidence_add`` (its own checks: the contributor's area, the
    cycle's stage, the file)."""
    task = Task.objects.select_related("cycle__tenant", "cycle__unit").get(pk=task.pk)
    _require_worker(actor, task)
    if question is None:
        raise ValidationError({"question": _("Pilih pertanyaan LKE yang dibuktikan.")})
    if not task.item.questions.filter(pk=question.pk).exists():
        raise ValidationError(
            {
                "question": _("Pertanyaan %(code)s tidak dilayani butir rencana kerja tugas ini.")
                % {"code": question.code}
            }
        )
    item = evidence_add(
        actor=actor, cycle=task.cycle, question=question, uploaded=uploaded, url=url, title=title
    )
    attachment = TaskAttachment(
        tenant_id=task.tenant_id, task=task, evidence=item, created_by=actor
    )
    attachment.full_clean()
    attachment.save()
    audit_record(
        actor=actor,
        tenant=task.cycle.tenant,
        action=AuditAction.TASK_ATTACH,
        instance=task,
        after={"evidence": item.pk, "question": question.code},
    )
    return attachment
