"""What waits for a person in the assessments (``apps.core.todo``): the LKE questions of
the assessments and areas they are assigned to that nobody has answered yet."""

from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.todo import LIMIT, TodoItem
from apps.cycles.selectors import stage_due_dates
from apps.lke.models import Question

from .models import Answer, Assignment, Status


def _counted(queryset, group: str) -> Coalesce:
    rows = queryset.order_by().values(group).annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def todo_items(user, tenant, grants=None) -> list[TodoItem]:
    """One line per assignment of ``user`` to an assessment still being scored, with
    the number of questions of their area (or of the whole LKE) left unanswered; computed
    questions are the engine's. One query when there is none, three otherwise."""
    if not user.is_authenticated:
        return []
    # Most people are assigned to no open assessment: a plain look first spares them the
    # counting query (whose compilation alone costs milliseconds).
    if not Assignment.objects.filter(
        tenant=tenant, user=user, assessment__status=Status.DRAFT
    ).exists():
        return []
    questions = Question.objects.filter(
        version_id=OuterRef("assessment__template_id"), computation__isnull=True
    )
    answers = Answer.objects.filter(
        assessment_id=OuterRef("assessment_id"),
        value__isnull=False,
        question__computation__isnull=True,
    )
    in_area = {"indicator__aspect__area__code": OuterRef("area")}
    assignments = list(
        Assignment.objects.filter(tenant=tenant, user=user, assessment__status=Status.DRAFT)
        .annotate(
            open=Case(
                When(
                    area="",
                    then=_counted(questions, "version_id") - _counted(answers, "assessment_id"),
                ),
                default=_counted(questions.filter(**in_area), "version_id")
                - _counted(
                    answers.filter(**{f"question__{k}": v for k, v in in_area.items()}),
                    "assessment_id",
                ),
                output_field=IntegerField(),
            )
        )
        .filter(open__gt=0)
        .select_related("assessment", "assessment__unit", "assessment__cycle")
        .order_by("created_at", "id")[:LIMIT]
    )
    due = stage_due_dates(tenant=tenant, cycles=[a.assessment.cycle for a in assignments])
    list_url = reverse("assessment:list")
    lines = []
    for assignment in assignments:
        assessment = assignment.assessment
        where = (
            _("area %(area)s") % {"area": assignment.area} if assignment.area else _("semua area")
        )
        lines.append(
            TodoItem(
                kind="assessment.answer",
                kind_label=assessment.get_level_display(),
                title=ngettext(
                    "Jawab %(n)d pertanyaan LKE (%(where)s)",
                    "Jawab %(n)d pertanyaan LKE (%(where)s)",
                    assignment.open,
                )
                % {"n": assignment.open, "where": where},
                unit=assessment.unit.name,
                url=reverse("assessment:detail", args=[assessment.pk]),
                due_on=due.get(assessment.cycle_id),
                waiting_since=assignment.created_at,
                count=assignment.open,
                list_url=list_url,
            )
        )
    return lines
