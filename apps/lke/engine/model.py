"""The LKE template as immutable plain data.

A template version is a tree: component → area → aspect → indicator →
question, plus answer types, settings and the predicate rules. Nothing here
knows which regulation a template implements; everything the scoring needs is
a field of these classes, filled by :func:`apps.lke.engine.loader.load_template`.

Weights are kept twice on purpose: as the ``Decimal`` the fixture states
(what a user reads) and, for questions, as the exact ``Fraction``
``indicator weight / number of questions`` that scoring multiplies by.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

# Answer kinds (AnswerType.kind)
CHOICE = "choice"  # ordered options, each with a value 0..1
SCORE = "score"  # a number in [minimum, maximum], value = number / maximum
PERCENT = "percent"  # same rule as SCORE, on 0..100
COMPUTED = "computed"  # a ratio of count inputs (Computation)
KINDS = (CHOICE, SCORE, PERCENT, COMPUTED)

# Component kinds
PENGUNGKIT = "pengungkit"
HASIL = "hasil"

# Settings
PER_AREA = "per_area"
PER_ASPECT = "per_aspect"
COMPARE_PERCENT = "percent"
COMPARE_SCORE = "score"

# Rule measures
M_TOTAL = "total"
M_COMPONENT = "component"
M_AREA = "area"
M_AREA_PERCENT = "area_percent"
M_QUESTION = "question"
M_PRIOR = "prior_predicate"
MEASURES = (M_TOTAL, M_COMPONENT, M_AREA, M_AREA_PERCENT, M_QUESTION, M_PRIOR)

STATUSES = ("draft", "published", "retired")


class TemplateError(ValueError):
    """A template document that cannot be scored; ``problems`` lists why."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("Template LKE tidak sah: " + "; ".join(self.problems))


@dataclass(frozen=True, slots=True)
class Option:
    code: str
    label: str
    value: Decimal
    exact: Fraction = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class AnswerType:
    code: str
    label: str
    kind: str
    options: tuple[Option, ...] = ()
    minimum: Decimal | None = None
    maximum: Decimal | None = None


@dataclass(frozen=True, slots=True)
class CountInput:
    name: str
    label: str
    required: bool = True


@dataclass(frozen=True, slots=True)
class Computation:
    """A named formula over count inputs (see ``answers.COMPUTATIONS``).

    ``params`` maps the formula's roles (numerator, denominator, previous,
    current) to count-input names; ``if_zero`` is the value of a ratio whose
    denominator is 0.
    """

    rule: str
    params: tuple[tuple[str, str], ...]
    if_zero: Fraction | None = None

    def param(self, role: str) -> str:
        return dict(self.params)[role]


@dataclass(frozen=True, slots=True)
class Question:
    code: str
    text: str
    answer_type: AnswerType
    options: tuple[Option, ...]
    weight: Fraction  # exact per-question weight
    component_code: str
    area_code: str
    aspect_code: str
    indicator_code: str
    count_inputs: tuple[CountInput, ...] = ()
    computation: Computation | None = None
    guidance: str = ""
    evidence: tuple[str, ...] = ()
    evidence_source: str = ""
    max_points: Decimal | None = None  # hasil items: points of the best answer
    scale: Decimal | None = None  # hasil items: the number that earns max_points

    @property
    def kind(self) -> str:
        return self.answer_type.kind


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    name: str
    weight: Decimal
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True)
class Aspect:
    code: str
    name: str
    weight: Decimal
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True, slots=True)
class Area:
    code: str
    name: str
    weight: Decimal
    aspects: tuple[Aspect, ...]


@dataclass(frozen=True, slots=True)
class Component:
    code: str
    name: str
    kind: str
    weight: Decimal
    areas: tuple[Area, ...]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    label: str
    measure: str
    ref: str | None = None
    bound: Decimal | None = None
    percent: Decimal | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Predicate:
    code: str
    name: str
    title: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class Settings:
    area_rule: str = PER_AREA
    area_compare: str = COMPARE_PERCENT
    decimal_places: int = 2


@dataclass(frozen=True, slots=True)
class Template:
    code: str
    name: str
    legal_basis: str
    status: str
    settings: Settings
    answer_types: Mapping[str, AnswerType] = field(compare=False)
    components: tuple[Component, ...]
    predicates: tuple[Predicate, ...]  # best first: the first that holds is awarded
    questions: Mapping[str, Question] = field(compare=False, repr=False)
    note: str = ""
    eligibility: object | None = field(default=None, compare=False, repr=False)
    # Precomputed scoring plan (see scoring.py); not part of the template's identity.
    plan: object = field(default=None, compare=False, repr=False)

    def question(self, code: str) -> Question:
        return self.questions[code]

    def component(self, code: str) -> Component:
        for component in self.components:
            if component.code == code:
                return component
        raise KeyError(code)

    def areas(self, kind: str | None = None) -> tuple[Area, ...]:
        return tuple(
            area
            for component in self.components
            if kind is None or component.kind == kind
            for area in component.areas
        )
