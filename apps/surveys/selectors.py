"""Reads of the surveys: a survey's figures from its answers' sums and counts.

``survey_result`` is the one place the figures of a survey are computed (the results
page, the published report, the LKE hand-over, the dashboard): a fixed number of
queries whatever the number of answers (the sums and counts are grouped in SQL; the
formula in ``scoring`` runs on them exactly).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count

from apps.lke.engine import round_half_up

from . import scoring
from .models import Item, Kind, Response, ResponseAnswer, Survey
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
    covered = set(responses.exclude(service=None).values_list("service_id", flat=True).distinct())
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


__all__ = ["ItemResult", "SurveyResult", "answered_count", "survey_result", "totals_by_survey"]
