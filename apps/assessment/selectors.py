"""Reads of assessments, scoped to the user, in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from apps.accounts.models import RoleAssignment, User
from apps.core import workflow
from apps.core.http import get_or_404
from apps.core.models import StateChange
from apps.evidence.models import EvidenceRevision, ItemStatus
from apps.evidence.selectors import items_readable_by
from apps.lke.engine import Result, score
from apps.lke.selectors import engine_template

from .access import assessments_readable_by, can_read
from .models import Answer, Assessment, Assignment, Level, Status

PAGE_RELATED = ("tenant", "cycle", "unit", "template", "lead", "locked_by", "released_by")
# What saving an answer reads: fewer joins keep the hot path's query cheap to plan.
SAVE_RELATED = ("tenant", "cycle", "unit", "template")


def tenant_people() -> QuerySet[User]:
    """People holding a role in the active tenant (choices for lead and assessors)."""
    return User.objects.filter(
        Exists(RoleAssignment.objects.filter(user=OuterRef("pk"))), is_active=True
    ).order_by("full_name")


def get_assessment_for_user(user, pk, related: tuple[str, ...] = PAGE_RELATED) -> Assessment:
    """The assessment, if ``user`` may read it; 404 for missing, other tenant and not
    yours alike."""
    assessment = get_or_404(Assessment.objects.select_related(*related), pk=pk)
    if not can_read(user, assessment):
        raise Http404
    return assessment


def assessments_of_cycle(user, cycle) -> list[Assessment]:
    return list(
        assessments_readable_by(user).filter(cycle=cycle).select_related("lead").order_by("level")
    )


def assessments_for_user(user) -> QuerySet[Assessment]:
    """What ``user`` may read, newest cycle first, for the list page."""
    return (
        assessments_readable_by(user)
        .select_related("cycle", "unit", "lead")
        .order_by("-cycle__year", "unit__path", "level")
    )


def answers_by_code(assessment: Assessment) -> dict[str, Answer]:
    """Every stored answer of the assessment by question code (one query)."""
    return {
        answer.question.code: answer
        for answer in Answer.objects.filter(assessment=assessment).select_related(
            "question", "updated_by"
        )
    }


def engine_answers(answers: dict[str, Answer]) -> dict[str, object]:
    return {code: a.value for code, a in answers.items() if a.value is not None}


def stored_values(assessment: Assessment) -> dict[str, object]:
    """The engine's answers dict in one light query (no model instances): the live
    panel after every save is computed from it."""
    return dict(
        Answer.objects.filter(assessment=assessment, value__isnull=False).values_list(
            "question__code", "value"
        )
    )


def holds_wbk(assessment: Assessment) -> bool:
    # A WBBM cycle is only opened for a unit that holds WBK (cycles.services.cycle_create).
    return assessment.cycle.target == "wbbm"


def assessment_result(assessment: Assessment, answers: dict[str, Answer] | None = None) -> Result:
    """The engine's score of the assessment's answers (read here unless given)."""
    values = stored_values(assessment) if answers is None else engine_answers(answers)
    return score(engine_template(assessment.template), values, holds_wbk(assessment))


def assignments_of(assessment: Assessment) -> list[Assignment]:
    return list(
        Assignment.objects.filter(assessment=assessment)
        .select_related("user")
        .order_by("area", "user__full_name")
    )


def reopenings_of(assessment: Assessment) -> list[StateChange]:
    """Each time an admin opened the final assessment again (who, when, why), from the
    assessment's workflow history; ``data["locked_at"]`` is when it had been locked."""
    return list(workflow.history_of(assessment).filter(transition="reopen").select_related("actor"))


def recommendations(answers: dict[str, Answer]) -> list[Answer]:
    """The notes the assessors marked as recommendations, in question order."""
    return sorted(
        (a for a in answers.values() if a.is_recommendation and a.note),
        key=lambda a: (a.question.order, a.question.code),
    )


@dataclass(frozen=True)
class EvidenceLink:
    title: str
    requirement: str
    revision_id: int | None
    url: str
    file_name: str
    content_type: str
    kind: str


def verified_evidence(user, assessment: Assessment) -> dict[str, list[EvidenceLink]]:
    """The unit's verified evidence of the cycle by question code, in two queries."""
    items = (
        items_readable_by(user)
        .filter(cycle_id=assessment.cycle_id, status=ItemStatus.VERIFIED)
        .select_related("question", "requirement")
        .prefetch_related(
            Prefetch(
                "revisions",
                queryset=EvidenceRevision.objects.filter(is_current=True).select_related(
                    "stored_file"
                ),
                to_attr="current",
            )
        )
        .order_by("question_id", "created_at", "id")
    )
    out: dict[str, list[EvidenceLink]] = defaultdict(list)
    for item in items:
        revision = item.current[0] if item.current else None
        stored = revision.stored_file if revision else None
        out[item.question.code].append(
            EvidenceLink(
                title=item.title,
                requirement=item.requirement.name if item.requirement else "",
                revision_id=revision.pk if revision else None,
                url=revision.url if revision else "",
                file_name=revision.display_name if revision else "",
                content_type=stored.content_type if stored else "",
                kind=stored.kind if stored else "",
            )
        )
    return out


def final_tpu(cycle) -> Assessment | None:
    return (
        Assessment.objects.filter(
            tenant_id=cycle.tenant_id, cycle=cycle, level=Level.TPU, status=Status.FINAL
        )
        .select_related("template", "cycle")
        .first()
    )
