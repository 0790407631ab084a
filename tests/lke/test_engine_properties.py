"""Properties of the engine over random answer sets of both shipped templates."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.lke.engine import round_half_up, score
from apps.lke.engine.model import CHOICE, COMPUTED

from .support import TEMPLATES, best_answers

CODES = sorted(TEMPLATES)


def answer_strategy(question):
    if question.kind == CHOICE:
        return st.sampled_from([o.code for o in question.options])
    if question.kind == COMPUTED:
        return st.fixed_dictionaries(
            {c.name: st.integers(min_value=0, max_value=60) for c in question.count_inputs}
        )
    low, high = question.answer_type.minimum, question.answer_type.maximum
    return st.decimals(min_value=low, max_value=high, places=3)


_ANSWER_SETS = {
    code: st.fixed_dictionaries(
        {}, optional={q: answer_strategy(question) for q, question in t.questions.items()}
    )
    for code, t in TEMPLATES.items()
}
_INDICATOR_WEIGHTS = {
    code: {
        i.code: Fraction(i.weight)
        for c in t.components
        for a in c.areas
        for s in a.aspects
        for i in s.indicators
    }
    for code, t in TEMPLATES.items()
}


def answer_sets(template):
    return _ANSWER_SETS[template.code]


@st.composite
def template_and_answers(draw):
    template = TEMPLATES[draw(st.sampled_from(CODES))]
    return template, draw(answer_sets(template))


def all_figures(result):
    """Every (exact score, its maximum) pair of a result."""
    yield result.total, Fraction(100)
    for component in result.components:
        yield component.score, Fraction(component.weight)
        for area in component.areas:
            yield area.score, Fraction(area.weight)
            yield area.percent, Fraction(100)
            for aspect in area.aspects:
                yield aspect.score, Fraction(aspect.weight)
                yield aspect.percent, Fraction(100)
    template = result.template
    weights = _INDICATOR_WEIGHTS[template.code]
    for code, value in result.indicators.items():
        yield value, weights[code]
    for code in template.questions:
        yield result.value(code), Fraction(1)


@settings(max_examples=100, deadline=None)
@given(template_and_answers())
def test_every_score_is_within_its_bounds(case):
    template, answers = case
    result = score(template, answers)
    for value, maximum in all_figures(result):
        assert 0 <= value <= maximum


@settings(max_examples=100, deadline=None)
@given(template_and_answers())
def test_parts_add_up_exactly(case):
    template, answers = case
    result = score(template, answers)
    pengungkit = result.component("pengungkit")
    assert sum((a.score for a in pengungkit.areas), Fraction(0)) == pengungkit.score
    for component in result.components:
        for area in component.areas:
            assert sum((s.score for s in area.aspects), Fraction(0)) == area.score
    assert sum((c.score for c in result.components), Fraction(0)) == result.total
    assert sum(result.indicators.values(), Fraction(0)) == result.total


@settings(max_examples=100, deadline=None)
@given(template_and_answers())
def test_shown_figures_are_the_exact_values_rounded_half_up(case):
    template, answers = case
    result = score(template, answers)
    out = result.to_dict()
    assert out["total"] == str(round_half_up(result.total))
    for area in result.component("pengungkit").areas:
        assert out["areas"][area.code]["score"] == str(round_half_up(area.score))
        assert out["areas"][area.code]["percent"] == str(round_half_up(area.percent))


def figures_in_order(result):
    return [value for value, _maximum in all_figures(result)]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_raising_any_single_answer_never_lowers_any_score(data):
    template = TEMPLATES[data.draw(st.sampled_from(CODES))]
    answers = data.draw(answer_sets(template))
    code = data.draw(st.sampled_from(sorted(template.questions)))
    question = template.questions[code]
    first = data.draw(answer_strategy(question))
    second = data.draw(answer_strategy(question))
    low = score(template, {**answers, code: first})
    high = score(template, {**answers, code: second})
    if low.value(code) > high.value(code):
        low, high = high, low
    for before, after in zip(figures_in_order(low), figures_in_order(high), strict=True):
        assert before <= after
    # A better answer never loses a predicate (None ranks below every predicate;
    # predicates are listed best first).
    ladder = [p.code for p in reversed(template.predicates)]
    rank = {None: -1, **{p: i for i, p in enumerate(ladder)}}
    assert rank[high.predicate] >= rank[low.predicate]


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_answering_a_blank_question_never_lowers_any_score(data):
    template = TEMPLATES[data.draw(st.sampled_from(CODES))]
    answers = data.draw(answer_sets(template))
    code = data.draw(st.sampled_from(sorted(template.questions)))
    blank = {k: v for k, v in answers.items() if k != code}
    filled = {**blank, code: data.draw(answer_strategy(template.questions[code]))}
    for before, after in zip(
        figures_in_order(score(template, blank)),
        figures_in_order(score(template, filled)),
        strict=True,
    ):
        assert before <= after


@pytest.mark.parametrize("code", CODES)
def test_all_best_answers_give_100(code):
    template = TEMPLATES[code]
    out = score(template, best_answers(template)).to_dict()
    assert out["total"] == "100.00"
    assert out["pengungkit"] == "60.00"
    assert out["hasil"] == "40.00"
    assert all(area["percent"] == "100.00" for area in out["areas"].values())


@pytest.mark.parametrize("code", CODES)
def test_all_blank_gives_0(code):
    template = TEMPLATES[code]
    out = score(template, {}).to_dict()
    assert out["total"] == "0.00"
    assert out["pengungkit"] == "0.00"
    assert out["hasil"] == "0.00"
    assert all(set(area.values()) == {"0.00"} for area in out["areas"].values())
    assert set(out["hasil_items"].values()) == {"0.00"}
    assert out["predicate"] is None
    explicit_blanks = score(template, dict.fromkeys(template.questions)).to_dict()
    assert explicit_blanks == out
