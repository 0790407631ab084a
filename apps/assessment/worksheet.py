"""The LKE worksheet of one assessment as plain rows: area → aspect → indicator →
question with the answer, its value, weight, score and percentage – the shape of the
official sheet, shared by the scoring page, the result page and the Excel export.

Built from the engine's template and result only (no queries).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from apps.lke.engine import Result, computed_text, round_half_up
from apps.lke.engine import model as m


def fmt_id(value: Decimal | None, places: int = 2) -> str:
    """A figure as Indonesians write it: 75,25."""
    if value is None:
        return ""
    return f"{value:.{places}f}".replace(".", ",")


def percent_text(value: Decimal | None) -> str:
    """66,67 % – and 100 %, not 100,00 %."""
    if value is None:
        return ""
    text = fmt_id(value)
    return (text[:-3] if text.endswith(",00") else text) + " %"


@dataclass
class QuestionRow:
    question: m.Question
    answer: object  # models.Answer or None
    value: Fraction | None  # 0..1, None when unanswered
    weight: Decimal
    points: Decimal
    percent: Decimal | None
    evidence: list = field(default_factory=list)
    hint: object = None  # portal_facts.Hint: what the portal's records suggest, or None
    survey: object = None  # survey_values.SurveySource: the survey supplying HBA/HPA

    @property
    def code(self) -> str:
        return self.question.code

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def raw(self) -> object:
        return self.answer.value if self.answer is not None else None

    @property
    def counts(self) -> list[tuple]:
        """(count input, its stored number or "") for computed questions."""
        raw = self.raw if isinstance(self.raw, dict) else {}
        return [(c, raw.get(c.name, "")) for c in self.question.count_inputs]

    @property
    def display(self) -> str:
        """The answer as a user reads it in the worksheet."""
        raw = self.raw
        if raw is None:
            return ""
        if isinstance(raw, dict):
            # "4 perubahan … / 6 agen perubahan = 66,67 %", not "agents=6; changes=4".
            return computed_text(self.question, raw, percent_text(self.percent))
        return str(raw)

    @property
    def answered(self) -> bool:
        return self.value is not None

    @property
    def hint_matches(self) -> bool:
        """The stored answer is the hint's suggestion."""
        return self.hint is not None and self.hint.matches(self.raw)


@dataclass
class IndicatorRows:
    indicator: m.Indicator
    questions: list[QuestionRow]
    score: Decimal


@dataclass
class AspectRows:
    code: str
    name: str
    weight: Decimal
    score: Decimal
    indicators: list[IndicatorRows]


@dataclass
class AreaRows:
    code: str
    name: str
    component: str
    weight: Decimal
    score: Decimal
    percent: Decimal
    aspects: list[AspectRows]

    @property
    def questions(self) -> list[QuestionRow]:
        return [q for a in self.aspects for i in a.indicators for q in i.questions]


def build(
    result: Result,
    answers: dict,
    evidence: dict | None = None,
    hints: dict | None = None,
    surveys: dict | None = None,
) -> list[AreaRows]:
    template = result.template
    evidence = evidence or {}
    hints = hints or {}
    surveys = surveys or {}
    indicator_scores = result.indicators
    areas = []
    for component, scored_component in zip(template.components, result.components, strict=True):
        for area, scored_area in zip(component.areas, scored_component.areas, strict=True):
            aspects = []
            for aspect, scored_aspect in zip(area.aspects, scored_area.aspects, strict=True):
                indicators = []
                for indicator in aspect.indicators:
                    rows = []
                    for question in indicator.questions:
                        value = result.values.get(question.code)
                        rows.append(
                            QuestionRow(
                                question=question,
                                answer=answers.get(question.code),
                                value=value,
                                weight=round_half_up(question.weight, 4),
                                points=result.rounded(result.points(question.code)),
                                percent=None if value is None else result.rounded(value * 100),
                                evidence=evidence.get(question.code, []),
                                hint=hints.get(question.code),
                                survey=surveys.get(question.code),
                            )
                        )
                    indicators.append(
                        IndicatorRows(
                            indicator, rows, result.rounded(indicator_scores[indicator.code])
                        )
                    )
                aspects.append(
                    AspectRows(
                        aspect.code,
                        aspect.name,
                        aspect.weight,
                        result.rounded(scored_aspect.score),
                        indicators,
                    )
                )
            areas.append(
                AreaRows(
                    area.code,
                    area.name,
                    component.kind,
                    area.weight,
                    result.rounded(scored_area.score),
                    result.rounded(scored_area.percent),
                    aspects,
                )
            )
    return areas


@dataclass
class Panel:
    """The live figures: areas, components, total, predicate and what fails."""

    areas: list[dict]
    components: list[dict]
    total: Decimal
    predicate: str | None
    predicate_name: str
    target: str
    failed: list[dict]
    answered: int
    question_count: int
    warnings: list[str]


def rule_text(outcome) -> dict:
    if isinstance(outcome.value, bool):
        figure, bound = ("ya" if outcome.value else "belum"), "ya"
    else:
        suffix = " %" if outcome.unit == "percent" else ""
        bound_text = fmt_id(Decimal(outcome.bound))
        if bound_text.endswith(",00"):  # "75", not "75,00": bounds are stated that way
            bound_text = bound_text[:-3]
        figure, bound = fmt_id(outcome.value) + suffix, bound_text + suffix
    label = outcome.label + (f" – {outcome.area}" if outcome.area else "")
    if outcome.aspect:
        label += f"/{outcome.aspect}"
    return {"label": label, "figure": figure, "bound": bound, "rule": outcome.rule}


def panel(result: Result, target: str) -> Panel:
    template = result.template
    predicates = {p.code: p for p in template.predicates}
    target_code = target.upper() if target.upper() in predicates else template.predicates[-1].code
    areas = [
        {
            "code": area.code,
            "name": area.name,
            "weight": area.weight,
            "score": result.rounded(area.score),
            "percent": result.rounded(area.percent),
        }
        for component in result.components
        if component.kind == m.PENGUNGKIT
        for area in component.areas
    ]
    components = [
        {
            "code": c.code,
            "name": c.name,
            "weight": c.weight,
            "score": result.rounded(c.score),
        }
        for c in result.components
    ]
    awarded = predicates.get(result.predicate)
    return Panel(
        areas=areas,
        components=components,
        total=result.rounded(result.total),
        predicate=result.predicate,
        predicate_name=(awarded.title or awarded.name) if awarded else "",
        target=predicates[target_code].name,
        failed=[rule_text(o) for o in result.failed(target_code)],
        answered=result.answered,
        question_count=len(template.questions),
        warnings=list(result.warnings),
    )
