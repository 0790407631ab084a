"""Scores, percentages and the predicate (LKE_SCORING.md §1–5).

- per-question weight = indicator weight / number of questions (exact);
- indicator = Σ value × per-question weight; aspect = Σ indicators;
  area = Σ aspects; component = Σ areas; total = Σ components;
- an unanswered question counts 0;
- every rule compares the figure rounded half-up to the template's decimal
  places with its bound using ``>=`` (a total that shows 75.00 passes 75);
- predicates are listed best first; the first whose rules all hold is awarded.

Nothing here knows a regulation: hasil items are ordinary questions whose
indicator weight is their maximum points, so "IPAK = 17.5 × score/4" is
just value (score/4) × weight (17.5).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from types import MappingProxyType

from . import model as m
from .answers import InvalidAnswers, evaluate
from .numbers import round_half_up
from .plan import Plan, build_plan
from .result import AreaScore, AspectScore, ComponentScore, Result, RuleOutcome

ZERO = Fraction(0)


def _exact(count: int, extra: Fraction | int, unit: int) -> Fraction:
    exact = Fraction(count, unit)
    return exact + extra if extra else exact


def _check(template: m.Template, predicate: m.Predicate, rule: m.Rule, ctx) -> list[RuleOutcome]:
    places = template.settings.decimal_places
    measure = rule.measure
    if measure == m.M_PRIOR:
        held = rule.ref in ctx["held"]
        return [
            RuleOutcome(
                predicate.code,
                rule.code,
                rule.label,
                measure,
                held,
                held,
                True,
                None,
                rule.ref,
                None,
                None,
                rule.note,
            )
        ]
    if measure == m.M_AREA_PERCENT:
        return _check_areas(template, predicate, rule, ctx["components"][rule.ref], places)
    if measure == m.M_TOTAL:
        exact = ctx["total"]
    elif measure == m.M_COMPONENT:
        exact = ctx["components"][rule.ref].score
    elif measure == m.M_AREA:
        exact = ctx["areas"][rule.ref].score
    else:  # M_QUESTION: the points the question earned
        exact = ctx["values"].get(rule.ref, ZERO) * template.questions[rule.ref].weight
    value = round_half_up(exact, places)
    return [
        RuleOutcome(
            predicate.code,
            rule.code,
            rule.label,
            measure,
            value >= rule.bound,
            value,
            rule.bound,
            "points",
            rule.ref,
            None,
            None,
            rule.note,
        )
    ]


def _check_areas(template, predicate, rule, component: ComponentScore, places):
    """Every area (or, with area_rule "per_aspect", every aspect) against a % of its weight."""
    settings = template.settings
    units: list[tuple[str, str | None, Fraction, Fraction, object]] = []
    for area in component.areas:
        if settings.area_rule == m.PER_ASPECT:
            units.extend((area.code, a.code, a.score, a.percent, a.weight) for a in area.aspects)
        else:
            units.append((area.code, None, area.score, area.percent, area.weight))
    outcomes = []
    for area_code, aspect_code, exact, percent, weight in units:
        if settings.area_compare == m.COMPARE_SCORE:
            value, bound, unit = round_half_up(exact, places), weight * rule.percent / 100, "points"
        else:
            value, bound, unit = round_half_up(percent, places), rule.percent, "percent"
        outcomes.append(
            RuleOutcome(
                predicate.code,
                rule.code,
                rule.label,
                rule.measure,
                value >= bound,
                value,
                bound,
                unit,
                rule.ref,
                area_code,
                aspect_code,
                rule.note,
            )
        )
    return outcomes


def score(
    template: m.Template,
    answers: Mapping[str, object],
    holds_wbk: bool = False,
    *,
    held: Iterable[str] = (),
) -> Result:
    """Score one answer set.

    ``answers`` uses the input format of :mod:`apps.lke.engine.answers`
    (canonical answers from ``validate_answers`` fit too). ``holds_wbk``
    adds "WBK" to ``held``, the predicates the unit already holds, which
    rules of measure ``prior_predicate`` check. Raises
    :class:`InvalidAnswers` when an answer does not fit the template.
    """
    normalized, values, units, errors, warnings = evaluate(template, answers)
    if errors:
        raise InvalidAnswers(errors)
    plan: Plan = template.plan
    where = plan.question_indicator
    factors = plan.factors
    ind_units = [0] * len(factors)
    for code, amount in units.items():
        ind_units[where[code]] += amount
    # Numeric and computed answers: exact fractions, few per template.
    ind_extra: list[Fraction | int] = [0] * len(factors)
    if len(units) != len(values):
        for code, value in values.items():
            if code not in units:
                ind_extra[where[code]] += value * factors[where[code]]

    # Sum whole units and extras level by level; build each Fraction once.
    unit = plan.unit
    percent_factor = plan.area_percent_factor
    components: list[ComponentScore] = []
    by_area: dict[str, AreaScore] = {}
    index = 0
    total_count, total_extra = 0, 0
    for component in template.components:
        areas = []
        comp_count, comp_extra = 0, 0
        for area in component.areas:
            aspects = []
            area_count, area_extra = 0, 0
            for aspect in area.aspects:
                count, extra = 0, 0
                for _indicator in aspect.indicators:
                    count += ind_units[index]
                    extra += ind_extra[index]
                    index += 1
                aspects.append(
                    AspectScore(aspect.code, aspect.name, aspect.weight, _exact(count, extra, unit))
                )
                area_count += count
                area_extra += extra
            area_score = _exact(area_count, area_extra, unit)
            result_area = AreaScore(
                area.code,
                area.name,
                area.weight,
                area_score,
                area_score * percent_factor[area.code],
                tuple(aspects),
            )
            by_area[area.code] = result_area
            areas.append(result_area)
            comp_count += area_count
            comp_extra += area_extra
        components.append(
            ComponentScore(
                component.code,
                component.name,
                component.kind,
                component.weight,
                _exact(comp_count, comp_extra, unit),
                tuple(areas),
            )
        )
        total_count += comp_count
        total_extra += comp_extra
    total = _exact(total_count, total_extra, unit)

    held_set = frozenset(held) | ({"WBK"} if holds_wbk else frozenset())
    ctx = {
        "total": total,
        "components": {c.code: c for c in components},
        "areas": by_area,
        "values": values,
        "held": held_set,
    }
    outcomes: list[RuleOutcome] = []
    awarded = None
    for predicate in template.predicates:
        checks = [o for rule in predicate.rules for o in _check(template, predicate, rule, ctx)]
        outcomes.extend(checks)
        if awarded is None and all(o.passed for o in checks):
            awarded = predicate.code
    return Result(
        template=template,
        total=total,
        components=tuple(components),
        values=MappingProxyType(values),
        answers=MappingProxyType(normalized),
        held=held_set,
        predicate=awarded,
        outcomes=tuple(outcomes),
        warnings=tuple(warnings),
        indicator_parts=(tuple(ind_units), tuple(ind_extra), unit),
    )


__all__ = ["InvalidAnswers", "Plan", "Result", "RuleOutcome", "build_plan", "score"]
