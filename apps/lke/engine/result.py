"""The result of scoring one answer set: exact figures and rule outcomes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

from . import model as m
from .numbers import fmt_bound, round_half_up

ZERO = Fraction(0)


@dataclass(frozen=True, slots=True)
class AspectScore:
    code: str
    name: str
    weight: Decimal
    score: Fraction

    @property
    def percent(self) -> Fraction:
        return self.score * 100 / Fraction(self.weight) if self.weight else ZERO


@dataclass(frozen=True, slots=True)
class AreaScore:
    code: str
    name: str
    weight: Decimal
    score: Fraction
    percent: Fraction  # of the area's weight
    aspects: tuple[AspectScore, ...]


@dataclass(frozen=True, slots=True)
class ComponentScore:
    code: str
    name: str
    kind: str
    weight: Decimal
    score: Fraction
    areas: tuple[AreaScore, ...]

    @property
    def percent(self) -> Fraction:
        return self.score * 100 / Fraction(self.weight) if self.weight else ZERO


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    """One rule checked for one predicate (an area rule yields one per area)."""

    predicate: str
    rule: str
    label: str
    measure: str
    passed: bool
    value: Decimal | bool  # the rounded figure, or whether the prior predicate is held
    bound: Decimal | bool
    unit: str | None = None  # "points", "percent", or None for prior predicates
    ref: str | None = None
    area: str | None = None
    aspect: str | None = None
    note: str = ""

    def to_dict(self) -> dict:
        out: dict[str, object] = {"rule": self.rule, "label": self.label, "measure": self.measure}
        for key in ("ref", "area", "aspect"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if isinstance(self.value, bool):
            out["value"], out["bound"] = self.value, self.bound
        else:
            out["value"], out["bound"] = str(self.value), fmt_bound(self.bound)
            out["unit"] = self.unit
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True, slots=True)
class Result:
    """Exact scores of one answer set, every rule outcome and the predicate.

    Figures are ``Fraction`` (a Decimal cannot hold a third); ``rounded()``
    and ``to_dict()`` give the half-up figures users see.
    """

    template: m.Template = field(repr=False, compare=False)
    total: Fraction
    components: tuple[ComponentScore, ...]
    values: Mapping[str, Fraction]  # answered questions only: value 0..1
    answers: Mapping[str, object]  # canonical answers
    held: frozenset[str]
    predicate: str | None
    outcomes: tuple[RuleOutcome, ...]
    warnings: tuple[str, ...] = ()
    # (whole units per indicator, exact extras per indicator, unit): see plan.py
    indicator_parts: tuple = field(default=((), (), 1), repr=False, compare=False)

    # -- lookups ----------------------------------------------------------
    def component(self, code: str) -> ComponentScore:
        for component in self.components:
            if component.code == code:
                return component
        raise KeyError(code)

    def area(self, code: str) -> AreaScore:
        for component in self.components:
            for area in component.areas:
                if area.code == code:
                    return area
        raise KeyError(code)

    @property
    def indicators(self) -> Mapping[str, Fraction]:
        codes = self.template.plan.indicator_codes
        units, extras, unit = self.indicator_parts
        return MappingProxyType(
            {
                code: Fraction(count, unit) + extra
                for code, count, extra in zip(codes, units, extras, strict=True)
            }
        )

    def value(self, question_code: str) -> Fraction:
        """The answer's value 0..1 (0 when unanswered)."""
        self.template.questions[question_code]  # KeyError for unknown codes
        return self.values.get(question_code, ZERO)

    def points(self, question_code: str) -> Fraction:
        """Value × per-question weight: the points a question contributes."""
        return self.value(question_code) * self.template.questions[question_code].weight

    def failed(self, predicate: str) -> list[RuleOutcome]:
        return [o for o in self.outcomes if o.predicate == predicate and not o.passed]

    @property
    def answered(self) -> int:
        return len(self.values)

    def rounded(self, value: Fraction) -> Decimal:
        return round_half_up(value, self.template.settings.decimal_places)

    # -- output -----------------------------------------------------------
    def to_dict(self, detail: bool = False) -> dict:
        """The CLI/API shape; figures are strings rounded half-up."""
        places = self.template.settings.decimal_places

        def r(value: Fraction) -> str:
            return str(round_half_up(value, places))

        out: dict[str, object] = {"template": self.template.code, "total": r(self.total)}
        for component in self.components:
            out[component.code] = r(component.score)
        out["areas"] = {
            area.code: {
                **{aspect.code: r(aspect.score) for aspect in area.aspects},
                "score": r(area.score),
                "percent": r(area.percent),
            }
            for component in self.components
            if component.kind == m.PENGUNGKIT
            for area in component.areas
        }
        out["hasil_items"] = {
            question.code: r(self.points(question.code))
            for component in self.template.components
            if component.kind == m.HASIL
            for area in component.areas
            for aspect in area.aspects
            for indicator in aspect.indicators
            for question in indicator.questions
        }
        out["predicate"] = self.predicate
        out["failed"] = {
            p.code: [o.to_dict() for o in self.failed(p.code)]
            for p in reversed(self.template.predicates)
        }
        if detail:
            out["answered"] = self.answered
            out["question_count"] = len(self.template.questions)
            out["warnings"] = list(self.warnings)
            out["hasil_areas"] = {
                area.code: r(area.score)
                for component in self.components
                if component.kind == m.HASIL
                for area in component.areas
            }
            out["indicators"] = {code: r(value) for code, value in self.indicators.items()}
        return out
