"""Benchmark: the portal under load at a large ministry's size (issue 12, load part).

    .venv/bin/python bench/load.py [--users 50,300] [--spawn-rate 10] [--duration 90]
        [--wait 5,15] [--workers 3] [--port 8710] [--database zi_bench_scale]
        [--agency SCALE-2000U] [--seed 12] [--keep]

gunicorn with the production settings (DEBUG off, WhiteNoise, 3 sync workers, timeout
60 s as in the Dockerfile) on loopback against the agency that ``bench/scale.py`` built;
locust, headless in a subprocess (``bench/locustfile.py``), plays distinct people of
that agency: 60 % Pokja (Ketua Tim and Anggota Pokja of a UPT), 25 % verifiers (Kanwil
and Eselon I), 15 % leaders (Pimpinan, Admin Instansi), each waiting 5-15 s between
requests. For each number of users: throughput, p50/p95/p99, errors with the first
messages, the pages that dominate p95, and every worker's RSS (VmRSS, VmHWM) before and
after, next to the issue's goals. Not a test: it only prints figures.

Everyone is logged in beforehand: a session in the database as ``force_login`` makes
it, past the second step for people who need one (``bench._support.login_verified``),
so the load measures reading pages, not password hashing. The sessions are deleted at
the end; the data is only read.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._support import (  # noqa: E402
    BenchError,
    HttpClient,
    bench_environment,
    child_pids,
    gunicorn,
    proc_status_kb,
    setup_django,
)
from bench.scale import AREAS, email  # noqa: E402

WEIGHTS = {"pokja": 60, "verifier": 25, "leader": 15}
GOAL_P95_MS = 500
GOAL_RSS_MB = 200
# The queue's links to an item: its question page, marked as opened from the queue.
QUEUE_LINK = re.compile(rb'href="([^"#]*\?antrian=1[^"#]*)')


# --- the people ------------------------------------------------------------------------------


def needed(users: int, role: str) -> int:
    """How many distinct people of ``role`` a run of ``users`` can take (locust rounds the
    weights; one more than the share covers its rounding up)."""
    return math.ceil(users * WEIGHTS[role] / sum(WEIGHTS.values())) + 1


def people(tenant, count: dict[str, int], seed: int) -> dict[str, list]:
    """The persons of each role, in the order the simulated users take them.

    Pokja: Ketua Tim/Anggota Pokja of UPTs drawn at random (their unit, cycle of the
    year, areas, and the questions of those areas that have evidence in the cycle).
    Verifiers: the Kanwil verifiers with one Eselon I verifier after every ten, as the
    agency has them. Leaders: the Admin Instansi and the Pimpinan of the agency first,
    then Pimpinan Unit of UPTs."""
    from django.db.models import Max

    from apps.accounts.models import RoleAssignment, User
    from apps.accounts.roles import Role
    from apps.cycles.models import Cycle
    from apps.evidence.models import EvidenceItem

    domain = email(tenant.code, "x").split("@")[1]
    by_who = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=f"@{domain}")}
    rng = random.Random(seed)
    year = Cycle.objects.aggregate(year=Max("year"))["year"]

    pokja_who = sorted(w for w in by_who if w.startswith("pokja.u"))
    pokja_who = rng.sample(pokja_who, min(count["pokja"], len(pokja_who)))
    pokja_ids = [by_who[w].pk for w in pokja_who]
    units, areas = {}, {}
    for user_id, unit_id, area in RoleAssignment.objects.filter(
        user_id__in=pokja_ids, role__in=[Role.KETUA_TIM, Role.ANGGOTA_POKJA]
    ).values_list("user_id", "unit_id", "area"):
        units[user_id] = unit_id
        if area:
            areas.setdefault(user_id, []).append(area)
    cycles = dict(
        Cycle.objects.filter(unit_id__in=units.values(), year=year).values_list("unit_id", "pk")
    )
    questions: dict[int, dict[str, set]] = {}
    for cycle_id, code, area in (
        EvidenceItem.objects.filter(cycle_id__in=cycles.values())
        .values_list("cycle_id", "question__code", "area_code")
        .distinct()
        .order_by()
    ):
        questions.setdefault(cycle_id, {}).setdefault(area, set()).add(code)
    pokja = []
    for who, user_id in zip(pokja_who, pokja_ids, strict=True):
        cycle = cycles.get(units.get(user_id))
        if cycle is None:
            raise BenchError(f"{who} has no unit with a {year} cycle")
        mine = sorted(a for a in areas.get(user_id, []) if a in AREAS)
        codes = sorted(set().union(*(questions.get(cycle, {}).get(a, set()) for a in mine)))
        if not codes:  # no evidence in their areas: the questions of the whole cycle
            codes = sorted(set().union(*questions.get(cycle, {}).values()))
        if not codes:
            raise BenchError(f"the {year} cycle of {who} has no evidence to read")
        pokja.append(
            {"who": who, "user": user_id, "unit": units[user_id], "cycle": cycle}
            | {"areas": mine, "questions": codes}
        )

    kanwil = sorted(w for w in by_who if w.startswith("verifikator.k"))
    eselon1 = sorted(w for w in by_who if w.startswith("verifikator.e"))
    verifiers = []
    for i, who in enumerate(kanwil):
        verifiers.append(who)
        if (i + 1) % 10 == 0 and eselon1:
            verifiers.append(eselon1.pop(0))
    verifiers += eselon1
    leaders = [w for w in ("admin", "pimpinan") if w in by_who]
    leaders += sorted(w for w in by_who if w.startswith("pimpinan.u"))
    return {
        "year": year,
        "pokja": pokja,
        "verifier": [{"who": w, "user": by_who[w].pk} for w in verifiers[: count["verifier"]]],
        "leader": [{"who": w, "user": by_who[w].pk} for w in leaders[: count["leader"]]],
    }


def add_urls(plan: dict) -> None:
    """Each person's pages (``urls``), from the URL names, so that the simulated browser
    follows the portal's routes as they are."""
    from django.urls import reverse

    year = plan["year"]
    completeness = reverse("evidence:completeness")
    for p in plan["pokja"]:
        p["urls"] = {
            "home": reverse("home"),
            "cycle": reverse("evidence:cycle", args=[p["cycle"]]),
            "questions": [
                reverse("evidence:question", args=[p["cycle"], code]) for code in p["questions"]
            ],
            "completeness": f"{completeness}?tahun={year}&unit={p['unit']}",
            "plan": reverse("workplan:plan", args=[p["cycle"]]),
            "tasks": reverse("workplan:my_tasks"),
        }
    for p in plan["verifier"]:
        p["urls"] = {"home": reverse("home"), "queue": reverse("evidence:queue")}
    for p in plan["leader"]:
        p["urls"] = {
            "home": reverse("home"),
            "completeness": f"{completeness}?tahun={year}",
            "tree": reverse("units:tree"),
            "cycles": reverse("cycles:list"),
        }


def log_in(plan: dict) -> list[str]:
    """A session for each person of the plan (``session`` added to each entry), as the
    login would leave it; returns the session keys."""
    from django.conf import settings
    from django.test import Client

    from apps.accounts.models import User
    from bench._support import login_verified

    entries = [p for role in WEIGHTS for p in plan[role]]
    users = User.objects.in_bulk([p["user"] for p in entries])
    keys = []
    for entry in entries:
        client = Client()
        login_verified(client, users[entry["user"]])
        entry["session"] = client.cookies[settings.SESSION_COOKIE_NAME].value
        keys.append(entry["session"])
    return keys


# --- the server -----------------------------------------------------------------------------


def production_environment(database: str, secret: str, workdir: Path) -> dict[str, str]:
    """What ``zi_portal.settings.production`` needs on loopback. HTTPS stays as in
    production (redirect, HSTS, secure cookies): the simulated browser sends
    ``X-Forwarded-Proto: https`` as the TLS proxy in front would."""
    return bench_environment(
        database,
        DJANGO_SETTINGS_MODULE="zi_portal.settings.production",
        SECRET_KEY=secret,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Collected once and reused while the static files stay the same (~1 min).
        STATIC_ROOT=str(ROOT / "var" / "bench" / "load-static"),
        MEDIA_ROOT=str(workdir / "media"),
    )


def static_fingerprint() -> str:
    """Every static file the finders see (path, size, mtime): what collectstatic reads."""
    from django.contrib.staticfiles import finders

    entries = []
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


def collectstatic(env: dict[str, str], log: Path) -> float | None:
    """The manifest and compressed files WhiteNoise serves (production settings cannot
    render a page without the manifest), in ``env["STATIC_ROOT"]``; skipped (None) when
    the files there were collected from the same static files."""
    root = Path(env["STATIC_ROOT"])
    stamp = root / ".bench-load-fingerprint"
    fingerprint = static_fingerprint()
    manifest = root / "staticfiles.json"
    if manifest.exists() and stamp.exists() and stamp.read_text() == fingerprint:
        return None
    started = time.perf_counter()
    with log.open("wb") as out:
        result = subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "python"),
                "manage.py",
                "collectstatic",
                "--noinput",
                "--clear",
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if result.returncode:
        tail = log.read_text(errors="replace")[-1500:]
        raise BenchError(f"collectstatic failed ({result.returncode}):\n{tail}")
    stamp.write_text(fingerprint)
    return time.perf_counter() - started


def warm_up(port: int, plan: dict, cookie: str, rounds: int = 3) -> int:
    """Each page of each role a few times through the server (every worker imports its
    templates; a session the server refuses stops here, not as 300 users' errors).
    Returns the number of requests."""
    pages = []
    for role in WEIGHTS:
        person = plan[role][0]
        for name, url in person["urls"].items():
            pages.append((person, name, url[0] if isinstance(url, list) else url))
    done = 0
    for _round in range(rounds):
        for person, name, url in pages:
            client = HttpClient(port)
            client.cookies[cookie] = person["session"]
            status, body = client.request("GET", url, headers={"X-Forwarded-Proto": "https"})
            done += 1
            if status != 200:
                raise BenchError(f"warm-up: GET {url} as {person['who']} answered {status}")
            if name == "queue":
                links = QUEUE_LINK.findall(body)
                if not links:
                    raise BenchError(f"warm-up: the queue of {person['who']} is empty")
                item = links[0].decode().replace("&amp;", "&")
                status, _body = client.request("GET", item, headers={"X-Forwarded-Proto": "https"})
                done += 1
                if status != 200:
                    raise BenchError(f"warm-up: GET {item} as {person['who']} answered {status}")
    return done


def workers_memory(master: int) -> dict[int, dict[str, int]]:
    """VmRSS and VmHWM (kB) of every current worker."""
    memory = {}
    for pid in child_pids(master):
        try:
            memory[pid] = proc_status_kb(pid)
        except OSError:  # a worker that just exited
            continue
    return memory


def mb(kb: int) -> float:
    return kb * 1024 / 1e6


# gunicorn's default access log line, plus the time the worker spent on the request (µs):
# from the moment it took the request, so without the wait in the listen queue.
ACCESS_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)s'
ACCESS_LINE = re.compile(r'"GET (\S+) HTTP/[\d.]+" (\d{3}) (\S+) ".*" ".*" (\d+)$')
QUESTION_PAGE = re.compile(r"^/bukti/siklus/\[id\]/[^/\[]+/")


def page_of(url: str) -> str:
    """A URL as a page: ids and question codes as placeholders, parameter names only."""
    path, _sep, query = url.partition("?")
    path = QUESTION_PAGE.sub("/bukti/siklus/[id]/[code]/", re.sub(r"/\d+/", "/[id]/", path))
    names = sorted({pair.partition("=")[0] for pair in query.split("&") if pair})
    return path + ("?" + "&".join(names) if names else "")


@dataclass
class ServerPage:
    page: str
    requests: int
    median_ms: float
    p95_ms: float
    total_s: float
    kib: float


def server_times(access_log: Path, offset: int) -> list[ServerPage]:
    """Per page, from the access log lines after ``offset``: the workers' own time."""
    times: dict[str, list[float]] = {}
    sizes: dict[str, list[int]] = {}
    with access_log.open("rb") as log:
        log.seek(offset)
        for line in log.read().decode(errors="replace").splitlines():
            match = ACCESS_LINE.search(line)
            if not match or match[1] == "/healthz":
                continue
            page = page_of(match[1])
            times.setdefault(page, []).append(int(match[4]) / 1000)
            sizes.setdefault(page, []).append(int(match[3]) if match[3].isdigit() else 0)
    pages = []
    for page, values in times.items():
        ordered = sorted(values)
        pages.append(
            ServerPage(
                page=page,
                requests=len(values),
                median_ms=statistics.median(ordered),
                p95_ms=ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)],
                total_s=sum(values) / 1000,
                kib=statistics.mean(sizes[page]) / 1024,
            )
        )
    return sorted(pages, key=lambda p: -p.total_s)


# --- one run ---------------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    requests: int
    failures: int
    p50: float
    p95: float
    p99: float
    max: float
    rps: float


@dataclass
class Run:
    users: int
    seconds: int
    spawned: str = ""
    total: Row | None = None
    pages: list[Row] = field(default_factory=list)
    errors: list[tuple[str, str, int]] = field(default_factory=list)
    memory_before: dict = field(default_factory=dict)
    memory_after: dict = field(default_factory=dict)
    load_before: tuple = ()
    load_after: tuple = ()
    server: list[ServerPage] = field(default_factory=list)
    failed: str = ""


def _number(value: str) -> float:
    try:
        return float(value)
    except ValueError:  # "N/A" for a page without requests
        return 0.0


def read_stats(prefix: Path) -> tuple[Row | None, list[Row], list[tuple[str, str, int]]]:
    rows, total = [], None
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as stats:
        for r in csv.DictReader(stats):
            row = Row(
                name=r["Name"],
                requests=int(r["Request Count"]),
                failures=int(r["Failure Count"]),
                p50=_number(r["50%"]),
                p95=_number(r["95%"]),
                p99=_number(r["99%"]),
                max=_number(r["Max Response Time"]),
                rps=_number(r["Requests/s"]),
            )
            if r["Name"] == "Aggregated":
                total = row
            else:
                rows.append(row)
    errors = []
    failures_csv = Path(f"{prefix}_failures.csv")
    if failures_csv.exists():
        with failures_csv.open(newline="", encoding="utf-8") as failures:
            errors = [
                (r["Name"], r["Error"], int(r["Occurrences"])) for r in csv.DictReader(failures)
            ]
    errors.sort(key=lambda e: -e[2])
    return total, sorted(rows, key=lambda r: -r.p95), errors


def run_locust(users: int, args, port: int, plan_path: Path, workdir: Path, master: int) -> Run:
    ramp = math.ceil(users / args.spawn_rate)
    run = Run(users=users, seconds=args.duration)
    prefix = workdir / f"locust-{users}"
    log = workdir / f"locust-{users}.log"
    command = [
        str(ROOT / ".venv" / "bin" / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--host",
        f"http://127.0.0.1:{port}",
        "--users",
        str(users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{ramp + args.duration}s",
        # Figures of the steady state only: the counts start again once everyone is in.
        "--reset-stats",
        "--stop-timeout",
        "30",  # requests under way at the end are waited for and counted
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "INFO",
        "--logfile",
        str(log),
    ]
    access_log = workdir / "access.log"
    offset = access_log.stat().st_size
    run.memory_before = workers_memory(master)
    run.load_before = os.getloadavg()
    print(
        f"\n[{users} users] ramp-up {ramp} s at {args.spawn_rate:g}/s, then {args.duration} s"
        " measured …",
        flush=True,
    )
    try:
        result = subprocess.run(
            command,
            cwd=ROOT,
            env={**os.environ, "ZI_LOAD_PLAN": str(plan_path)},
            capture_output=True,
            text=True,
            timeout=ramp + args.duration + 180,
            check=False,
        )
    except subprocess.TimeoutExpired:
        run.failed = "locust did not finish in time"
        return run
    run.load_after = os.getloadavg()
    run.memory_after = workers_memory(master)
    log_text = log.read_text(errors="replace") if log.exists() else ""
    match = re.search(r"All users spawned: (\{.*?\})", log_text)
    run.spawned = match[1] if match else ""
    # Locust exits 1 when a request failed: that is a figure, not a failure of the run.
    if result.returncode not in (0, 1) or not Path(f"{prefix}_stats.csv").exists():
        tail = (log_text + result.stderr)[-1500:]
        run.failed = f"locust exited with {result.returncode}:\n{tail}"
        return run
    run.total, run.pages, run.errors = read_stats(prefix)
    run.server = server_times(access_log, offset)
    return run


def goal(met: bool) -> str:
    return "met" if met else "MISSED"


def print_run(run: Run) -> None:
    if run.failed:
        print(f"  ERROR {run.failed}")
        return
    t = run.total
    if t is None or not t.requests:
        print("  no requests were measured")
        return
    before = ", ".join(f"{x:.2f}" for x in run.load_before)
    after = ", ".join(f"{x:.2f}" for x in run.load_after)
    print(f"  users spawned: {run.spawned or '?'}; load average {before} → {after}")
    print(
        f"  throughput {t.rps:.1f} req/s ({t.requests} requests in {run.seconds} s);"
        f" p50 {t.p50:.0f} ms, p95 {t.p95:.0f} ms, p99 {t.p99:.0f} ms, max {t.max:.0f} ms"
    )
    print(f"  errors: {t.failures}")
    for name, error, n in run.errors[:5]:
        print(f"    {n} x {name}: {error[:200]}")
    print("  pages, slowest p95 first (requests, failures, p50 / p95 / p99 / max ms):")
    for r in run.pages:
        print(
            f"    {r.name:<62} {r.requests:5d} {r.failures:3d}"
            f"  {r.p50:6.0f} / {r.p95:6.0f} / {r.p99:6.0f} / {r.max:6.0f}"
        )
    busy = sum(p.total_s for p in run.server) or 1.0
    print(
        "  worker time per page, from gunicorn's access log (requests, median / p95 ms, KiB,"
        f" share of the {busy:.0f} s the workers were busy):"
    )
    for p in run.server:
        print(
            f"    {p.page:<62} {p.requests:5d}  {p.median_ms:6.0f} / {p.p95_ms:6.0f}"
            f"  {p.kib:6.0f}  {p.total_s / busy:4.0%}"
        )
    print("  worker memory, MB (VmRSS before → after; VmHWM = peak RSS after):")
    for pid in sorted(set(run.memory_before) | set(run.memory_after)):
        b, a = run.memory_before.get(pid), run.memory_after.get(pid)
        if b and a:
            print(
                f"    pid {pid}: {mb(b['VmRSS']):6.1f} → {mb(a['VmRSS']):6.1f}"
                f"  (peak {mb(a['VmHWM']):6.1f})"
            )
        elif a:
            print(f"    pid {pid}: new worker (an old one exited), {mb(a['VmRSS']):6.1f}")
        else:
            print(f"    pid {pid}: exited during the run (timeout or crash: see the gunicorn log)")
    peak = max((mb(m["VmHWM"]) for m in run.memory_after.values()), default=0.0)
    print(
        f"  goals (issue 12): p95 < {GOAL_P95_MS} ms: {goal(t.p95 < GOAL_P95_MS)} ({t.p95:.0f});"
        f" 0 errors: {goal(t.failures == 0)} ({t.failures});"
        f" RSS < {GOAL_RSS_MB} MB: {goal(0 < peak < GOAL_RSS_MB)} (peak {peak:.1f})"
    )


def print_summary(runs: list[Run]) -> None:
    print("\nsummary")
    head = (
        f"{'users':>5} | {'req/s':>6} | {'p50 ms':>7} | {'p95 ms':>7} | {'p99 ms':>7} |"
        f" {'errors':>6} | {'RSS after, MB':>21} | {'peak MB':>7} | slowest p95 page"
    )
    print(head)
    print("-" * len(head))
    for run in runs:
        t = run.total
        if run.failed or t is None:
            print(f"{run.users:>5} | error")
            continue
        rss = "/".join(f"{mb(m['VmRSS']):.0f}" for m in run.memory_after.values())
        peak = max((mb(m["VmHWM"]) for m in run.memory_after.values()), default=0.0)
        slowest = f"{run.pages[0].name} ({run.pages[0].p95:.0f} ms)" if run.pages else ""
        print(
            f"{run.users:>5} | {t.rps:6.1f} | {t.p50:7.0f} | {t.p95:7.0f} | {t.p99:7.0f} |"
            f" {t.failures:6d} | {rss:>21} | {peak:7.1f} | {slowest}"
        )
    print("-" * len(head))
    print(
        f"goals (issue 12, 300 users with think time): p95 < {GOAL_P95_MS} ms, 0 errors,"
        f" worker RSS < {GOAL_RSS_MB} MB"
    )


# --- main ------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", default="50,300", help="comma-separated runs")
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    parser.add_argument(
        "--duration", type=int, default=90, help="seconds measured after the ramp-up"
    )
    parser.add_argument("--wait", default="5,15", help="think time between requests, s")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8710)
    parser.add_argument("--database", default="zi_bench_scale")
    parser.add_argument("--agency", default="SCALE-2000U", help="the code bench/scale.py gave it")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--keep", action="store_true", help="keep the logs and locust's CSVs")
    args = parser.parse_args()
    counts = [int(u) for u in args.users.split(",")]
    wait_min, wait_max = (float(x) for x in args.wait.split(","))

    secret = secrets.token_urlsafe(40)  # the server and the sessions made here share it
    setup_django(bench_environment(args.database, SECRET_KEY=secret), migrate=False)

    from django.conf import settings
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django_scopes import scope, scopes_disabled

    from apps.tenants.models import Tenant

    if MigrationExecutor(connection).migration_plan(
        MigrationExecutor(connection).loader.graph.leaf_nodes()
    ):
        print(f"{args.database} is not migrated to this code: run bench/scale.py first")
        return 2
    with scopes_disabled():
        tenant = Tenant.objects.filter(code=args.agency).first()
    if tenant is None:
        print(f"no agency {args.agency} in {args.database}: bench/scale.py --build-only makes it")
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="zi-load-"))
    largest = max(counts)
    started = time.perf_counter()
    with scope(tenant=tenant.pk):
        try:
            plan = people(tenant, {role: needed(largest, role) for role in WEIGHTS}, args.seed)
        except BenchError as exc:
            print(f"setup: {exc}")
            return 2
        add_urls(plan)
        keys = log_in(plan)
    plan |= {
        "queue_link": QUEUE_LINK.pattern.decode(),
        "weights": WEIGHTS,
        "wait_min": wait_min,
        "wait_max": wait_max,
        "cookie": settings.SESSION_COOKIE_NAME,
    }
    plan_path = workdir / "plan.json"
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    print(
        f"agency {args.agency}: {len(plan['pokja'])} Pokja, {len(plan['verifier'])} verifiers,"
        f" {len(plan['leader'])} leaders logged in ({time.perf_counter() - started:.1f} s);"
        f" year {plan['year']}"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    connection.close()  # this process only waits from here on

    env = production_environment(args.database, secret, workdir)
    # The settings switch PostgreSQL's JIT off unless DB_JIT says otherwise (issue 12).
    jit = "on" if os.environ.get("DB_JIT", "").lower() in ("1", "true", "on", "yes") else "off"
    runs: list[Run] = []
    try:
        seconds = collectstatic(env, workdir / "collectstatic.log")
        print(
            f"static files: {env['STATIC_ROOT']}, "
            + (
                "reused"
                if seconds is None
                else f"collected (manifest, compressed) in {seconds:.0f} s"
            )
        )
        options = [
            "--access-logfile",
            str(workdir / "access.log"),
            "--access-logformat",
            ACCESS_FORMAT,
        ]
        with gunicorn(
            env,
            workdir / "gunicorn.log",
            workers=args.workers,
            port=args.port,
            timeout=60,
            options=options,
        ) as server:
            warmed = warm_up(server.port, plan, settings.SESSION_COOKIE_NAME)
            print(
                f"gunicorn on 127.0.0.1:{server.port}, {args.workers} sync workers, timeout 60 s,"
                f" settings production, DEBUG off, jit {jit} on the app's connections;"
                f" {warmed} warm-up requests answered 200"
            )
            print(
                f"{os.cpu_count()} CPUs, {version}; locust {locust_version()};"
                f" think time {wait_min:g}-{wait_max:g} s; mix {WEIGHTS}"
            )
            for users in counts:
                run = run_locust(users, args, server.port, plan_path, workdir, server.master)
                print_run(run)
                runs.append(run)
    except BenchError as exc:
        print(f"ERROR {exc}")
        tail = (workdir / "gunicorn.log").read_text(errors="replace")[-1500:]
        if tail:
            print(f"--- end of the gunicorn log ---\n{tail}")
    finally:
        Session.objects.filter(session_key__in=keys).delete()
        if args.keep:
            print(f"logs and CSVs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    if runs:
        print_summary(runs)
    return 0


def locust_version() -> str:
    from importlib.metadata import version

    return version("locust")


if __name__ == "__main__":
    sys.exit(main())
