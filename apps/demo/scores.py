"""Deterministic LKE answers for the demo's assessments (``apps.demo.dashboard``).

A profile names, per pengungkit area, the share of the area's weight the answers should
earn, and the hasil answers as they are (survey scores, capaian kinerja). The answers
start random around that share (a ``random.Random`` seeded per unit, year and level, so
every run gives the same ones) – or from the answers of the level below, as an assessor
starts from the unit's own – and are then moved one option at a time, each move bringing
the area closer to its share, until it is within a point of it. Plain Python over the
engine's template: no database.
"""

import random
from dataclasses import dataclass, field
from fractions import Fraction

from apps.lke.engine import model as m

# An area ends within a point of its share (of 100) when its options allow it.
TOLERANCE = Fraction(1, 100)
# Steps of a computed % question's ratio, of a 0–4 score and of a percent.
RATIO_STEPS = 20
SCORE_STEPS = 16
PERCENT_STEPS = 20


@dataclass(frozen=True)
class Profile:
    """Per pengungkit area, its share of the area's weight (0–100); hasil answers by
    question code."""

    areas: dict[str, int]
    hasil: dict[str, str] = field(default_factory=dict)

    def shifted(self, rng: random.Random, low: int, high: int, cap: int = 96) -> "Profile":
        """Every area moved by a random number of points in [low, high] (a self-assessment
        is more optimistic than the TPU, a TPI finds a little less)."""
        return Profile(
            {
                area: max(0, min(cap, share + rng.randint(low, high)))
                for area, share in self.areas.items()
            },
            dict(self.hasil),
        )


def _steps(question: m.Question) -> list[tuple[Fraction, object]]:
    """The answers a question may get, lowest value first, as (value 0..1, raw answer)."""
    if question.kind == m.CHOICE:
        return sorted(((o.exact, o.code) for o in question.options), key=lambda s: s[0])
    if question.kind == m.COMPUTED:
        comp = question.computation
        zeros = {c.name: 0 for c in question.count_inputs}
        n = RATIO_STEPS
        if comp.rule == "ratio":
            num, den = comp.param("numerator"), comp.param("denominator")
            return [(Fraction(k, n), {**zeros, den: n, num: k}) for k in range(n + 1)]
        prev, cur = comp.param("previous"), comp.param("current")
        return [(Fraction(k, n), {**zeros, prev: n, cur: n - k}) for k in range(n + 1)]
    top = question.answer_type.maximum
    n = SCORE_STEPS if top <= 4 else PERCENT_STEPS
    return [(Fraction(k, n), str((top * k / n).normalize())) for k in range(n + 1)]


def _nearest(steps, value: Fraction) -> int:
    return min(range(len(steps)), key=lambda i: (abs(steps[i][0] - value), i))


def answers_for(
    template: m.Template, profile: Profile, rng: random.Random, start: dict | None = None
) -> dict[str, object]:
    """Answers to every question of ``template`` whose pengungkit areas earn the shares of
    ``profile`` (within ``TOLERANCE`` where the options allow it)."""
    start = start or {}
    answers: dict[str, object] = {}
    for area in template.areas(m.PENGUNGKIT):
        goal = Fraction(profile.areas[area.code], 100)
        questions = [
            q for aspect in area.aspects for ind in aspect.indicators for q in ind.questions
        ]
        steps = {q.code: _steps(q) for q in questions}
        weight = sum(q.weight for q in questions)
        index = {}
        for q in questions:
            raws = [raw for _v, raw in steps[q.code]]
            if q.code in start and start[q.code] in raws:
                index[q.code] = raws.index(start[q.code])
            else:
                jitter = Fraction(rng.randint(-30, 30), 100)
                index[q.code] = _nearest(
                    steps[q.code], min(Fraction(1), max(Fraction(0), goal + jitter))
                )
        share = sum(steps[q.code][index[q.code]][0] * q.weight for q in questions) / weight
        while abs(share - goal) > TOLERANCE:
            up = share < goal
            moves = []
            for q in questions:
                i = index[q.code] + (1 if up else -1)
                if 0 <= i < len(steps[q.code]):
                    after = (
                        share
                        + (steps[q.code][i][0] - steps[q.code][index[q.code]][0])
                        * q.weight
                        / weight
                    )
                    if abs(after - goal) < abs(share - goal):
                        moves.append((q, i, after))
            if not moves:
                break
            q, i, share = rng.choice(moves)
            index[q.code] = i
        answers.update({q.code: steps[q.code][index[q.code]][1] for q in questions})
    for area in template.areas(m.HASIL):
        for aspect in area.aspects:
            for ind in aspect.indicators:
                for q in ind.questions:
                    answers[q.code] = profile.hasil.get(q.code, start.get(q.code))
    return answers


# Shares of each area's weight (LKE_SCORING.md §4: WBK ≥ 60 %, WBBM ≥ 75 %), hasil answers.
UNGGUL = Profile(
    {"MP": 90, "TL": 86, "SDM": 84, "AK": 86, "PW": 80, "PP": 88},
    {"HBA": "3.75", "HBB": "A", "HPA": "3.7"},
)
BAIK = Profile(
    {"MP": 84, "TL": 78, "SDM": 76, "AK": 80, "PW": 70, "PP": 78},
    {"HBA": "3.7", "HBB": "B", "HPA": "3.6"},
)
CUKUP = Profile(
    {"MP": 80, "TL": 72, "SDM": 70, "AK": 74, "PW": 65, "PP": 72},
    {"HBA": "3.65", "HBB": "B", "HPA": "3.45"},
)
PW_LEMAH = Profile(  # every rule met but Penguatan Pengawasan under 60 %
    {"MP": 80, "TL": 74, "SDM": 72, "AK": 76, "PW": 54, "PP": 74},
    {"HBA": "3.65", "HBB": "B", "HPA": "3.4"},
)
LEMAH = Profile(  # pengungkit under 40, several areas and the IPAK under their minimum
    {"MP": 70, "TL": 58, "SDM": 56, "AK": 62, "PW": 48, "PP": 58},
    {"HBA": "3.5", "HBB": "C", "HPA": "3.25"},
)
NYARIS = Profile(  # eligible in 2025; the TPI found SDM and PW under 60 %
    {"MP": 76, "TL": 68, "SDM": 66, "AK": 70, "PW": 63, "PP": 68},
    {"HBA": "3.65", "HBB": "B", "HPA": "3.4"},
)
NYARIS_TPI = Profile(
    {"MP": 72, "TL": 64, "SDM": 57, "AK": 66, "PW": 55, "PP": 64},
    {"HBA": "3.6", "HBB": "B", "HPA": "3.3"},
)
