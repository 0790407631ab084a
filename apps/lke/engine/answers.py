"""Answers: from what a user typed to a value between 0 and 1.

Input format (the same in files, the API and the CLI), per question code:

- choice questions: the option code ("A", "Ya"; case is ignored);
- Nilai / Persen questions: a number (int, Decimal, float or numeric string);
- computed % questions: an object of non-negative integer count inputs;
- ``None``, ``""`` or a missing code: unanswered, which counts 0.

Every problem is reported with an Indonesian message naming the question.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .model import COMPUTED, Question, Template
from .numbers import parse_decimal

ZERO = Fraction(0)
ONE = Fraction(1)


@dataclass(frozen=True, slots=True)
class AnswerError:
    question: str | None
    message: str

    def __str__(self) -> str:
        if self.question is None:
            return self.message
        return f"Pertanyaan {self.question}: {self.message}"


class InvalidAnswers(ValueError):
    """Raised by ``score()`` when the answers do not fit the template."""

    def __init__(self, errors: list[AnswerError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


class _Problem(Exception):
    pass


# --- computed % questions (LKE_SCORING.md §3) --------------------------------


def _ratio(question: Question, counts: Mapping[str, int]) -> tuple[Fraction, str | None]:
    comp = question.computation
    num_name, den_name = comp.param("numerator"), comp.param("denominator")
    numerator, denominator = counts.get(num_name, 0), counts.get(den_name, 0)
    if denominator == 0:
        return comp.if_zero, None
    if numerator > denominator:
        labels = {c.name: c.label for c in question.count_inputs}
        return ONE, (
            f"Pertanyaan {question.code}: {labels[num_name].lower()} ({numerator}) melebihi "
            f"{labels[den_name].lower()} ({denominator}); nilai dibatasi 100%."
        )
    return Fraction(numerator, denominator), None


def _decrease(question: Question, counts: Mapping[str, int]) -> tuple[Fraction, str | None]:
    # (previous - current) / previous: fewer violations this year is better.
    # A public app computes current / previous, which rewards more
    # violations; LKE_SCORING.md §3 forbids that.
    comp = question.computation
    previous = counts.get(comp.param("previous"), 0)
    current = counts.get(comp.param("current"), 0)
    if previous == 0:
        return (ONE if current == 0 else ZERO), None
    return max(ZERO, Fraction(previous - current, previous)), None


Computer = Callable[[Question, Mapping[str, int]], tuple[Fraction, "str | None"]]
COMPUTATIONS: dict[str, tuple[tuple[str, ...], Computer]] = {
    # rule name: (roles it needs, function)
    "ratio": (("numerator", "denominator"), _ratio),
    "decrease": (("previous", "current"), _decrease),
}


# --- parsing -------------------------------------------------------------------


def _is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _choice_problem(question: Question, raw: object) -> _Problem:
    codes = ", ".join(o.code for o in question.options)
    if not isinstance(raw, str):
        return _Problem(f"jawaban harus berupa pilihan ({codes}), bukan {_show(raw)}.")
    return _Problem(
        f"pilihan {_show(raw)} tidak tersedia untuk tipe jawaban "
        f"{question.answer_type.label} (pilihan yang sah: {codes})."
    )


def _parse_number(question: Question, raw: object):
    number = parse_decimal(raw)
    kind_label = question.answer_type.label
    if number is None:
        raise _Problem(f"jawaban {kind_label} harus berupa angka, bukan {_show(raw)}.")
    low, high = question.answer_type.minimum, question.answer_type.maximum
    if number < low or number > high:
        raise _Problem(f"nilai {_num(number)} di luar rentang {_num(low)}–{_num(high)}.")
    return number, Fraction(number) / Fraction(high), None


# No unit counts a million agents, complaints or services: a larger count is a typing
# error (an extra zero), refused instead of scored.
MAX_COUNT = 1_000_000


def _count_name(question: Question, key: str) -> str:
    """ "jumlah agen perubahan ('agents')": what a person reads, and the file key."""
    labels = {c.name: c.label for c in question.count_inputs}
    return f"{labels[key][:1].lower()}{labels[key][1:]} ({key!r})"


def _parse_counts(question: Question, raw: object):
    names = [c.name for c in question.count_inputs]
    if not isinstance(raw, Mapping):
        raise _Problem(
            f"jawaban % dihitung harus berupa objek berisi jumlah ({', '.join(names)}), "
            f"bukan {_show(raw)}."
        )
    problems = []
    counts: dict[str, int] = {}
    for key, value in raw.items():
        if key not in names:
            problems.append(
                f"masukan hitungan {_show(key)} tidak dikenal (yang sah: {', '.join(names)})"
            )
            continue
        if _is_blank(value):
            continue
        number = parse_decimal(value)
        what = _count_name(question, key)
        if number is None:
            problems.append(f"{what} harus berupa bilangan bulat, bukan {_show(value)}")
        elif number != number.to_integral_value():
            problems.append(f"{what} harus bilangan bulat, bukan {_num(number)}")
        elif number < 0:
            problems.append(f"{what} tidak boleh negatif ({_num(number)}); isi 0 atau lebih")
        elif number > MAX_COUNT:
            problems.append(
                f"{what} paling banyak {MAX_COUNT:,} ({_num(number)} terlalu besar)".replace(
                    ",", "."
                )
            )
        else:
            counts[key] = int(number)
    if not problems and counts:
        missing = [c.name for c in question.count_inputs if c.required and c.name not in counts]
        if missing:
            problems.append(", ".join(_count_name(question, m) for m in missing) + " wajib diisi")
    if problems:
        raise _Problem("; ".join(problems) + ".")
    if not counts:
        return None, None, None  # an empty object is an unanswered question
    _, function = COMPUTATIONS[question.computation.rule]
    value, warning = function(question, counts)
    return counts, value, warning


def _show(raw: object) -> str:
    if isinstance(raw, str):
        return f"'{raw}'"
    if raw is None:
        return "kosong"
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, Mapping):
        return "objek"
    if isinstance(raw, list | tuple):
        return "daftar"
    return str(raw)


def _num(number: Decimal) -> str:
    return format(number.normalize(), "f") if number == number.to_integral_value() else str(number)


def evaluate(template: Template, raw: object):
    """One pass over the answers: (normalized, values, units, errors, warnings).

    ``values`` holds an exact Fraction in 0..1 for every answered question;
    ``units`` holds, for answered choice questions only, value × question
    weight as an integer number of ``plan.unit`` (the fast path of score()).
    """
    if not isinstance(raw, Mapping):
        error = AnswerError(None, "Jawaban harus berupa objek {kode: jawaban}.")
        return {}, {}, {}, [error], []
    choices = template.plan.choices
    questions = template.questions
    normalized: dict[str, object] = {}
    values: dict[str, Fraction] = {}
    units: dict[str, int] = {}
    errors: list[AnswerError] = []
    warnings: list[str] = []
    for code, answer in raw.items():
        lookup = choices.get(code)
        if lookup is not None and answer.__class__ is str:
            # Fast path: an option code as the template spells it, or any
            # case and surrounding spaces.
            entry = lookup.get(answer) or lookup.get(answer.strip().casefold())
            if entry is not None:
                option, option_units = entry
                normalized[code] = option.code
                values[code] = option.exact
                units[code] = option_units
                continue
        question = questions.get(code)
        if question is None:
            errors.append(
                AnswerError(code, f"kode pertanyaan tidak dikenal dalam template {template.code}.")
            )
            continue
        if _is_blank(answer):
            continue
        try:
            if lookup is not None:
                raise _choice_problem(question, answer)
            if question.answer_type.kind == COMPUTED:
                clean, value, warning = _parse_counts(question, answer)
            else:
                clean, value, warning = _parse_number(question, answer)
        except _Problem as problem:
            errors.append(AnswerError(code, str(problem)))
            continue
        if clean is None:
            continue
        normalized[code] = clean
        values[code] = value
        if warning:
            warnings.append(warning)
    return normalized, values, units, errors, warnings


def validate_answers(
    template: Template, raw: object
) -> tuple[dict[str, object], list[AnswerError]]:
    """Check answers against a template.

    Returns the answers in canonical form (option codes as the template spells
    them, numbers as Decimal, counts as int; unanswered questions left out)
    and the list of errors, empty when everything fits.
    """
    normalized, _values, _units, errors, _warnings = evaluate(template, raw)
    return normalized, errors


# --- computed answers as people read them -------------------------------------------


def count_noun(count_input) -> str:
    """What a count input counts, from its label: "Jumlah agen perubahan" → "agen
    perubahan" (the number is written before it)."""
    label = count_input.label.strip()
    if label.lower().startswith("jumlah "):
        label = label[len("jumlah ") :]
    return label[:1].lower() + label[1:]


def _display_order(question: Question) -> list:
    """The count inputs in reading order: the formula's own first (numerator before
    denominator, previous before current), then the other ones."""
    comp = question.computation
    by_name = {c.name: c for c in question.count_inputs}
    roles = COMPUTATIONS[comp.rule][0] if comp is not None else ()
    first = [by_name[comp.param(role)] for role in roles if comp.param(role) in by_name]
    return first + [c for c in question.count_inputs if c not in first]


def computed_text(question: Question, counts: Mapping[str, object], result: str = "") -> str:
    """A computed answer as a sentence: "4 perubahan … / 6 agen perubahan = 66,67 %"
    for a ratio, "3 pelanggaran … tahun lalu → 1 pelanggaran … tahun ini" for a
    decrease, other inputs in brackets; ``result`` (the value as text) after "=".
    Read back by :func:`parse_computed_text`."""
    order = [c for c in _display_order(question) if c.name in counts]
    comp = question.computation
    roles = COMPUTATIONS[comp.rule][0] if comp is not None else ()
    formula_names = {comp.param(role) for role in roles} if comp is not None else set()
    main = [f"{counts[c.name]} {count_noun(c)}" for c in order if c.name in formula_names]
    extra = [f"{counts[c.name]} {count_noun(c)}" for c in order if c.name not in formula_names]
    joiner = " → " if comp is not None and comp.rule == "decrease" else " / "
    text = joiner.join(main)
    if extra:
        text += (" " if text else "") + "(" + "; ".join(extra) + ")"
    if result:
        text += f" = {result}"
    return text


def parse_computed_text(question: Question, text: str) -> dict[str, str]:
    """The counts written in a sentence of :func:`computed_text` (number before what it
    counts); inputs not found are left out, so the engine names what is missing."""
    remaining = text.split(" = ")[0]
    counts: dict[str, str] = {}
    # Longest nouns first: "layanan yang dipermudah" before "layanan".
    for count_input in sorted(question.count_inputs, key=lambda c: -len(count_noun(c))):
        pattern = re.compile(
            r"(-?\d+(?:[.,]\d+)?)\s+" + re.escape(count_noun(count_input)) + r"(?!\w)",
            re.IGNORECASE,
        )
        match = pattern.search(remaining)
        if match:
            counts[count_input.name] = match.group(1).replace(",", ".")
            remaining = (
                remaining[: match.start()] + " " * len(match.group(0)) + remaining[match.end() :]
            )
    return counts
