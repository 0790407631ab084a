"""The scoring plan: what ``score()`` needs, precomputed once per template."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType

from . import model as m


@dataclass(frozen=True, slots=True)
class Plan:
    """Indexes and exact factors for one template.

    Choice answers are summed as integers: ``unit`` is the least common
    denominator of every (option value × question weight), so a choice answer
    contributes a whole number of 1/unit points and only the few numeric or
    computed answers need Fraction arithmetic.
    """

    # question → option code (as spelled, and casefolded) → (option, units)
    choices: Mapping[str, Mapping[str, tuple[m.Option, int]]]
    question_indicator: Mapping[str, int]  # question → index into indicator_codes
    indicator_codes: tuple[str, ...]  # in template order
    factors: tuple[Fraction, ...]  # per indicator: weight / number of questions
    unit: int
    area_percent_factor: Mapping[str, Fraction]  # area → 100 / weight


def build_plan(template: m.Template) -> Plan:
    question_indicator: dict[str, int] = {}
    indicator_codes: list[str] = []
    factors: list[Fraction] = []
    choice_questions: list[m.Question] = []
    percent_factor: dict[str, Fraction] = {}
    for component in template.components:
        for area in component.areas:
            percent_factor[area.code] = 100 / Fraction(area.weight) if area.weight else Fraction(0)
            for aspect in area.aspects:
                for indicator in aspect.indicators:
                    question_indicator.update({q.code: len(factors) for q in indicator.questions})
                    indicator_codes.append(indicator.code)
                    factors.append(Fraction(indicator.weight) / len(indicator.questions))
                    choice_questions.extend(q for q in indicator.questions if q.kind == m.CHOICE)
    unit = 1
    for question in choice_questions:
        for option in question.options:
            unit = math.lcm(unit, (option.exact * question.weight).denominator)
    choices: dict[str, Mapping[str, tuple[m.Option, int]]] = {}
    for question in choice_questions:
        lookup: dict[str, tuple[m.Option, int]] = {}
        for option in question.options:
            units = option.exact * question.weight * unit  # whole by choice of unit
            lookup[option.code.casefold()] = lookup[option.code] = (option, int(units))
        choices[question.code] = MappingProxyType(lookup)
    return Plan(
        choices=MappingProxyType(choices),
        question_indicator=MappingProxyType(question_indicator),
        indicator_codes=tuple(indicator_codes),
        factors=tuple(factors),
        unit=unit,
        area_percent_factor=MappingProxyType(percent_factor),
    )
