"""Benchmark: score random LKE answer sets on one core.

    .venv/bin/python bench/lke_scoring.py [--sets 10000] [--template lke-2021] [--seed 1]

Target: under 2 ms per complete score (validation, every score, the rule
outcomes and the predicate). Also times ``to_dict()`` separately, since the
CLI and API pay for it too. Not a test: it only prints figures.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from apps.lke.engine import load_template, score  # noqa: E402
from apps.lke.engine.model import CHOICE, COMPUTED  # noqa: E402


def random_answer(question, rng: random.Random, quality: float):
    """A blank now and then; else the best answer with probability ``quality``."""
    if rng.random() < 0.05:
        return None
    best = rng.random() < quality
    if question.kind == CHOICE:
        options = question.options
        return (max(options, key=lambda o: o.value) if best else rng.choice(options)).code
    if question.kind == COMPUTED:
        return {c.name: rng.randint(0, 40) for c in question.count_inputs}
    high = int(question.answer_type.maximum)
    return Decimal(high) if best else Decimal(rng.randint(0, high * 100)) / 100


def random_sets(template, n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    questions = list(template.questions.values())
    sets = []
    for _ in range(n):
        quality = rng.uniform(0.3, 1.0)
        sets.append({q.code: random_answer(q, rng, quality) for q in questions})
    return sets


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", type=int, default=10_000)
    parser.add_argument("--template", default="lke-2021")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    path = ROOT / "fixtures" / "lke" / f"{args.template}.json"
    started = time.perf_counter()
    template = load_template(json.loads(path.read_text(encoding="utf-8")))
    load_ms = (time.perf_counter() - started) * 1000
    sets = random_sets(template, args.sets, args.seed)

    rng_flags = (False, True)
    times = []
    dict_times = []
    predicates: dict[str | None, int] = {}
    for answers in sets:
        t0 = time.perf_counter()
        result = score(template, answers, holds_wbk=rng_flags[len(times) % 2])
        t1 = time.perf_counter()
        result.to_dict()
        dict_times.append(time.perf_counter() - t1)
        times.append(t1 - t0)
        predicates[result.predicate] = predicates.get(result.predicate, 0) + 1

    ms = [t * 1000 for t in times]
    ms.sort()
    print(f"template        {template.code} ({len(template.questions)} questions)")
    print(f"load template   {load_ms:.1f} ms (once)")
    print(f"answer sets     {len(sets)}")
    print(f"score() mean    {statistics.fmean(ms):.3f} ms per set")
    print(f"score() median  {statistics.median(ms):.3f} ms")
    print(f"score() p99     {ms[int(len(ms) * 0.99) - 1]:.3f} ms")
    print(f"score() max     {ms[-1]:.3f} ms")
    print(f"to_dict() mean  {statistics.fmean(dict_times) * 1000:.3f} ms")
    print(f"total           {sum(times):.2f} s")
    print(f"predicates      {predicates}")
    verdict = "OK" if statistics.fmean(ms) < 2 else "SLOWER THAN TARGET"
    print(f"target < 2 ms   {verdict}")


if __name__ == "__main__":
    main()
