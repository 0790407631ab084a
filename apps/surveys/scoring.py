"""The survey figures, exactly (LKE_SCORING.md §7; PermenPANRB 14/2017).

Everything is computed with :class:`~fractions.Fraction` from the answers' sums and counts
and rounded half-up once, at the end, for display (``apps.lke.engine.round_half_up``):

- NRR of an element (*nilai rata-rata per unsur*) = mean of the answers given to it;
  blank answers are skipped, not counted as zero;
- IKM = Σ NRR × 1/9 on the 1–4 scale (exactly one ninth, not 0.111); a survey whose
  items carry other weights uses Σ NRR × wᵢ with wᵢ = weightᵢ / Σ weights (the weights
  sum to 1 by construction);
- converted IKM = IKM × 25, rounded to 2 decimals from the exact value; the grade compares
  the rounded figure (≥ 88.31 A, ≥ 76.61 B, ≥ 65.00 C, else D), so 88.30 is a B and there
  is no gap between bands;
- minimum sample: Krejcie & Morgan with χ² = 3.841, P = 0.5, d = 0.05, rounded to the
  nearest integer (100 → 80, 1 000 → 278);
- IPAK/IPKP: the weighted mean on the instrument's scale (4, 5 or 6 points), and that mean
  on the LKE's 0–4 scale by the survey's written rule (:class:`ScaleRule`).

No database here: ``manage.py ikm_score`` and the results pages both call these functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from apps.lke.engine import round_half_up

SKM_ELEMENTS = 9
SKM_SCALE = 4
# The answers of the SKM and of every 4-point instrument: 1 (worst) … 4 (best).
ANSWER_MIN = 1
# Converted IKM = IKM × 25 (25–100).
CONVERSION = 25
# IPAK/IPKP: a unit needs at least this many respondents (LKE_SCORING.md §7).
PERCEPTION_MIN_RESPONDENTS = 30


class Grade(TextChoices):
    A = "A", _("Sangat Baik")
    B = "B", _("Baik")
    C = "C", _("Kurang Baik")
    D = "D", _("Tidak Baik")


# Lower bounds on the converted value rounded to 2 decimals, best first.
GRADE_BANDS: tuple[tuple[Decimal, Grade], ...] = (
    (Decimal("88.31"), Grade.A),
    (Decimal("76.61"), Grade.B),
    (Decimal("65.00"), Grade.C),
)


class ScaleRule(TextChoices):
    """How a mean on a k-point instrument becomes the LKE's 0–4 value. For a 4-point
    instrument both give the mean itself."""

    PROPORTIONAL = "proportional", _("Proporsional: nilai LKE = rata-rata × 4 ÷ k")
    LINEAR = "linear", _("Linear: nilai LKE = 1 + (rata-rata − 1) × 3 ÷ (k − 1)")


RULE_TEXT = {
    ScaleRule.PROPORTIONAL: _(
        "Rata-rata pada skala 1–%(k)s dikalikan 4 lalu dibagi %(k)s, sehingga nilai "
        "tertinggi %(k)s menjadi 4 dan setiap titik skala bernilai 4/%(k)s."
    ),
    ScaleRule.LINEAR: _(
        "Rentang 1–%(k)s dipetakan lurus ke rentang 1–4: nilai LKE = 1 + (rata-rata − 1) × "
        "3 ÷ (%(k)s − 1), sehingga jawaban terendah tetap 1 dan tertinggi menjadi 4."
    ),
}


SAME_SCALE_TEXT = _(
    "Instrumen berskala 1–4 seperti LKE: nilai LKE adalah rata-ratanya sendiri, tanpa konversi."
)


def rule_text(rule: str, scale: int) -> str:
    if scale == SKM_SCALE:  # both rules give the mean itself
        return str(SAME_SCALE_TEXT)
    return str(RULE_TEXT[ScaleRule(rule)]) % {"k": scale}


# --- Per element ------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """The answers given to one element: their sum and how many there are."""

    total: int = 0
    count: int = 0

    @property
    def nrr(self) -> Fraction | None:
        return Fraction(self.total, self.count) if self.count else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.total + other.total, self.count + other.count)


def nrr(answers: Iterable[int | None]) -> Fraction | None:
    """Mean of the answers given (None: blank, skipped); None when none was given."""
    given = [a for a in answers if a is not None]
    return Fraction(sum(given), len(given)) if given else None


def weighted_index(nrrs: Sequence[Fraction | None], weights: Sequence[int]) -> Fraction | None:
    """Σ NRRᵢ × wᵢ / Σ w; None when an element has no answer at all (the index would
    silently lose that element's weight otherwise)."""
    if not nrrs or len(nrrs) != len(weights):
        raise ValueError("one weight per element")
    if any(value is None for value in nrrs):
        return None
    total_weight = sum(weights)
    if total_weight <= 0:
        raise ValueError("weights must be positive")
    return sum((value * w for value, w in zip(nrrs, weights, strict=True)), Fraction(0)) / (
        total_weight
    )


def ikm(nrrs: Sequence[Fraction | None]) -> Fraction | None:
    """IKM = Σ NRR × 1/9 (one weight each)."""
    return weighted_index(nrrs, [1] * len(nrrs))


def converted(index: Fraction) -> Decimal:
    """The IKM × 25, rounded half-up to 2 decimals from the exact value."""
    return round_half_up(index * CONVERSION)


def grade(converted_value: Decimal) -> Grade:
    """The grade of a converted value as shown (2 decimals)."""
    shown = round_half_up(Fraction(converted_value))
    for bound, band in GRADE_BANDS:
        if shown >= bound:
            return band
    return Grade.D


def sample_minimum(population: int) -> int:
    """Krejcie & Morgan: s = χ²NP(1−P) / (d²(N−1) + χ²P(1−P)), to the nearest integer."""
    if population < 1:
        raise ValueError("population must be at least 1")
    chi2 = Fraction("3.841")
    p = Fraction(1, 2)
    d = Fraction(5, 100)
    s = chi2 * population * p * (1 - p) / (d * d * (population - 1) + chi2 * p * (1 - p))
    return int(round_half_up(s, 0))


def to_lke(mean: Fraction, scale: int, rule: str) -> Fraction:
    """A mean on a ``scale``-point instrument on the LKE's 0–4 scale."""
    if scale == SKM_SCALE:
        return mean
    if ScaleRule(rule) == ScaleRule.PROPORTIONAL:
        return mean * 4 / scale
    return 1 + (mean - 1) * 3 / (scale - 1)


def lke_points(value: Fraction, max_points: Fraction = Fraction(35, 2)) -> Fraction:
    """The LKE's Hasil points of a 0–4 survey value: value/4 × 17.5."""
    return value / 4 * max_points


# --- A whole set of answers ---------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    respondents: int
    tallies: tuple[Tally, ...]
    weights: tuple[int, ...]

    @property
    def nrrs(self) -> list[Fraction | None]:
        return [t.nrr for t in self.tallies]

    @property
    def index(self) -> Fraction | None:
        if not self.respondents:
            return None
        return weighted_index(self.nrrs, self.weights)

    @property
    def converted(self) -> Decimal | None:
        index = self.index
        return None if index is None else converted(index)

    @property
    def grade(self) -> Grade | None:
        value = self.converted
        return None if value is None else grade(value)


def result_of(
    responses: Iterable[Sequence[int | None]],
    elements: int = SKM_ELEMENTS,
    weights: Sequence[int] | None = None,
) -> Result:
    """The tallies of rows of answers (one row a respondent, one column an element)."""
    sums = [0] * elements
    counts = [0] * elements
    respondents = 0
    for row in responses:
        respondents += 1
        for i, value in enumerate(row):
            if value is not None:
                sums[i] += value
                counts[i] += 1
    return Result(
        respondents,
        tuple(Tally(s, c) for s, c in zip(sums, counts, strict=True)),
        tuple(weights or [1] * elements),
    )
