"""Benchmark: the leadership dashboard at a large ministry's size (issue 15), in-process.

    .venv/bin/python bench/dashboard.py [--scale 1,0.1] [--runs 20] [--fresh]
        [--database zi_bench_dashboard] [--seed 12] [--profile]

The agencies are ``bench/scale.py``'s (its ``build()``, in a database of their own,
``zi_bench_dashboard``): at scale 1 the root, 10 Eselon I, 100 Kanwil and 1 889 UPT, one
cycle per UPT this year, 200 000 evidence items in mixed states, 120 draft TPU
assessments; ``--scale 0.1`` a tenth. This script then dresses each agency once for the
dashboard, with bulk inserts:

- **released assessments for a third of the units**: every third UPT's cycle (630 at
  scale 1) gets a final self-assessment (mandiri) and a final TPU assessment released
  to the unit, every question answered; the answers follow a quality drawn per cycle
  (``bench/lke_scoring.py``'s ``random_answer``; the unit rates itself higher than the
  TPU) so that the area scores spread over the bands (below 60 %, 60–75 %, 75 % and up);
  a draft TPU of ``scale.py`` on such a cycle becomes the released one;
- **stages spread over the funnel**: released cycles from penilaian pendahuluan to
  ditetapkan / tidak ditetapkan, the others from pencanangan to pembangunan, 15 % WBBM;
- **a work plan** per cycle with five tasks (done, under way, open; a third overdue).

Then, per size:

1. ``refresh_summaries`` for the whole agency: the first run (every released assessment
   scored by the engine, rows inserted) and a second one (rows updated, nothing
   rescored: the hourly beat job), with their query counts;
2. a stale row refreshed by ``refresh_stale`` (what one workflow step costs the
   per-minute beat job): a cycle in pembangunan, one whose TPU result was just released
   (rescored, eligibility checked);
3. ``dashboard_for`` for the Pimpinan at the root, at an Eselon I and at a Kanwil (two
   levels down), and for the Admin Instansi at the root: p50/p95 of ``--runs`` after a
   warm-up, query count, SQL time; through the view (django.test.Client) when
   ``dashboard:index`` exists;
4. the raw SQL aggregate computing the same figures per child of the unit shown from the
   base tables (cycles per stage and target, checklist completeness from the verified
   items and the requirements, backlog per level with the oldest ``waiting_since``,
   overdue tasks), its median, the ratio dashboard / raw, and whether its figures equal
   the summary's.

With two sizes: the growth factor (smaller → larger) and whether the query count stays
the same. Goals (issue 15): p95 < 300 ms at the root, ≤ 2x the raw aggregate. Not a test:
it only prints figures. ``--profile`` adds the 25 most expensive functions (cProfile) of
the full refresh and of the root dashboard at the largest size.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._support import (  # noqa: E402
    BenchError,
    analyze,
    bench_environment,
    ensure_database,
    login_verified,
    ratified_plan_items,
    setup_django,
    timed_ms,
)
from bench.lke_scoring import random_answer  # noqa: E402
from bench.scale import Agency, build_or_load, copy_rows, p95  # noqa: E402

ROOT_GOAL_MS = 300
RAW_RATIO_GOAL = 2.0
RELEASED_EVERY = 3  # every third UPT's cycle has released results
RELEASED_STAGES = [
    ("penilaian_pendahuluan", 0.40),
    ("usulan_tpi", 0.15),
    ("evaluasi_tpi", 0.15),
    ("usulan_tpn", 0.10),
    ("ditetapkan", 0.10),
    ("tidak_ditetapkan", 0.10),
]
EARLY_STAGES = [("pencanangan", 0.2), ("identifikasi", 0.2), ("pembangunan", 0.6)]
TASKS_PER_CYCLE = 5


# --- dressing the agency ---------------------------------------------------------------------


def dressed(agency: Agency) -> bool:
    from apps.assessment.models import Assessment, Level

    return Assessment.objects.filter(tenant=agency.tenant, level=Level.MANDIRI).exists()


def dress(agency: Agency, template, seed: int) -> dict[str, int]:
    """Released assessments, stages and tasks (see the module docstring); once per agency."""
    from django.core.exceptions import ValidationError
    from django.db import transaction
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.assessment.models import Answer, Assessment, Level, Status
    from apps.assessment.services import validate_value
    from apps.cycles.models import Cycle
    from apps.lke.models import Question
    from apps.lke.selectors import engine_template
    from apps.units.models import Unit
    from apps.workplan.models import Task, TaskStatus

    rng = random.Random(seed)
    engine = engine_template(template)
    question_ids = dict(Question.objects.filter(version=template).values_list("code", "pk"))
    now = timezone.now()
    today = timezone.localdate()
    tenant = agency.tenant
    users = {
        u.email.split("@")[0]: u.pk
        for u in User.objects.filter(email__endswith=f"@{agency.code.lower()}.bench.local")
    }
    cycles = list(
        Cycle.objects.filter(tenant=tenant)
        .select_related("unit")
        .order_by("unit__path")
        .only("pk", "unit_id", "unit__path", "unit__code", "stage")
    )
    existing = {a.cycle_id: a for a in Assessment.objects.filter(tenant=tenant, level=Level.TPU)}
    best = {}

    def answer(question, quality):
        raw = random_answer(question, rng, quality)
        try:
            return validate_value(engine, question.code, raw)
        except ValidationError:  # counts a ratio cannot take: the best answer instead
            if question.code not in best:
                q = question
                raw = (
                    max(q.options, key=lambda o: o.value).code
                    if q.options
                    else {c.name: 3 for c in q.count_inputs}
                    if q.count_inputs
                    else str(q.answer_type.maximum)
                )
                best[question.code] = validate_value(engine, q.code, raw)
            return best[question.code]

    released_rows, released_cycles, stages = [], [], {}
    answer_sets: list[tuple[int, str, float]] = []  # (cycle, level, quality)
    for i, cycle in enumerate(cycles):
        if i % RELEASED_EVERY == RELEASED_EVERY - 1:
            stage = rng.choices(*zip(*RELEASED_STAGES, strict=True))[0]
            quality = rng.uniform(0.0, 1.0)
            released_cycles.append(cycle)
            answer_sets.append((cycle.pk, Level.TPU, quality))
            answer_sets.append((cycle.pk, Level.MANDIRI, min(1.0, quality + 0.15)))
        elif cycle.pk in existing:
            stage = cycle.stage  # scale.py's draft TPU: stays at penilaian pendahuluan
        else:
            stage = rng.choices(*zip(*EARLY_STAGES, strict=True))[0]
        stages[cycle.pk] = stage
    steplen = Unit.steplen
    eselon1_number = {u.path: int(u.code[1:]) for u in Unit.objects.filter(tenant=tenant, depth=2)}
    with transaction.atomic():
        by_stage = defaultdict(list)
        for cid, stage in stages.items():
            by_stage[stage].append(cid)
        for stage, ids in by_stage.items():
            Cycle.objects.filter(pk__in=ids).update(stage=stage)
        wbbm = [c.pk for c in cycles if rng.random() < 0.15]
        Cycle.objects.filter(pk__in=wbbm).update(target="wbbm")

        locked = now - timedelta(days=10)
        reused = [existing[c.pk].pk for c in released_cycles if c.pk in existing]
        Answer.objects.filter(assessment_id__in=reused).delete()
        Assessment.objects.filter(pk__in=reused).update(
            status=Status.FINAL,
            locked_at=locked,
            locked_by_id=users["admin"],
            released_at=now - timedelta(days=5),
            released_by_id=users["admin"],
        )
        for cycle in released_cycles:
            number = int(cycle.unit.code[1:])
            pokja = users[f"pokja.u{number:04d}"]
            tpu_lead = users[f"tpu.e{eselon1_number[cycle.unit.path[: 2 * steplen]]:02d}"]
            common = {
                "tenant_id": tenant.pk,
                "cycle_id": cycle.pk,
                "unit_id": cycle.unit_id,
                "template_id": template.pk,
                "status": Status.FINAL,
            }
            released_rows.append(
                {
                    **common,
                    "level": Level.MANDIRI,
                    "lead_id": pokja,
                    "created_by_id": pokja,
                    "locked_at": locked - timedelta(days=20),
                    "locked_by_id": pokja,
                }
            )
            if cycle.pk not in existing:
                released_rows.append(
                    {
                        **common,
                        "level": Level.TPU,
                        "lead_id": tpu_lead,
                        "created_by_id": users["admin"],
                        "locked_at": locked,
                        "locked_by_id": tpu_lead,
                        "released_at": now - timedelta(days=5),
                        "released_by_id": users["admin"],
                    }
                )
        copy_rows(Assessment, released_rows)
        assessment_of = {
            (a.cycle_id, a.level): (a.pk, a.lead_id)
            for a in Assessment.objects.filter(
                tenant=tenant, cycle_id__in=[c.pk for c in released_cycles]
            )
        }
        questions = list(engine.questions.values())
        answers = []
        for cycle_id, level, quality in answer_sets:
            pk, lead = assessment_of[(cycle_id, level)]
            for question in questions:
                value = answer(question, quality)
                if value is None:
                    continue
                answers.append(
                    {
                        "tenant_id": tenant.pk,
                        "assessment_id": pk,
                        "question_id": question_ids[question.code],
                        "value": value,
                        "updated_by_id": lead,
                    }
                )
        copy_rows(Answer, answers)

        items = ratified_plan_items(tenant, cycles, now)
        statuses = [TaskStatus.TELAH, TaskStatus.SEDANG, TaskStatus.BELUM]
        tasks = []
        for c, item in zip(cycles, items, strict=True):
            for t in range(TASKS_PER_CYCLE):
                status = rng.choices(statuses, (0.4, 0.3, 0.3))[0]
                tasks.append(
                    Task(
                        tenant=tenant,
                        cycle_id=c.pk,
                        unit_id=c.unit_id,
                        item=item,
                        area="MP",
                        title=f"Tugas {t + 1}",
                        due_on=today + timedelta(days=rng.randint(-40, 30)),
                        status=status,
                        done_at=now if status == TaskStatus.TELAH else None,
                    )
                )
        Task.objects.bulk_create(tasks)
    analyze()
    return {
        "released cycles": len(released_cycles),
        "assessments": len(released_rows) + len(reused),
        "answers": len(answers),
        "tasks": len(tasks),
    }


# --- measuring --------------------------------------------------------------------------------


@dataclass
class Timing:
    median_ms: float
    p95_ms: float
    queries: int
    sql_ms: float


def counted(fn):
    """``fn()`` once with its queries counted and timed: (result, ms, queries, SQL ms)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings: list[float] = []

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append((time.perf_counter() - started) * 1000)

    with CaptureQueriesContext(connection), connection.execute_wrapper(timer):
        started = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - started) * 1000
    return result, elapsed, len(timings), sum(timings)


def timing(fn, runs: int) -> Timing:
    times = timed_ms(fn, runs=runs, warmup=1)
    _r, _ms, queries, sql_ms = counted(fn)
    return Timing(statistics.median(times), p95(times), queries, sql_ms)


def view_url() -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("dashboard:index")
    except NoReverseMatch:
        return None


def dashboard_call(user, year: int, unit, url: str | None):
    """What one look at the dashboard costs: the view through the test client when it
    exists, else the selector."""
    from apps.dashboard.selectors import dashboard_for

    if url is None:
        return lambda: dashboard_for(user, year=year, unit_id=unit.pk)
    from django.test import Client

    client = Client()
    login_verified(client, user)
    target = f"{url}?tahun={year}&unit={unit.pk}"

    def get():
        response = client.get(target)
        if response.status_code != 200:
            raise BenchError(f"GET {target} answered {response.status_code}")
        return response

    return get


# The same figures as the dashboard's rows, from the base tables: per child of the unit
# shown (``top``: the first ``child_len`` characters of the path; the unit's own cycles
# under its own path), cycles per stage and target, checklist entries and those with a
# verified item (as ``apps.evidence.selectors.cycles_progress`` counts them), tasks and
# overdue tasks, and the backlog per verification level with its oldest item.
RAW_SQL = """
WITH cyc AS (
  SELECT c.id, c.stage, c.target, c.template_id, substr(u.path, 1, %(child_len)s) AS top
  FROM cycles_cycle c JOIN units_unit u ON u.id = c.unit_id
  WHERE c.tenant_id = %(t)s AND c.year = %(year)s AND u.path LIKE %(prefix)s
), req AS (
  SELECT q.id, q.version_id, count(r.id) AS n
  FROM lke_question q LEFT JOIN lke_evidencerequirement r ON r.question_id = q.id
  WHERE q.version_id IN (SELECT DISTINCT template_id FROM cyc)
  GROUP BY q.id
), entries AS (
  SELECT version_id, sum(greatest(n, 1)) AS n FROM req GROUP BY version_id
), satisfied AS (
  SELECT e.cycle_id,
         count(DISTINCT e.requirement_id) FILTER (WHERE r.question_id = e.question_id)
         + count(DISTINCT e.question_id) FILTER (WHERE q.n = 0) AS n
  FROM evidence_evidenceitem e
  JOIN cyc ON cyc.id = e.cycle_id
  JOIN req q ON q.id = e.question_id
  LEFT JOIN lke_evidencerequirement r ON r.id = e.requirement_id
  WHERE e.tenant_id = %(t)s AND e.status = 'verified'
  GROUP BY e.cycle_id
), tasks AS (
  SELECT t.cycle_id, count(*) AS n,
         count(*) FILTER (WHERE t.status <> 'telah' AND t.due_on < %(today)s) AS overdue
  FROM workplan_task t JOIN cyc ON cyc.id = t.cycle_id
  WHERE t.tenant_id = %(t)s GROUP BY t.cycle_id
)
SELECT 'row', cyc.top, '', '', count(*), sum(en.n), sum(coalesce(s.n, 0)),
       sum(coalesce(k.n, 0)), sum(coalesce(k.overdue, 0)), NULL::timestamptz
FROM cyc JOIN entries en ON en.version_id = cyc.template_id
LEFT JOIN satisfied s ON s.cycle_id = cyc.id LEFT JOIN tasks k ON k.cycle_id = cyc.id
GROUP BY cyc.top
UNION ALL
SELECT 'stage', top, stage, target, count(*), 0, 0, 0, 0, NULL FROM cyc GROUP BY 2, 3, 4
UNION ALL
SELECT 'backlog', cyc.top, e.level::text, e.current_level_name, count(*), 0, 0, 0, 0,
       min(e.waiting_since)
FROM evidence_evidenceitem e JOIN cyc ON cyc.id = e.cycle_id
WHERE e.tenant_id = %(t)s AND e.status = 'in_verification'
GROUP BY 2, 3, 4
"""


def raw_params(agency: Agency, unit, year: int) -> dict:
    from django.utils import timezone

    from apps.units.models import Unit

    return {
        "t": agency.tenant.pk,
        "year": year,
        "prefix": unit.path + "%",
        "child_len": len(unit.path) + Unit.steplen,
        "today": timezone.localdate(),
    }


def raw_rows(params: dict) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(RAW_SQL, params)
        return cursor.fetchall()


def compare(dashboard, rows: list[tuple]) -> list[str]:
    """Where the raw aggregate and the dashboard disagree (empty: they agree)."""
    problems = []
    by_path = {row.unit.path: row for row in dashboard.rows}
    raw_backlog: dict[tuple[int, str], list] = {}
    funnel: Counter = Counter()
    for kind, top, a, b, n, entries, satisfied, tasks, overdue, at in rows:
        if kind == "row":
            row = by_path.get(top)
            if row is None:
                problems.append(f"no dashboard row for {top}")
                continue
            f = row.figures
            mine = (f.cycles, f.entries, f.satisfied, f.tasks, f.tasks_overdue)
            theirs = (n, entries, satisfied, tasks, overdue)
            if tuple(map(int, theirs)) != mine:
                problems.append(f"{row.unit.code}: dashboard {mine}, raw {theirs}")
        elif kind == "stage":
            funnel[(a, b)] += n
        else:
            entry = raw_backlog.setdefault((int(a), b), [0, None])
            entry[0] += n
            entry[1] = at if entry[1] is None else min(entry[1], at)
    shown = {
        (s.stage, target): n
        for s in [*dashboard.funnel, *dashboard.outcomes]
        for target, n in s.counts.items()
    }
    if shown != dict(funnel):
        problems.append(f"funnel: dashboard {shown}, raw {dict(funnel)}")
    backlog = {(b.level, b.name): [b.waiting, b.oldest] for b in dashboard.backlog}
    if backlog != raw_backlog:
        problems.append(f"backlog: dashboard {backlog}, raw {raw_backlog}")
    return problems


@dataclass
class Position:
    name: str
    who: str
    unit: object
    dashboard: Timing | None = None
    raw_ms: float = 0.0
    agrees: str = ""
    error: str = ""


def vacuum_summaries() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE dashboard_cyclesummary, dashboard_areasummary, dashboard_backlogsummary"
        )


def profile(fn, what: str, limit: int = 25) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    fn()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(limit)
    print(f"\n[profile] {what}\n" + "\n".join(out.getvalue().splitlines()[: limit + 12]))


def measure(agency: Agency, year: int, runs: int, with_profile: bool) -> dict:
    from django_scopes import scope

    from apps.cycles.models import Cycle
    from apps.dashboard.models import CycleSummary
    from apps.dashboard.selectors import dashboard_for
    from apps.dashboard.summaries import mark_stale, refresh_stale, refresh_summaries

    out: dict = {}
    t = agency.tenant.pk
    with scope(tenant=t):
        # 1. The full refresh: first (rows inserted, every released assessment scored),
        # then again (rows updated, nothing rescored: the hourly beat).
        CycleSummary.objects.filter(tenant_id=t).delete()
        if with_profile:
            profile(
                lambda: refresh_summaries(tenant_id=t), f"refresh_summaries, {agency.code}, first"
            )
            CycleSummary.objects.filter(tenant_id=t).delete()
        n, ms, q, sql = counted(lambda: refresh_summaries(tenant_id=t))
        out["refresh first"] = (n, ms, q, sql)
        n, ms, q, sql = counted(lambda: refresh_summaries(tenant_id=t))
        out["refresh again"] = (n, ms, q, sql)
        for label, (n, ms, q, sql) in (
            ("full refresh, first (all scored)", out["refresh first"]),
            ("full refresh, again (hourly)", out["refresh again"]),
        ):
            print(
                f"  {agency.code:<12} {label:<36} {n:5d} cycles {ms:8.0f} ms {q:4d} q. SQL {sql:7.0f} ms"
            )

        # The summary tables were just filled and rewritten: dead rows vacuumed and
        # planner statistics taken, as autovacuum would a minute later on a live database
        # (this server runs without it). Without statistics, at 2 000 units, the planner
        # expects one summary row, nests the reach subquery inside the loop over the area
        # rows and one look takes minutes (bench/README.md).
        vacuum_summaries()

        # 2. One stale row through the per-minute beat job (which refreshes every agency's
        # stale rows and cycles without one: the other agencies' first, untimed).
        refresh_stale()
        plain = Cycle.objects.filter(tenant_id=t, stage="pembangunan").order_by("pk").first()
        released = (
            Cycle.objects.filter(
                tenant_id=t, stage="penilaian_pendahuluan", assessments__released_at__isnull=False
            )
            .order_by("pk")
            .first()
        )
        for label, cycle, rescore in (
            ("stale row, pembangunan", plain, False),
            ("stale row, TPU just released", released, True),
        ):
            if cycle is None:
                continue
            mark_stale(cycle.pk)
            if rescore:
                CycleSummary.objects.filter(cycle=cycle).update(scored_from={})
            n, ms, q, sql = counted(refresh_stale)
            out[label] = (n, ms, q, sql)
            print(
                f"  {agency.code:<12} {label:<36} {n:5d} cycle  {ms:8.1f} ms {q:4d} q. SQL {sql:7.1f} ms"
            )

        # 3 and 4. The dashboard at three heights, the raw aggregate, the ratio.
        url = view_url()
        out["via"] = "view (django.test.Client)" if url else "selector dashboard_for"
        positions = [
            Position("Pimpinan, root", "pimpinan", agency.root),
            Position("Admin Instansi, root", "admin", agency.root),
            Position("Pimpinan, Eselon I", "pimpinan", agency.eselon1),
            Position("Pimpinan, Kanwil", "pimpinan", agency.kanwil),
        ]
        for pos in positions:
            user = agency.users[pos.who]
            try:
                pos.dashboard = timing(dashboard_call(user, year, pos.unit, url), runs)
            except Exception as exc:  # one position that fails is reported, the rest goes on
                pos.error = repr(exc)[:200]
                print(f"  {agency.code:<12} {pos.name:<36} ERROR {pos.error}")
                continue
            params = raw_params(agency, pos.unit, year)
            pos.raw_ms = statistics.median(timed_ms(lambda p=params: raw_rows(p), runs=runs))
            problems = compare(
                dashboard_for(user, year=year, unit_id=pos.unit.pk), raw_rows(params)
            )
            pos.agrees = "yes" if not problems else "NO: " + "; ".join(problems)[:300]
            d = pos.dashboard
            print(
                f"  {agency.code:<12} {pos.name:<36} p50 {d.median_ms:7.1f} ms  p95 {d.p95_ms:7.1f} ms"
                f"  {d.queries:3d} q.  SQL {d.sql_ms:6.1f} ms  raw {pos.raw_ms:6.1f} ms"
                f"  ratio {d.median_ms / pos.raw_ms:4.2f}x  same figures: {pos.agrees}"
            )
        out["positions"] = positions
        if with_profile:
            root = positions[0]
            profile(
                dashboard_call(agency.users[root.who], year, root.unit, url),
                f"dashboard at the root, {agency.code}",
            )
    return out


def print_summary(agencies: list[Agency], results: dict[str, dict]) -> None:
    print(f"\nsummary (medians; the dashboard through the {results[agencies[0].code]['via']})")
    head = f"{'':<36}"
    for a in agencies:
        head += f" | {a.code + ' p50 / p95 ms':>22} {'q.':>3} {'SQL':>6} {'raw':>6} {'ratio':>6}"
    if len(agencies) == 2:
        head += " | growth  q. same"
    print(head)
    print("-" * len(head))
    names = [p.name for p in results[agencies[0].code]["positions"]]
    for i, name in enumerate(names):
        line = f"{'dashboard, ' + name:<36}"
        found = []
        for a in agencies:
            pos = results[a.code]["positions"][i]
            found.append(pos)
            if pos.dashboard is None:
                line += f" | {'error':>22} {'':>3} {'':>6} {'':>6} {'':>6}"
                continue
            d = pos.dashboard
            line += (
                f" | {f'{d.median_ms:.1f} / {d.p95_ms:.1f}':>22} {d.queries:>3} {d.sql_ms:>6.1f}"
                f" {pos.raw_ms:>6.1f} {d.median_ms / pos.raw_ms:>5.2f}x"
            )
        if len(agencies) == 2 and all(p.dashboard for p in found):
            big, small = found
            growth = big.dashboard.median_ms / small.dashboard.median_ms
            same = "yes" if big.dashboard.queries == small.dashboard.queries else "NO"
            line += f" | {growth:5.1f}x  {same}"
        print(line)
    for key in (
        "refresh first",
        "refresh again",
        "stale row, pembangunan",
        "stale row, TPU just released",
    ):
        line = f"{key:<36}"
        values = []
        for a in agencies:
            n, ms, q, sql = results[a.code].get(key, (0, 0, 0, 0))
            values.append(ms)
            line += f" | {f'{ms:.0f} ms, {n} rows':>22} {q:>3} {sql:>6.0f} {'':>6} {'':>6}"
        if len(agencies) == 2 and values[1]:
            line += f" | {values[0] / values[1]:5.1f}x"
        print(line)
    print("-" * len(head))
    print(
        f"goals (issue 15): p95 < {ROOT_GOAL_MS} ms at the root, ≤ {RAW_RATIO_GOAL:g}x the raw"
        " aggregate, queries constant in the number of units"
    )
    big = results[agencies[0].code]["positions"][0]
    if big.dashboard:
        met_p95 = big.dashboard.p95_ms < ROOT_GOAL_MS
        ratio = big.dashboard.median_ms / big.raw_ms
        print(
            f"  {agencies[0].code} root: p95 {big.dashboard.p95_ms:.0f} ms "
            f"({'met' if met_p95 else 'MISSED'}); ratio {ratio:.2f}x "
            f"({'met' if ratio <= RAW_RATIO_GOAL else 'MISSED'})"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", default="1,0.1", help="comma-separated sizes, 1 = full agency")
    parser.add_argument("--runs", type=int, default=20, help="timed looks per position")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--database", default="zi_bench_dashboard")
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the database")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest size")
    args = parser.parse_args()
    scales = sorted({float(s) for s in args.scale.split(",")}, reverse=True)

    try:
        created = ensure_database(args.database, fresh=args.fresh)
    except Exception as exc:
        print(f"cannot reach PostgreSQL to create {args.database}: {exc}")
        return 2
    started = time.perf_counter()
    setup_django(bench_environment(args.database))
    print(
        f"database {args.database}: {'created' if created else 'reused'},"
        f" migrated in {time.perf_counter() - started:.1f} s"
    )
    from django.db import connection
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from bench.evidence_upload import load_template

    year = timezone.localdate().year
    template = load_template()
    agencies = []
    for scale in scales:
        try:
            agency = build_or_load(scale, template, year, args.seed)
        except BenchError as exc:
            print(f"setup: {exc}")
            return 2
        with scopes_disabled():
            if not dressed(agency):
                started = time.perf_counter()
                made = dress(agency, template, args.seed)
                print(
                    f"  agency {agency.code} dressed in {time.perf_counter() - started:.0f} s: "
                    + ", ".join(f"{v} {k}" for k, v in made.items())
                )
        agencies.append(agency)
        print(
            f"agency {agency.code}: {'built' if agency.created else 'reused'}, {agency.items} items"
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit'), version()")
        jit, version = cursor.fetchone()
    load_avg = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"\n{os.cpu_count()} CPUs, load average {load_avg}; jit={jit}; {version.split(' on ')[0]}"
    )
    results = {
        a.code: measure(a, year, args.runs, args.profile and i == 0) for i, a in enumerate(agencies)
    }
    print_summary(agencies, results)
    load_avg = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average at the end {load_avg}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
