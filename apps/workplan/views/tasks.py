"""Pages of Pokja tasks: create from a plan item, the task with its status, comments and
evidence, "Tugas saya", "Terlambat" and the month-by-month timeline of an area."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from apps.core.actions import perform, submit
from apps.core.choices import Area
from apps.core.http import error_text
from apps.core.mixins import TenantMemberRequiredMixin
from apps.cycles.selectors import get_cycle_for_user
from apps.cycles.services import MONTHS
from apps.files.upload import hashing_upload_view, uploaded_file
from apps.lke.models import Question

from .. import services
from ..access import unit_roles
from ..forms import StatusForm, TaskForm
from ..models import TASK_TRANSITIONS, TaskStatus
from ..selectors import (
    current_revision,
    get_item_for_user,
    get_task_for_user,
    my_tasks,
    overdue_tasks,
    revisions_of,
    task_detail,
    timeline,
    unit_people,
)
from ..services.task import COMMENT_LIMIT


class TaskCreateView(TenantMemberRequiredMixin, View):
    def _render(self, request, item, form, status=200):
        context = {"item": item, "cycle": item.revision.cycle, "form": form}
        return render(request, "workplan/task_form.html", context, status=status)

    def get(self, request, pk):
        item = get_item_for_user(request.user, pk)
        people = unit_people(item.revision.unit_id)
        return self._render(request, item, TaskForm(people=people, initial={"title": item.action}))

    def post(self, request, pk):
        item = get_item_for_user(request.user, pk)
        form = TaskForm(request.POST, people=unit_people(item.revision.unit_id))
        response = submit(
            request,
            form,
            lambda: services.task_create(actor=request.user, item=item, **form.cleaned_data),
            success=lambda task: _("Tugas “%(title)s” dibuat.") % {"title": task.title},
            redirect_to=lambda task: reverse("workplan:task", args=[task.pk]),
        )
        if response is not None:
            return response
        return self._render(request, item, form, status=400)


def task_page(request, task, *, comment_draft="", status=200):
    detail = task_detail(task)
    roles = unit_roles(request.user, task.unit_id)
    works = request.user in detail["assignees"] or roles.manages_tasks(task.area)
    context = {
        "task": task,
        "cycle": task.cycle,
        **detail,
        "can_work": works,
        "can_comment": works or roles.ratifies,
        "comment_limit": COMMENT_LIMIT,
        "comment_draft": comment_draft,
        "next_statuses": [
            (s, TaskStatus(s).label) for s in TASK_TRANSITIONS[TaskStatus(task.status)]
        ],
        "overdue": task.status != TaskStatus.TELAH and task.due_on < timezone.localdate(),
    }
    return render(request, "workplan/task.html", context, status=status)


class TaskDetailView(TenantMemberRequiredMixin, View):
    def get(self, request, pk):
        return task_page(request, get_task_for_user(request.user, pk))


class TaskStatusView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        task = get_task_for_user(request.user, pk)
        form = StatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Pilih status yang dikenal."))
            return redirect("workplan:task", task.pk)
        return perform(
            request,
            lambda: services.task_set_status(
                actor=request.user, task=task, status=form.cleaned_data["status"]
            ),
            success=lambda task: _("Status tugas: %(s)s.") % {"s": task.get_status_display()},
            redirect_to=("workplan:task", task.pk),
        )


class TaskCommentView(TenantMemberRequiredMixin, View):
    def post(self, request, pk):
        task = get_task_for_user(request.user, pk)
        text = request.POST.get("text", "")
        # Not ``perform``: a refused comment shows the task page again (400) with the text
        # kept in the box, and there is no form class to hand to ``submit``.
        try:
            services.task_comment_add(actor=request.user, task=task, text=text)
        except ValidationError as exc:
            # The text is kept in the form so that nothing typed is lost.
            messages.error(request, error_text(exc))
            return task_page(request, task, comment_draft=text, status=400)
        messages.success(request, _("Komentar ditambahkan."))
        return redirect("workplan:task", task.pk)


@method_decorator(hashing_upload_view, name="dispatch")
class TaskAttachView(TenantMemberRequiredMixin, View):
    """Evidence for the task: one file or one link, as an evidence item of one of the plan
    item's LKE questions (streamed through the hashing handler)."""

    def post(self, request, pk):
        task = get_task_for_user(request.user, pk)
        question = None
        raw = request.POST.get("question", "")
        if raw:
            question = Question.objects.filter(
                pk=raw if raw.isdigit() else 0, version_id=task.cycle.template_id
            ).first()
        url = request.POST.get("url", "").strip()
        return perform(
            request,
            # The upload is read inside the call: a refused file is a message like any other.
            lambda: services.task_attach(
                actor=request.user,
                task=task,
                question=question,
                uploaded=None if url else uploaded_file(request),
                url=url,
                title=request.POST.get("title", ""),
            ),
            success=lambda attachment: (
                _("Bukti “%(title)s” dilampirkan sebagai draf bukti dukung %(code)s.")
                % {"title": attachment.evidence.title, "code": question.code}
            ),
            redirect_to=("workplan:task", task.pk),
        )


class MyTasksView(TenantMemberRequiredMixin, View):
    def get(self, request):
        include_done = request.GET.get("semua") == "1"
        page = Paginator(my_tasks(request.user, include_done), 100).get_page(
            request.GET.get("page")
        )
        context = {
            "page": page,
            "include_done": include_done,
            "today": timezone.localdate(),
            "title": _("Tugas saya"),
            "mine": True,
        }
        return render(request, "workplan/task_list.html", context)


class OverdueView(TenantMemberRequiredMixin, View):
    def get(self, request):
        page = Paginator(overdue_tasks(request.user), 100).get_page(request.GET.get("page"))
        context = {
            "page": page,
            "today": timezone.localdate(),
            "title": _("Tugas terlambat"),
            "mine": False,
        }
        return render(request, "workplan/task_list.html", context)


class TimelineView(TenantMemberRequiredMixin, View):
    def get(self, request, cycle_pk):
        cycle = get_cycle_for_user(request.user, cycle_pk)
        area = request.GET.get("area") or Area.MP
        if area not in Area.values:
            raise Http404
        revisions = revisions_of(cycle)
        revision = current_revision(revisions) or (revisions[0] if revisions else None)
        context = {
            "cycle": cycle,
            "area": area,
            "area_label": Area(area).label,
            "areas": Area.choices,
            "revision": revision,
            "months": MONTHS,
            "today": timezone.localdate(),
            **timeline(cycle, revision, area),
        }
        return render(request, "workplan/timeline.html", context)
