"""Reads of the surveys: a survey's figures from its answers' sums and counts.

``survey_result`` is the one place the figures of a survey are computed (the results
page, the published report, the LKE hand-over, the dashboard): a fixed number of
queries whatever the number of answers (the sums and counts are grouped in SQL; the
formula in ``scoring`` runs on them exactly).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from apps.core.dates import MONTHS
from apps.lke.engine import round_half_up

from . import access, scoring
from .models import (
    AgeBand,
    Education,
    FollowUpAction,
    FollowUpStatus,
    Item,
    Kind,
    Occupation,
    Response,
    ResponseAnswer,
    Sex,
    Status,
    SuggestionState,
    Survey,
)
from .scoring import PERCEPTION_MIN_RESPONDENTS, Grade, Tally


@dataclass(frozen=True)
class ItemResult:
    item: Item
    tally: Tally
    # How many respondents gave each answer, 1 … scale.
    distribution: tuple[int, ...]

    @property
    def nrr(self) -> Fraction | None:
        return self.tally.nrr

    @property
    def nrr_shown(self) -> Decimal | None:
        return None if self.nrr is None else round_half_up(self.nrr, 2)

    @property
    def converted(self) -> Decimal | None:
        """The element's NRR × 25 (the SKM's per-element figure, 25–100)."""
        return None if self.nrr is None else scoring.converted(self.nrr)

    @property
    def answers(self) -> list[tuple[int, str, int, int]]:
        """(value, label, respondents, percent of this item's answers) per point."""
        labels = list(self.item.labels or [])
        count = self.tally.count
        return [
            (
                value,
                labels[value - 1] if value <= len(labels) else str(value),
                n,
                n * 100 // count if count else 0,
            )
            for value, n in enumerate(self.distribution, start=1)
        ]


@dataclass(frozen=True)
class SurveyResult:
    survey: Survey
    respondents: int
    items: tuple[ItemResult, ...]
    # Services the survey covers that have no answer yet (names).
    services_without_answers: tuple[str, ...] = field(default=())

    @property
    def scoring_result(self) -> scoring.Result:
        return scoring.Result(
            self.respondents,
            tuple(r.tally for r in self.items),
            tuple(r.item.weight for r in self.items),
        )

    # The index on the instrument's scale: the IKM (1–4) of an SKM, the weighted mean of
    # a perception survey.
    @property
    def index(self) -> Fraction | None:
        return self.scoring_result.index if self.items else None

    @property
    def index_shown(self) -> Decimal | None:
        return None if self.index is None else round_half_up(self.index, 2)

    @property
    def rows_with_share(self) -> list[tuple[ItemResult, Decimal]]:
        """Each item's result with its weight as a share of 100 % (wᵢ = weightᵢ / Σ, the
        shares sum to 100 before rounding): the index is Σ NRR × wᵢ."""
        total = sum(r.item.weight for r in self.items)
        return [(r, round_half_up(Fraction(r.item.weight * 100, total), 2)) for r in self.items]

    @property
    def is_skm(self) -> bool:
        return self.survey.kind == Kind.SKM

    @property
    def converted(self) -> Decimal | None:
        """SKM only: the IKM × 25 (a perception survey has no converted value or grade)."""
        if not self.is_skm or self.index is None:
            return None
        return scoring.converted(self.index)

    @property
    def grade(self) -> Grade | None:
        return None if self.converted is None else scoring.grade(self.converted)

    @property
    def lke_value(self) -> Fraction | None:
        """IPAK/IPKP: the mean on the LKE's 0–4 scale by the survey's written rule."""
        index = self.index
        if index is None:
            return None
        return scoring.to_lke(index, self.survey.scale, self.survey.scale_rule)

    @property
    def lke_value_shown(self) -> Decimal | None:
        return None if self.lke_value is None else round_half_up(self.lke_value, 2)

    @property
    def rule_text(self) -> str:
        return scoring.rule_text(self.survey.scale_rule, self.survey.scale)

    @property
    def sample_minimum(self) -> int | None:
        if self.survey.kind == Kind.SKM:
            if not self.survey.population:
                return None
            return scoring.sample_minimum(self.survey.population)
        return PERCEPTION_MIN_RESPONDENTS

    @property
    def sample_percent(self) -> int | None:
        """Answers collected against the minimum sample, 0–100 (for the progress bar)."""
        minimum = self.sample_minimum
        if not minimum:
            return None
        return min(100, self.respondents * 100 // minimum)

    @property
    def warnings(self) -> list[str]:
        """Why the result cannot stand as it is (shown beside it, and to assessors)."""
        from django.utils.translation import gettext as _

        reasons = []
        minimum = self.sample_minimum
        if minimum and self.respondents < minimum:
            reasons.append(
                _("Responden baru %(n)s dari sampel minimum %(m)s.")
                % {"n": self.respondents, "m": minimum}
            )
        if self.survey.kind != Kind.SKM and self.services_without_answers:
            reasons.append(
                _("Layanan belum terwakili: %(names)s.")
                % {"names": ", ".join(self.services_without_answers)}
            )
        blank = [r.item.code for r in self.items if not r.tally.count]
        if self.respondents and blank:
            reasons.append(
                _("Belum ada jawaban untuk %(codes)s: indeks belum dapat dihitung.")
                % {"codes": ", ".join(blank)}
            )
        return reasons


def survey_result(survey: Survey, responses=None) -> SurveyResult:
    """The figures of ``survey`` (optionally of a subset of its responses, a queryset of
    ``Response``): four queries whatever the number of answers."""
    if responses is None:
        responses = Response.objects.filter(survey=survey)
    items = list(survey.items.all())
    rows = (
        ResponseAnswer.objects.filter(response__in=responses.values("pk"))
        .values("item_id", "value")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_item: dict[int, dict[int, int]] = {}
    for row in rows:
        by_item.setdefault(row["item_id"], {})[row["value"]] = row["n"]
    results = []
    for item in items:
        counts = by_item.get(item.pk, {})
        distribution = tuple(counts.get(v, 0) for v in range(1, survey.scale + 1))
        tally = Tally(sum(v * n for v, n in counts.items()), sum(counts.values()))
        results.append(ItemResult(item, tally, distribution))
    respondents = responses.count()
    covered = set(
        responses.exclude(service=None).order_by().values_list("service_id", flat=True).distinct()
    )
    missing = tuple(s.name for s in survey.services.all() if s.pk not in covered)
    return SurveyResult(survey, respondents, tuple(results), missing)


def answered_count(survey: Survey) -> int:
    return Response.objects.filter(survey=survey).count()


def totals_by_survey(surveys) -> dict[int, int]:
    """Respondents per survey of ``surveys`` (one query), for lists."""
    rows = (
        Response.objects.filter(survey__in=surveys)
        .values("survey_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["survey_id"]: row["n"] for row in rows}


# --- Breakdowns ------------------------------------------------------------------------------

# The dimensions of the breakdowns, in the order the pages show them: (key, heading).
DIMENSIONS = (
    ("service", "Per layanan"),
    ("desk", "Per loket/petugas"),
    ("month", "Per bulan"),
    ("sex", "Per jenis kelamin"),
    ("age_band", "Per kelompok usia"),
    ("education", "Per pendidikan"),
    ("occupation", "Per pekerjaan"),
)
DEMOGRAPHIC_CHOICES = {
    "sex": Sex,
    "age_band": AgeBand,
    "education": Education,
    "occupation": Occupation,
}


# Each dimension's key as text, computed once per response; the month is year × 100 +
# month in the portal's time zone.
_RESPONSE_KEYS = """
    SELECT r.id,
           r.service_id::text AS service,
           r.desk AS desk,
           (EXTRACT(YEAR FROM r.submitted_at AT TIME ZONE %(tz)s) * 100
            + EXTRACT(MONTH FROM r.submitted_at AT TIME ZONE %(tz)s))::int::text AS month,
           r.sex AS sex,
           r.age_band AS age_band,
           r.education AS education,
           r.occupation AS occupation
      FROM surveys_response r
     WHERE r.tenant_id = %(tenant)s AND r.survey_id = %(survey)s
"""


def _grouped_sql(*, per_item: bool) -> str:
    """One scan grouped by every dimension at once (GROUPING SETS): the dimension and its
    key per row, with the respondents (``per_item`` False) or the sums and counts of the
    answers per item."""
    names = [name for name, _heading in DIMENSIONS]
    item = ", a.item_id" if per_item else ""
    sets = ", ".join(f"(k.{name}{item})" for name in names)
    which = " ".join(f"WHEN GROUPING(k.{name}) = 0 THEN '{name}'" for name in names)
    key = " ".join(f"WHEN GROUPING(k.{name}) = 0 THEN k.{name}" for name in names)
    if per_item:
        select = "a.item_id, SUM(a.value), COUNT(*)"
        source = "keys k JOIN surveys_responseanswer a ON a.response_id = k.id"
    else:
        select = "COUNT(*)"
        source = "keys k"
    # Built from the constant dimension names only; the values are parameters.
    return (
        f"WITH keys AS ({_RESPONSE_KEYS}) "  # noqa: S608
        f"SELECT CASE {which} END, CASE {key} END, {select} "
        f"FROM {source} GROUP BY GROUPING SETS ({sets})"
    )


def _grouped(survey: Survey, *, per_item: bool) -> list[tuple]:
    from django.db import connection
    from django.utils import timezone

    params = {
        "tz": timezone.get_current_timezone_name(),
        "tenant": survey.tenant_id,
        "survey": survey.pk,
    }
    with connection.cursor() as cursor:
        cursor.execute(_grouped_sql(per_item=per_item), params)
        return cursor.fetchall()


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    label: str
    result: scoring.Result
    is_skm: bool
    scale: int
    scale_rule: str

    @property
    def respondents(self) -> int:
        return self.result.respondents

    @property
    def index(self) -> Fraction | None:
        return self.result.index

    @property
    def index_shown(self) -> Decimal | None:
        return None if self.index is None else round_half_up(self.index, 2)

    @property
    def converted(self) -> Decimal | None:
        return self.result.converted if self.is_skm else None

    @property
    def grade(self) -> Grade | None:
        return self.result.grade if self.is_skm else None

    @property
    def lke_value_shown(self) -> Decimal | None:
        if self.is_skm or self.index is None:
            return None
        return round_half_up(scoring.to_lke(self.index, self.scale, self.scale_rule), 2)


@dataclass(frozen=True)
class Breakdown:
    dimension: str
    heading: str
    rows: tuple[BreakdownRow, ...]


def _labeller(survey: Survey, dimension: str, services: dict[str, str]):
    blank = _("Tidak diisi")
    if dimension == "service":
        return lambda key: services.get(key or "", _("Tanpa layanan"))
    if dimension == "desk":
        return lambda key: key or _("Tanpa loket/petugas")
    if dimension == "month":
        return lambda key: f"{MONTHS[int(key) % 100 - 1]} {int(key) // 100}"
    labels = dict(DEMOGRAPHIC_CHOICES[dimension].choices)
    return lambda key: str(labels.get(key, blank)) if key else blank


def _order(survey: Survey, dimension: str, services_order: dict[str, int]):
    if dimension == "service":
        return lambda key: (key is None or key == "", services_order.get(key or "", 0))
    if dimension in ("desk", "month"):
        return lambda key: (not key, key or "")
    values = list(DEMOGRAPHIC_CHOICES[dimension].values)
    return lambda key: (not key, values.index(key) if key in values else len(values))


def survey_breakdowns(survey: Survey, items=None) -> list[Breakdown]:
    """The figures per service, desk, month and demographic group: each group's
    respondents and its index (IKM, converted, grade for an SKM; the index on the
    instrument's scale and on the LKE's 0–4 for IPAK/IPKP). Three queries whatever the
    number of answers: the services' names, the respondents per group, and the sums and
    counts of the answers per group and item, each grouped by every dimension in one scan
    (GROUPING SETS); the formula then runs on the sums (``scoring``)."""
    if items is None:
        items = list(survey.items.all())
    services = list(survey.services.values_list("pk", "name"))
    names = {str(pk): name for pk, name in services}
    services_order = {str(pk): i for i, (pk, _name) in enumerate(services)}
    respondents: dict[str, dict] = {name: {} for name, _heading in DIMENSIONS}
    for dimension, key, n in _grouped(survey, per_item=False):
        respondents[dimension][key] = n
    # A service without any answer is shown too (with none): it is not yet covered.
    for key in names:
        respondents["service"].setdefault(key, 0)
    tallies: dict[tuple[str, str | None], dict[int, Tally]] = {}
    for dimension, key, item_id, total, n in _grouped(survey, per_item=True):
        tallies.setdefault((dimension, key), {})[item_id] = Tally(int(total), n)
    weights = tuple(item.weight for item in items)
    is_skm = survey.kind == Kind.SKM
    breakdowns = []
    for dimension, heading in DIMENSIONS:
        label = _labeller(survey, dimension, names)
        keys = sorted(respondents[dimension], key=_order(survey, dimension, services_order))
        rows = []
        for key in keys:
            by_item = tallies.get((dimension, key), {})
            result = scoring.Result(
                respondents[dimension][key],
                tuple(by_item.get(item.pk, Tally()) for item in items),
                weights,
            )
            rows.append(
                BreakdownRow(key or "", label(key), result, is_skm, survey.scale, survey.scale_rule)
            )
        breakdowns.append(Breakdown(dimension, _(heading), tuple(rows)))
    return breakdowns


# --- Access and suggestions ------------------------------------------------------------------


def survey_for_user(user, pk: int, *, manage: bool = False) -> Survey:
    """The survey ``pk`` when ``user`` may read it (404 for missing, another unit's and
    another agency's alike); with ``manage``, a reader who may not manage it is refused
    (403, ``AccessDenied``), as on the other survey pages."""
    survey = access.get_survey_for_user(user, pk)
    if manage:
        access.require_manage(user, survey.unit)
    return survey


def suggestions_of(survey: Survey, state: str = "") -> QuerySet[Response]:
    """The responses of ``survey`` that carry a suggestion (of one review state)."""
    rows = Response.objects.filter(survey=survey).exclude(suggestion_state=SuggestionState.NONE)
    if state:
        rows = rows.filter(suggestion_state=state)
    return rows.select_related("service", "reviewed_by").order_by("submitted_at", "pk")


def suggestion_counts(survey: Survey) -> dict[str, int]:
    """How many suggestions are in each review state (one query)."""
    rows = (
        Response.objects.filter(survey=survey)
        .exclude(suggestion_state=SuggestionState.NONE)
        .values("suggestion_state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {state: 0 for state in SuggestionState.values if state}
    counts.update({row["suggestion_state"]: row["n"] for row in rows})
    return counts


def approved_suggestions(survey: Survey) -> list[Response]:
    """What the public may read: the suggestions the unit approved, and nothing else."""
    return list(
        Response.objects.filter(survey=survey, suggestion_state=SuggestionState.APPROVED)
        .only("pk", "suggestion", "submitted_at")
        .order_by("submitted_at", "pk")
    )


DEMOGRAPHIC_DIMENSIONS = ("sex", "age_band", "education", "occupation")


def results_context(survey: Survey) -> dict:
    """What the results page, the report and the public page show of ``survey``: its
    figures, breakdowns and the minimum sample (a fixed number of queries)."""
    items = list(survey.items.all())
    result = survey_result(survey)
    breakdowns = survey_breakdowns(survey, items)
    return {
        "survey": survey,
        "unit": survey.unit,
        "result": result,
        "breakdowns": breakdowns,
        "demographics": [b for b in breakdowns if b.dimension in DEMOGRAPHIC_DIMENSIONS],
        "grade_bands": scoring.GRADE_BANDS,
    }


def report_context(survey: Survey) -> dict:
    """The report PDF's and the public page's content: figures, demographics, the
    follow-up plan and the approved suggestions only."""
    context = results_context(survey)
    context["follow_ups"] = follow_ups_of(survey)
    context["suggestions"] = approved_suggestions(survey)
    return context


# --- Follow-up (PPF4C, PPF1C) ------------------------------------------------------------

# An SKM element whose own converted value (NRR × 25) falls under this is graded C or D.
GRADE_B_FLOOR = scoring.GRADE_BANDS[1][0]


@dataclass(frozen=True)
class ElementStanding:
    """One element of a survey's result, ranked for the follow-up page."""

    row: ItemResult
    rank: int
    # Why it is weak (empty: not weak): below the survey's index, or graded under B.
    reasons: tuple[str, ...]
    # SKM only: the grade of the element's own converted value.
    grade: Grade | None = None

    @property
    def item(self) -> Item:
        return self.row.item

    @property
    def is_weak(self) -> bool:
        return bool(self.reasons)


def element_standings(result: SurveyResult) -> list[ElementStanding]:
    """The elements weakest first (lowest NRR; unanswered ones last, in questionnaire
    order). An element is weak when its NRR is below the survey's index (the IKM of an
    SKM, the weighted mean of a perception survey) or, for an SKM, when its own
    converted value is graded under B (below 76.61)."""
    from django.utils.formats import localize
    from django.utils.translation import gettext as _

    index = result.index
    answered = sorted(
        (r for r in result.items if r.nrr is not None), key=lambda r: (r.nrr, r.item.order)
    )
    blank = [r for r in result.items if r.nrr is None]
    standings = []
    for rank, row in enumerate([*answered, *blank], start=1):
        reasons = []
        if row.nrr is not None and index is not None and row.nrr < index:
            if result.is_skm:
                reasons.append(
                    _("di bawah IKM (%(index)s)") % {"index": localize(result.index_shown)}
                )
            else:
                reasons.append(
                    _("di bawah indeks survei (%(index)s)")
                    % {"index": localize(result.index_shown)}
                )
        grade = None
        if result.is_skm and row.converted is not None:
            grade = scoring.grade(row.converted)
            if row.converted < GRADE_B_FLOOR:
                reasons.append(
                    _("nilai %(value)s bermutu %(grade)s, di bawah B")
                    % {"grade": grade.value, "value": localize(row.converted)}
                )
        standings.append(ElementStanding(row, rank, tuple(reasons), grade))
    return standings


def follow_ups_of(survey: Survey) -> QuerySet[FollowUpAction]:
    """The survey's follow-up actions, by due date, with their element and evidence."""
    return (
        FollowUpAction.objects.filter(tenant_id=survey.tenant_id, survey=survey)
        .select_related("item", "evidence")
        .order_by("due_on", "id")
    )


@dataclass(frozen=True)
class FollowUpSummary:
    """A unit's SKM follow-up in one year, for the LKE's PPF4C/PPF1C (what the portal
    knows: the closed SKM surveys of the year, their actions and how many are done with
    evidence)."""

    unit_id: int
    year: int
    # The closed SKM surveys of the year: (pk, title, number of actions), by period.
    surveys: tuple[tuple[int, str, int], ...]
    actions: int
    planned: int
    in_progress: int
    done: int
    done_with_evidence: int
    overdue: int

    @property
    def closed_skm(self) -> int:
        return len(self.surveys)

    @property
    def followed_up_skm(self) -> int:
        """Closed SKM surveys of the year with at least one action."""
        return sum(1 for _pk, _title, n in self.surveys if n)

    @property
    def has_actions(self) -> bool:
        return self.actions > 0

    @property
    def all_skm_followed_up(self) -> bool:
        return self.closed_skm > 0 and self.followed_up_skm == self.closed_skm


def follow_up_summary(unit, year: int, as_of: datetime.date | None = None) -> FollowUpSummary:
    """The follow-up of ``unit``'s SKM surveys of ``year`` (two queries, whatever the
    number of actions). ``as_of`` (default today): actions count as done when they were
    done by then, and as overdue when their deadline had passed by then unfinished. No
    access check: the caller has decided the unit may be read."""
    from django.utils import timezone

    as_of = as_of or timezone.localdate()
    skm = Survey.objects.filter(
        tenant_id=unit.tenant_id, unit=unit, year=year, kind=Kind.SKM, status=Status.CLOSED
    )
    surveys = tuple(
        skm.annotate(n=Count("follow_ups")).order_by("period", "pk").values_list("pk", "title", "n")
    )
    done = Q(status=FollowUpStatus.DONE, done_at__date__lte=as_of)
    actions = FollowUpAction.objects.filter(
        tenant_id=unit.tenant_id, survey__in=[pk for pk, _title, _n in surveys]
    ).aggregate(
        total=Count("pk"),
        planned=Count("pk", filter=Q(status=FollowUpStatus.PLANNED)),
        in_progress=Count("pk", filter=Q(status=FollowUpStatus.IN_PROGRESS)),
        done=Count("pk", filter=done),
        done_with_evidence=Count("pk", filter=done & Q(evidence__isnull=False)),
        overdue=Count("pk", filter=~done & Q(due_on__lt=as_of)),
    )
    return FollowUpSummary(
        unit_id=unit.pk,
        year=year,
        surveys=surveys,
        actions=actions["total"],
        planned=actions["planned"],
        in_progress=actions["in_progress"],
        done=actions["done"],
        done_with_evidence=actions["done_with_evidence"],
        overdue=actions["overdue"],
    )


__all__ = [
    "Breakdown",
    "BreakdownRow",
    "ElementStanding",
    "FollowUpSummary",
    "ItemResult",
    "SurveyResult",
    "answered_count",
    "approved_suggestions",
    "element_standings",
    "follow_up_summary",
    "follow_ups_of",
    "report_context",
    "results_context",
    "suggestion_counts",
    "suggestions_of",
    "survey_breakdowns",
    "survey_for_user",
    "survey_result",
    "totals_by_survey",
]
