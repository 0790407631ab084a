"""Benchmark: the portal at a large ministry's size (issue 12), page by page, in-process.

    .venv/bin/python bench/scale.py [--scale 1,0.1] [--runs 7] [--fresh]
        [--database zi_bench_scale] [--only TEXT] [--build-only] [--jit server|on|off]
    .venv/bin/python bench/scale.py --slice [--agencies 60] [--runs 7] [--fresh]
        [--database zi_bench_slice] [--only TEXT] [--no-interleave] [--threshold 1.3]

Builds, once per size, a synthetic agency in its own database (``zi_bench_scale``;
``--fresh`` drops and rebuilds it) with COPY: at scale 1 the root, 10 Eselon I, 100
Kanwil and 1 889 UPT (2 000 units); ~3 900 people with roles (Admin Instansi, Penilai
TPI, Pimpinan at the root; a Penilai TPU and a Verifikator per Eselon I; a Verifikator
per Kanwil; a Pimpinan Unit and a Ketua Tim who is also Anggota Pokja per UPT); lke-2021;
one cycle per UPT this year; 200 000 evidence items in mixed states (chain and current
level as the services set them) with 265 000 revisions; 120 TPU assessments opened by
the service, every question answered. ``--scale 0.1`` is a separate agency of a tenth
(200 units, 20 000 items, 12 assessments) in the same database.

Then, for each size, every page of the issue's table is requested in-process
(django.test.Client, DEBUG off): median and p95 of ``--runs`` after a warm-up, the
number of SQL queries and their time in one more request, the response size; where a
hand-written SQL query gives the same result, its median (the floor) and the ratio.
With two sizes, the growth factor smaller → larger. Not a test: it only prints figures.

``--slice`` (issue 12, "a 1/10 slice"; database ``zi_bench_slice``): agencies of 40 units
(root, 2 Eselon I, 6 Kanwil, 31 UPT) and 8 333 items each, 500 000 for 60, built by the
same ``build()``. The same pages for agency 1 alone (a); among ``--agencies`` (b); and with
the evidence rows of all agencies interleaved in the heap, as a live database lays them
out (c). Beside the page times, each page's read queries run again under EXPLAIN
(ANALYZE, BUFFERS): their execution time and the buffers they touch, which do not move
with the machine's load. Ratios to (a) should be about 1.0; for a page above
``--threshold``, the queries that grew most are printed with their plans.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import functools
import math
import os
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._support import (  # noqa: E402
    BenchError,
    analyze,
    bench_environment,
    ensure_database,
    login_verified,
    setup_django,
    sql_shape,
    timed_ms,
)

PASSWORD = "Bench-Sandi-2026!"
FULL = {"eselon1": 10, "kanwil": 100, "units": 2000, "items": 200_000, "assessments": 120}
REVISION_SHARE = 0.325  # 200 000 items → 265 000 revisions: a third have a second one
STATUS_MIX = [
    ("verified", 0.40),
    ("in_verification", 0.30),
    ("draft", 0.15),
    ("returned", 0.10),
    ("withdrawn", 0.05),
]
LEVEL_MIX = [0.5, 0.3, 0.2]
AREAS = ["MP", "TL", "SDM", "AK", "PW", "PP"]
PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BooleanField",
    "CharField",
    "DateTimeField",
    "DateField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "BigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
    "URLField",
}


# --- bulk rows by COPY -------------------------------------------------------------------


def reserve_ids(model, n: int) -> list[int]:
    from django.db import connection

    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, n],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(model, rows: list[dict]) -> list[int]:
    """COPY ``rows`` (attname → value) into ``model``'s table; a field a row leaves out
    takes its model default (``auto_now``: now; nullable: NULL). Ids come from the
    table's sequence, so they are returned in the order of ``rows``."""
    from django.db import connection
    from django.utils import timezone

    if not rows:
        return []
    now = timezone.now()
    fields = list(model._meta.concrete_fields)
    ids = reserve_ids(model, len(rows))
    defaults = {}
    for f in fields:
        if f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        else:  # the model default; "" for a blank string field, else None (NULL)
            defaults[f.attname] = f.get_default()
    prep = [
        None if f.get_internal_type() in PLAIN_TYPES else f for f in fields
    ]  # e.g. JSONField: adapted by Django
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    copy_sql = f"COPY {table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
        for pk, row in zip(ids, rows, strict=True):
            values = []
            for f, p in zip(fields, prep, strict=True):
                if f.primary_key:
                    value = pk
                elif f.attname in row:
                    value = row[f.attname]
                else:
                    value = defaults[f.attname]
                if p is not None:
                    value = p.get_db_prep_save(value, connection)
                values.append(value)
            copy.write_row(values)
    return ids


# --- the agency -----------------------------------------------------------------------------


@dataclass
class Agency:
    scale: float
    code: str
    tenant: object
    users: dict  # who → User
    assessment: object
    kanwil: object
    eselon1: object
    root: object
    items: int
    created: bool
    seconds: float


def sizes(scale: float = 1.0, shape: dict[str, int] = FULL) -> dict[str, int]:
    """The counts ``build()`` makes: ``shape`` (the full ministry by default, or one
    agency of the slice) times ``scale``."""
    eselon1 = max(1, round(shape["eselon1"] * scale))
    kanwil = max(eselon1, round(shape["kanwil"] * scale))
    units = round(shape["units"] * scale)
    return {
        "eselon1": eselon1,
        "kanwil": kanwil,
        "upt": units - 1 - eselon1 - kanwil,
        "items": round(shape["items"] * scale),
        "assessments": max(1, round(shape["assessments"] * scale)),
    }


def agency_code(scale: float) -> str:
    return f"SCALE-{round(FULL['units'] * scale)}U"


def email(code: str, who: str) -> str:
    return f"{who}@{code.lower()}.bench.local"


def build_or_load(
    scale: float,
    template,
    year: int,
    seed: int,
    *,
    code: str | None = None,
    shape: dict[str, int] = FULL,
    verbose: bool = True,
    analyse: bool = True,
) -> Agency:
    """The agency ``code`` (by default the one of ``scale``), built when it is missing;
    ``analyse=False`` leaves ``ANALYZE`` to the caller (one for many agencies)."""
    from django.db import transaction
    from django_scopes import scope, scopes_disabled

    from apps.tenants.models import Tenant

    code = code or agency_code(scale)
    started = time.perf_counter()
    with scopes_disabled():
        tenant = Tenant.objects.filter(code=code).first()
    created = tenant is None
    if created:
        with transaction.atomic(), scopes_disabled():
            tenant = build(code, scale, template, year, seed, shape=shape, verbose=verbose)
        if analyse:
            analyze()
        if verbose:
            print(f"  agency {code} built in {time.perf_counter() - started:.0f} s")
    with scope(tenant=tenant.pk):
        agency = load(code, scale, tenant)
    agency.created = created
    agency.seconds = time.perf_counter() - started
    return agency


@functools.cache
def password_hash() -> str:
    """One hash for every bench person (hashing is slow on purpose: once per process)."""
    from django.contrib.auth.hashers import make_password

    return make_password(PASSWORD)


def build(
    code: str,
    scale: float,
    template,
    year: int,
    seed: int,
    *,
    shape: dict[str, int] = FULL,
    verbose: bool = True,
):
    from django.utils import timezone

    from apps.accounts.models import RoleAssignment, User
    from apps.accounts.roles import Role
    from apps.accounts.services import tenant_create
    from apps.cycles.models import Cycle
    from apps.evidence.chain import ChainStep, verification_levels
    from apps.evidence.models import Anchor
    from apps.tenants.models import Membership
    from apps.units.models import Unit, UnitType

    n = sizes(scale, shape)
    rng = random.Random(seed)
    step = time.perf_counter()

    def lap(what: str) -> None:
        nonlocal step
        if verbose:
            print(f"    {what}: {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()

    tenant = tenant_create(
        actor=None, name=f"Kementerian Skala {code}", code=code, kind="kementerian"
    )
    types = {t.code: t.pk for t in UnitType.objects.filter(tenant=tenant)}
    root = Unit.objects.get(tenant=tenant, depth=1)

    # Units: materialised paths as treebeard numbers children (steplen, alphabet).
    unit_rows: list[dict] = []
    children: dict[str, int] = {}

    def unit(parent_path: str, depth: int, unit_code: str, name: str, type_code: str) -> dict:
        children[parent_path] = children.get(parent_path, 0) + 1
        path = Unit._get_path(parent_path, depth, children[parent_path])
        row = {
            "tenant_id": tenant.pk,
            "code": unit_code,
            "name": name,
            "unit_type_id": types[type_code],
            "path": path,
            "depth": depth,
            "numchild": 0,
        }
        unit_rows.append(row)
        return row

    eselon1 = [
        unit(root.path, 2, f"E{i:02d}", f"Eselon I {i:02d}", "eselon-1")
        for i in range(1, n["eselon1"] + 1)
    ]
    kanwils = [
        unit(
            eselon1[i % n["eselon1"]]["path"],
            3,
            f"K{i + 1:03d}",
            f"Kanwil {i + 1:03d}",
            "unit-kerja",
        )
        for i in range(n["kanwil"])
    ]
    upts = [
        unit(kanwils[i % n["kanwil"]]["path"], 4, f"U{i + 1:04d}", f"UPT {i + 1:04d}", "upt")
        for i in range(n["upt"])
    ]
    for row in unit_rows:
        row["numchild"] = children.get(row["path"], 0)
    for row, pk in zip(unit_rows, copy_rows(Unit, unit_rows), strict=True):
        row["id"] = pk
    Unit.objects.filter(pk=root.pk).update(numchild=children[root.path])
    by_path = {row["path"]: row for row in unit_rows}
    lap(f"{len(unit_rows) + 1} units")

    # People: one e-mail each, one membership, their roles.
    password = password_hash()
    people: list[tuple[str, str, list[tuple[int, str, str]]]] = [
        ("admin", "Admin Instansi Skala", [(root.pk, Role.ADMIN_INSTANSI, "")]),
        ("tpi", "Penilai TPI Skala", [(root.pk, Role.PENILAI_TPI, "")]),
        ("pimpinan", "Pimpinan Instansi Skala", [(root.pk, Role.PIMPINAN, "")]),
    ]
    for i, e in enumerate(eselon1, start=1):
        people.append(
            (
                f"verifikator.e{i:02d}",
                f"Verifikator Eselon I {i:02d}",
                [(e["id"], Role.VERIFIKATOR, "")],
            )
        )
        people.append(
            (f"tpu.e{i:02d}", f"Penilai TPU Eselon I {i:02d}", [(e["id"], Role.PENILAI_TPU, "MP")])
        )
    for i, k in enumerate(kanwils, start=1):
        people.append(
            (
                f"verifikator.k{i:03d}",
                f"Verifikator Kanwil {i:03d}",
                [(k["id"], Role.VERIFIKATOR, "")],
            )
        )
    for i, u in enumerate(upts, start=1):
        people.append(
            (f"pimpinan.u{i:04d}", f"Pimpinan UPT {i:04d}", [(u["id"], Role.PIMPINAN_UNIT, "")])
        )
        area = AREAS[i % len(AREAS)]
        people.append(
            (
                f"pokja.u{i:04d}",
                f"Ketua Tim UPT {i:04d}",
                [(u["id"], Role.KETUA_TIM, ""), (u["id"], Role.ANGGOTA_POKJA, "MP")]
                + ([(u["id"], Role.ANGGOTA_POKJA, area)] if area != "MP" else []),
            )
        )
    now = timezone.now()
    user_ids = copy_rows(
        User,
        [
            {"email": email(code, who), "full_name": name, "password": password, "date_joined": now}
            for who, name, _roles in people
        ],
    )
    copy_rows(Membership, [{"tenant_id": tenant.pk, "user_id": uid} for uid in user_ids])
    copy_rows(
        RoleAssignment,
        [
            {"tenant_id": tenant.pk, "user_id": uid, "unit_id": unit_id, "role": role, "area": area}
            for uid, (_who, _name, roles) in zip(user_ids, people, strict=True)
            for unit_id, role, area in roles
        ],
    )
    who_id = {who: uid for uid, (who, _n, _r) in zip(user_ids, people, strict=True)}
    lap(f"{len(people)} people")

    # One cycle per UPT; the first ones at the TPU stage for the assessments.
    cycle_rows = [
        {
            "tenant_id": tenant.pk,
            "unit_id": u["id"],
            "year": year,
            "name": f"Pembangunan ZI {year} {u['code']}",
            "target": "wbk",
            "template_id": template.pk,
            "stage": "penilaian_pendahuluan" if i < n["assessments"] else "pembangunan",
            "created_by_id": who_id["admin"],
        }
        for i, u in enumerate(upts)
    ]
    cycle_ids = copy_rows(Cycle, cycle_rows)
    lap(f"{len(cycle_ids)} cycles")

    # Chains as chain_for() sets them, from the agency's levels, without a query per unit.
    levels = [lv for lv in verification_levels(tenant) if lv.is_active]
    steplen = Unit.steplen

    def chain(u: dict) -> list[dict]:
        anchors = {
            Anchor.PARENT: by_path[u["path"][:-steplen]]["id"],
            Anchor.ESELON1: by_path[u["path"][: 2 * steplen]]["id"],
            Anchor.AGENCY: root.pk,
        }
        steps: list[ChainStep] = []
        for level in levels:
            anchor = anchors[level.anchor]
            reach = level.anchor == Anchor.AGENCY
            if not reach and steps and steps[-1].anchor_unit == anchor:
                continue
            steps.append(ChainStep(level.name, level.role, anchor, reach))
        return [s.as_json() for s in steps]

    chains = [chain(u) for u in upts]
    _items(tenant, template, n, upts, cycle_ids, chains, who_id, code, rng)
    lap(f"{n['items']} items with revisions")
    _assessments(tenant, template, n, upts, cycle_ids, eselon1, who_id)
    lap(f"{n['assessments']} assessments")
    return tenant


def _items(tenant, template, n, upts, cycle_ids, chains, who_id, code, rng):
    from django.utils import timezone

    from apps.evidence.models import EvidenceItem, EvidenceRevision
    from apps.lke.models import EvidenceRequirement, Question

    questions = list(
        Question.objects.filter(version=template).values_list(
            "pk", "code", "indicator__aspect__area__code"
        )
    )
    requirements: dict[int, list[int]] = {}
    for qid, rid in EvidenceRequirement.objects.filter(question__version=template).values_list(
        "question_id", "pk"
    ):
        requirements.setdefault(qid, []).append(rid)
    statuses = [s for s, _w in STATUS_MIX]
    weights = [w for _s, w in STATUS_MIX]
    now = timezone.now()
    rows = []
    for i in range(n["items"]):
        c = i % len(upts)
        qid, qcode, area = rng.choice(questions)
        options = requirements.get(qid)
        status = rng.choices(statuses, weights)[0]
        created = now - timedelta(days=rng.uniform(1, 150))
        chain = chains[c]
        row = {
            "tenant_id": tenant.pk,
            "cycle_id": cycle_ids[c],
            "unit_id": upts[c]["id"],
            "question_id": qid,
            "requirement_id": rng.choice(options) if options and rng.random() < 0.9 else None,
            "area_code": area,
            "title": f"Bukti {qcode} nomor {i + 1}",
            "status": status,
            "created_by_id": who_id[f"pokja.u{c + 1:04d}"],
            "created_at": created,
            "updated_at": created,
        }
        if status != "draft":
            submitted = created + timedelta(hours=rng.uniform(1, 48))
            row.update(chain=chain, level=0, submitted_at=submitted)
            if status == "in_verification":
                level = min(rng.choices(range(len(LEVEL_MIX)), LEVEL_MIX)[0], len(chain) - 1)
                current = chain[level]
                row.update(
                    level=level,
                    current_role=current["role"],
                    current_anchor_id=current["anchor_unit"],
                    current_reach=current["reach"],
                    current_level_name=current["name"],
                    waiting_since=submitted + timedelta(days=level * 2),
                )
            elif status == "verified":
                row.update(
                    level=len(chain), verified_at=submitted + timedelta(days=rng.uniform(0.5, 20))
                )
        rows.append(row)
    item_ids = copy_rows(EvidenceItem, rows)
    second = set(rng.sample(range(len(item_ids)), round(len(item_ids) * REVISION_SHARE)))
    revisions = []
    for idx, (pk, row) in enumerate(zip(item_ids, rows, strict=True)):
        numbers = [1, 2] if idx in second else [1]
        for number in numbers:
            revisions.append(
                {
                    "item_id": pk,
                    "number": number,
                    "url": f"https://{code.lower()}.bench.local/bukti/{pk}/{number}",
                    "is_current": number == numbers[-1],
                    "created_by_id": row["created_by_id"],
                    "created_at": row["created_at"] + timedelta(days=number - 1),
                }
            )
    copy_rows(EvidenceRevision, revisions)


def _assessments(tenant, template, n, upts, cycle_ids, eselon1, who_id):
    from django_scopes import scope

    from apps.accounts.models import User
    from apps.assessment import services
    from apps.assessment.models import Answer
    from apps.cycles.models import Cycle
    from apps.lke.engine.model import CHOICE, COMPUTED
    from apps.lke.models import Question
    from apps.lke.selectors import engine_template
    from apps.units.models import Unit

    engine = engine_template(template)
    ids = dict(Question.objects.filter(version=template).values_list("code", "pk"))

    def best(q):
        if q.kind == CHOICE:
            return max(q.options, key=lambda o: o.value).code
        if q.kind == COMPUTED:
            return {c.name: 3 for c in q.count_inputs}
        return str(q.answer_type.maximum)

    values = {
        code: services.validate_value(engine, code, best(q)) for code, q in engine.questions.items()
    }
    admin = User.objects.get(pk=who_id["admin"])
    e1_number = {e["path"]: i for i, e in enumerate(eselon1, start=1)}
    answers = []
    with scope(tenant=tenant.pk):
        cycles = Cycle.objects.in_bulk(cycle_ids[: n["assessments"]])
        for i in range(n["assessments"]):
            upt = upts[i]
            lead_who = f"tpu.e{e1_number[upt['path'][: 2 * Unit.steplen]]:02d}"
            lead = User.objects.get(pk=who_id[lead_who])
            assessment = services.assessment_open(
                actor=admin, cycle=cycles[cycle_ids[i]], level="tpu", lead=lead
            )
            answers.extend(
                {
                    "tenant_id": tenant.pk,
                    "assessment_id": assessment.pk,
                    "question_id": ids[code],
                    "value": value,
                    "updated_by_id": lead.pk,
                }
                for code, value in values.items()
            )
    copy_rows(Answer, answers)


def load(code: str, scale: float, tenant) -> Agency:
    from apps.accounts.models import User
    from apps.assessment.models import Assessment
    from apps.evidence.models import EvidenceItem
    from apps.units.models import Unit

    users = {
        u.email.split("@")[0]: u
        for u in User.objects.filter(email__endswith=f"@{code.lower()}.bench.local")
    }
    needed = [
        "admin",
        "tpi",
        "pimpinan",
        "verifikator.k001",
        "verifikator.e01",
        "tpu.e01",
        "pimpinan.u0001",
        "pokja.u0001",
    ]
    missing = [w for w in needed if w not in users]
    assessment = Assessment.objects.order_by("pk").first()
    if missing or assessment is None:
        raise BenchError(
            f"agency {code} is incomplete ({missing or 'no assessment'}); run with --fresh"
        )
    return Agency(
        scale=scale,
        code=code,
        tenant=tenant,
        users=users,
        assessment=assessment,
        kanwil=Unit.objects.get(code="K001"),
        eselon1=Unit.objects.get(code="E01"),
        root=Unit.objects.get(depth=1),
        items=EvidenceItem.objects.count(),
        created=False,
        seconds=0.0,
    )


# --- measuring -------------------------------------------------------------------------------


@dataclass
class Figures:
    median_ms: float
    p95_ms: float
    queries: int
    sql_ms: float
    kib: float
    floor_ms: float | None = None
    error: str = ""
    # --slice: the page's read queries under EXPLAIN (ANALYZE, BUFFERS), see explain().
    plans: list[Plan] = field(default_factory=list)

    @property
    def buffers(self) -> int | None:
        return sum(p.buffers for p in self.plans) if self.plans else None


@dataclass
class Plan:
    """One read query of a page as EXPLAIN (ANALYZE, BUFFERS) runs it again: the shared
    buffers it touched (hit + read: 8 KiB pages of tables and indexes, cached or not),
    its execution time and the plan's text."""

    sql: str
    buffers: int
    exec_ms: float
    text: str


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def measure(user, url: str, runs: int, sql_out: list[str] | None = None) -> Figures:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    login_verified(client, user)
    size = [0]

    def get():
        response = client.get(url, HTTP_ACCEPT="text/html,application/json")
        if response.status_code != 200:
            raise BenchError(f"HTTP {response.status_code}")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        size[0] = len(body)

    times = timed_ms(get, runs=runs, warmup=1)
    timings: list[float] = []

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append((time.perf_counter() - started) * 1000)

    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
        get()
    if sql_out is not None:
        sql_out.extend(q["sql"] for q in captured.captured_queries)
    return Figures(statistics.median(times), p95(times), len(timings), sum(timings), size[0] / 1024)


BUFFERS_LINE = re.compile(r"Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?")


def _top_buffers(lines: list[str]) -> int:
    """Shared buffers (hit + read) of a text plan's top node. Its own lines are indented
    by two spaces and come before its first child ("->"); the "Planning:" buffers at the
    end are the catalog's, not the query's."""
    for line in lines[1:]:
        if not line.startswith("  ") or line.lstrip().startswith("->"):
            break
        if line.startswith("  Buffers: shared"):
            m = BUFFERS_LINE.search(line)
            return int(m[1] or 0) + int(m[2] or 0)
    return 0


def explain(sqls: list[str], repeat: int = 3) -> list[Plan]:
    """Each read query of ``sqls`` (as Django sent them, parameters inlined) run again
    under EXPLAIN (ANALYZE, BUFFERS), ``repeat`` times: the fastest run is kept, so a
    moment of load on the machine does not count. The buffers of the plan's top node
    include those of every node below it (subplans too): the query's pages touched, a
    figure that does not move with the machine's load."""
    from django.db import connection

    plans = []
    with connection.cursor() as cursor:
        for sql in sqls:
            if sql.lstrip().split(None, 1)[0].upper() not in ("SELECT", "WITH"):
                continue  # the session's UPDATE, savepoints: not a read of the page
            if " FOR UPDATE" in sql.upper():
                continue
            best = None
            for _ in range(repeat):
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                lines = [row[0] for row in cursor.fetchall()]
                exec_ms = next(
                    (float(ln.split(":")[1].split()[0]) for ln in lines if ln.startswith("Exec")),
                    0.0,
                )
                if best is None or exec_ms < best.exec_ms:
                    best = Plan(sql, _top_buffers(lines), exec_ms, "\n".join(lines))
            plans.append(best)
    return plans


def floor_ms(sql: str, params: list | dict, runs: int) -> float:
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    return statistics.median(timed_ms(run, runs=runs, warmup=1))


# Each floor is one hand-written statement returning what the page shows: its rows and
# the figures beside them (CTEs referenced by the final SELECT, so every part is computed).
# The queue: the page's 50 items awaiting the verifier (their level's role held at the
# item's anchor, or above the unit for reach levels) and the counts per unit and area.
QUEUE_SQL = """
WITH waiting AS (
  SELECT e.id, e.title, e.waiting_since, e.unit_id, e.area_code, e.question_id
  FROM evidence_evidenceitem e JOIN units_unit u ON u.id = e.unit_id
  WHERE e.tenant_id = %(t)s AND e.status = 'in_verification' AND e.current_role = %(role)s
    AND ((e.current_anchor_id = %(anchor)s AND NOT e.current_reach)
         OR (e.current_reach AND u.path LIKE %(path)s))
), page AS (
  SELECT w.id, w.title, w.waiting_since, u.name, q.code FROM waiting w
  JOIN units_unit u ON u.id = w.unit_id JOIN lke_question q ON q.id = w.question_id
  ORDER BY w.waiting_since, w.id LIMIT 50
), counts AS (
  SELECT unit_id, area_code, count(*) FROM waiting GROUP BY unit_id, area_code
)
SELECT (SELECT count(*) FROM page), (SELECT count(*) FROM counts)
"""
COMPLETENESS_SQL = """
SELECT c.id, count(DISTINCT (e.question_id, e.requirement_id)) FROM cycles_cycle c
LEFT JOIN evidence_evidenceitem e ON e.cycle_id = c.id AND e.status = 'verified'
WHERE c.tenant_id = %s AND c.year = %s GROUP BY c.id
"""
# The API list pages by keyset on (created_at, id) (apps.core.api.KeysetPagination).
API_LIST_SQL = """
SELECT e.* FROM evidence_evidenceitem e
WHERE e.tenant_id = %s AND (e.created_at, e.id) > (%s, %s)
ORDER BY e.created_at, e.id LIMIT 50
"""
PEOPLE_SQL = """
WITH page AS (
  SELECT u.id, u.full_name, u.email, array_agg(r.role) FROM accounts_user u
  JOIN tenants_membership m ON m.user_id = u.id AND m.tenant_id = %(t)s
  LEFT JOIN accounts_roleassignment r ON r.user_id = u.id AND r.tenant_id = m.tenant_id
  GROUP BY u.id ORDER BY u.full_name LIMIT 50
)
SELECT (SELECT count(*) FROM page), (SELECT count(*) FROM tenants_membership WHERE tenant_id = %(t)s)
"""
# The tree page of a large agency: its top and the level below (the export: every unit).
TREE_SQL = """
SELECT id, path, depth, code, name FROM units_unit
WHERE tenant_id = %s AND depth <= 2 ORDER BY path
"""
EXPORT_SQL = "SELECT id, path, depth, code, name FROM units_unit WHERE tenant_id = %s ORDER BY path"
CYCLES_SQL = """
WITH page AS (
  SELECT c.id, c.name, c.stage, u.name FROM cycles_cycle c JOIN units_unit u ON u.id = c.unit_id
  WHERE c.tenant_id = %(t)s ORDER BY c.year DESC, u.path, c.target LIMIT 50
)
SELECT (SELECT count(*) FROM page), (SELECT count(*) FROM cycles_cycle WHERE tenant_id = %(t)s)
"""


def _pokja_pages(agency: Agency) -> tuple[str, str]:
    """The evidence page of the first UPT's cycle, and of its MP question with most items."""
    from django.db.models import Count
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from apps.cycles.models import Cycle
    from apps.evidence.models import EvidenceItem

    with scopes_disabled():
        cycle = Cycle.objects.filter(tenant=agency.tenant, unit__code="U0001").first()
        if cycle is None:
            return reverse("home"), reverse("home")
        busiest = (
            EvidenceItem.objects.filter(cycle=cycle, area_code="MP")
            .values("question__code")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
    code = busiest["question__code"] if busiest else "PPA1A"
    return (
        reverse("evidence:cycle", args=[cycle.pk]),
        reverse("evidence:question", args=[cycle.pk, code]),
    )


def queue_floor(tenant_id: int, role: str, unit) -> dict:
    return {"t": tenant_id, "role": role, "anchor": unit.pk, "path": unit.path + "%"}


def pages(agency: Agency, year: int) -> list[tuple[str, str, str, str | None, list | dict]]:
    """(page, who, url, floor SQL, its parameters)."""
    from django.urls import reverse

    t = agency.tenant.pk
    deep = max(1, agency.items // 50 // 2)
    # The cursor of the middle page: the position of the row before it, as the API's own
    # ``next`` link would carry it (``KeysetPagination``: "<created_at>|<id>").
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT created_at, id FROM evidence_evidenceitem WHERE tenant_id = %s"
            " ORDER BY created_at, id OFFSET %s LIMIT 1",
            [t, (deep - 1) * 50 - 1 if deep > 1 else 0],
        )
        middle_at, middle_id = cursor.fetchone()
    position = f"{middle_at.isoformat()}|{middle_id}"
    middle = base64.b64encode(urlencode({"o": 0, "p": position}).encode("ascii")).decode("ascii")
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    queue = reverse("evidence:queue")
    items = reverse("api-evidence-item-list")
    home = reverse("home")
    pokja_cycle, pokja_question = _pokja_pages(agency)
    return [
        (
            "queue, Kanwil verifier",
            "verifikator.k001",
            queue,
            QUEUE_SQL,
            queue_floor(t, "verifikator", agency.kanwil),
        ),
        (
            "queue, Eselon I verifier",
            "verifikator.e01",
            queue,
            QUEUE_SQL,
            queue_floor(t, "verifikator", agency.eselon1),
        ),
        ("queue, TPI", "tpi", queue, QUEUE_SQL, queue_floor(t, "penilai_tpi", agency.root)),
        (
            "completeness, agency",
            "admin",
            reverse("evidence:completeness") + f"?tahun={year}",
            COMPLETENESS_SQL,
            [t, year],
        ),
        ("API items page 1", "admin", items, API_LIST_SQL, [t, epoch, 0]),
        (
            "API items, middle page",
            "admin",
            items + "?" + urlencode({"cursor": middle}),
            API_LIST_SQL,
            [t, middle_at, middle_id],
        ),
        ("API queue, TPI", "tpi", reverse("api-evidence-queue"), None, []),
        ("people", "admin", reverse("accounts:people"), PEOPLE_SQL, {"t": t}),
        ("unit tree", "admin", reverse("units:tree"), TREE_SQL, [t]),
        ("unit export", "admin", reverse("units:export"), EXPORT_SQL, [t]),
        (
            "scoring page (TPU lead)",
            "tpu.e01",
            reverse("assessment:detail", args=[agency.assessment.pk]),
            None,
            [],
        ),
        ("cycle list", "admin", reverse("cycles:list"), CYCLES_SQL, {"t": t}),
        # The portal's least page and least API answer: what any request costs before
        # the page's own work (session, user, second factor, agency, roles, menu, bell,
        # layout). A page's floor is its SQL floor plus this (the "vs least" column).
        (LEAST_PAGE, "admin", reverse("api_tokens"), None, []),
        (LEAST_API, "admin", reverse("api-me"), None, []),
        ("home, Admin Instansi", "admin", home, None, []),
        ("home, Penilai TPI", "tpi", home, None, []),
        ("home, Pimpinan", "pimpinan", home, None, []),
        ("home, Penilai TPU", "tpu.e01", home, None, []),
        ("home, Verifikator Eselon I", "verifikator.e01", home, None, []),
        ("home, Verifikator Kanwil", "verifikator.k001", home, None, []),
        ("home, Pimpinan Unit", "pimpinan.u0001", home, None, []),
        ("home, Ketua Tim/Pokja", "pokja.u0001", home, None, []),
        # The Pokja's two evidence pages: half of the workers' time under load.py's mix.
        ("cycle evidence (Pokja)", "pokja.u0001", pokja_cycle, None, []),
        ("question page (Pokja)", "pokja.u0001", pokja_question, None, []),
    ]


def measure_agency(
    agency: Agency, year: int, runs: int, only: str | None, *, with_plans: bool = False
) -> dict[str, Figures]:
    """Every page for ``agency``; ``with_plans`` also runs each page's read queries again
    under EXPLAIN (ANALYZE, BUFFERS) (``Figures.plans``)."""
    from django_scopes import scope

    results = {}
    for name, who, url, sql, params in pages(agency, year):
        if only and only.lower() not in name.lower():
            continue
        with scope(tenant=agency.tenant.pk):
            sqls: list[str] = []
            try:
                figures = measure(agency.users[who], url, runs, sqls)
                if with_plans:
                    try:
                        figures.plans = explain(sqls)
                    except Exception as exc:  # the time figures stand without the plans
                        print(f"  EXPLAIN failed for {name}: {exc!r}"[:300])
            except BenchError as exc:
                figures = Figures(0, 0, 0, 0, 0, error=f"{url}: {exc}")
            except Exception as exc:  # a page that fails is reported, the rest goes on
                figures = Figures(0, 0, 0, 0, 0, error=f"{url}: {exc!r}"[:200])
            if sql and not figures.error:
                figures.floor_ms = floor_ms(sql, params, runs)
        results[name] = figures
        line = (
            f"ERROR {figures.error}"
            if figures.error
            else f"median {figures.median_ms:7.1f} ms  p95 {figures.p95_ms:7.1f} ms  "
            f"{figures.queries:3d} q.  SQL {figures.sql_ms:7.1f} ms  {figures.kib:7.0f} KiB"
            + (f"  floor {figures.floor_ms:6.1f} ms" if figures.floor_ms is not None else "")
            + (f"  {figures.buffers:6d} buffers" if figures.plans else "")
        )
        print(f"  {agency.code:<12} {name:<28} {line}", flush=True)
    return results


LEAST_PAGE = "least page (API tokens)"
LEAST_API = "least API answer (/me/)"


def least_ms(results: dict[str, Figures], name: str) -> float | None:
    """The median of the portal's least page (or, for an API page, its least API answer)
    in the same run: what the page costs at best before its own work."""
    least = results.get(LEAST_API if name.startswith("API") else LEAST_PAGE)
    return least.median_ms if least is not None and not least.error else None


def print_table(agencies: list[Agency], results: dict[str, dict[str, Figures]]) -> None:
    print(
        "\nsummary (medians; floor = one hand-written SQL query for the same result;"
        " vs least = the page against its floor plus the portal's least page or API"
        " answer of the same run)"
    )
    head = f"{'page':<28}"
    for a in agencies:
        head += (
            f" | {a.code + ' median/p95 ms':>24} {'q.':>3} {'SQL ms':>7} {'floor':>6} {'ratio':>6}"
            f" {'vs least':>8}"
        )
    if len(agencies) == 2:
        head += " | growth"
    print(head)
    print("-" * len(head))
    names = list(results[agencies[0].code])
    for name in names:
        line = f"{name:<28}"
        for a in agencies:
            f = results[a.code].get(name)
            if f is None or f.error:
                line += f" | {'error':>24} {'':>3} {'':>7} {'':>6} {'':>6} {'':>8}"
                continue
            floor = f"{f.floor_ms:6.1f}" if f.floor_ms is not None else f"{'–':>6}"
            ratio = f"{f.median_ms / f.floor_ms:5.1f}x" if f.floor_ms else f"{'–':>6}"
            least = least_ms(results[a.code], name)
            versus = (
                f"{f.median_ms / (f.floor_ms + least):7.1f}x"
                if f.floor_ms is not None and least
                else f"{'–':>8}"
            )
            line += (
                f" | {f'{f.median_ms:.1f} / {f.p95_ms:.1f}':>24} {f.queries:>3}"
                f" {f.sql_ms:>7.1f} {floor} {ratio} {versus}"
            )
        if len(agencies) == 2:
            big, small = (results[a.code].get(name) for a in agencies)
            if big and small and not big.error and not small.error and small.median_ms:
                factor = big.median_ms / small.median_ms
                scale = agencies[0].scale / agencies[1].scale
                line += f" | {factor:5.1f}x" + (" (>linear)" if factor > scale else "")
        print(line)
    print("-" * len(head))
    print(
        "goals (issue 12): p95 < 300 ms at full size, ≤ 3x the floor (below ~5 ms of SQL"
        " only the 'vs least' column can meet it), growth ≤ linear"
    )


# --- the 1/10 slice: many agencies in one database ----------------------------------------

# One agency of the slice: root → 2 Eselon I → 6 Kanwil → 31 UPT (40 units), 75 people, 31
# cycles, 3 assessments; its share of 500 000 items per 60 agencies (slice_shape()).
SLICE = {"eselon1": 2, "kanwil": 6, "units": 40, "items": 8_333, "assessments": 3}
SLICE_AGENCIES = 60
SLICE_ITEMS = 500_000
SLICE_THRESHOLD = 1.3  # shared / alone above this: the page depends on the other agencies


def slice_code(number: int) -> str:
    return f"SLICE-{number:03d}"


def slice_shape(number: int) -> dict[str, int]:
    """Agency ``number`` (from 1) of the slice: 8 333 or 8 334 items, so that 60 agencies
    hold 500 000 and agency 1 is the same whatever ``--agencies`` says."""
    rate = SLICE_ITEMS / SLICE_AGENCIES
    return dict(SLICE, items=round(rate * number) - round(rate * (number - 1)))


def vacuum_analyze() -> None:
    """Planner statistics and the visibility map as autovacuum keeps them on a live
    database; done by hand so that neither state waits on (or races) autovacuum."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def database_holds() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM tenants_tenant),"
            " (SELECT count(*) FROM units_unit),"
            " (SELECT count(*) FROM evidence_evidenceitem),"
            " (SELECT count(*) FROM evidence_evidencerevision),"
            " pg_size_pretty(pg_database_size(current_database()))"
        )
        tenants, units, items, revisions, size = cursor.fetchone()
    return (
        f"{tenants} agencies, {units} units, {items} items, {revisions} revisions, {size} on disk"
    )


def interleave() -> None:
    """Lay the evidence rows of all agencies out in the heap as months of concurrent use
    would (by ``created_at``, agencies mixed) instead of one agency after the other as
    the build wrote them: CLUSTER on a throwaway index, so the planner's correlation
    statistics and the pages a query touches are those of a live database."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("evidence_evidenceitem", "evidence_evidencerevision"):
            cursor.execute(f"CREATE INDEX bench_interleave ON {table} (created_at)")
            cursor.execute(f"CLUSTER {table} USING bench_interleave")
            cursor.execute("DROP INDEX bench_interleave")


def interleaved() -> bool:
    """Whether the evidence rows are laid out agencies mixed (``interleave()``), from the
    planner's statistics: one agency after the other, tenant_id follows the heap order."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT correlation FROM pg_stats WHERE tablename = 'evidence_evidenceitem'"
            " AND attname = 'tenant_id'"
        )
        row = cursor.fetchone()
    return row is not None and row[0] is not None and abs(row[0]) < 0.5


def state_header(title: str, runs: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit'), current_setting('shared_buffers')")
        jit, shared_buffers = cursor.fetchone()
    load_avg = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"\n[{title}] {time.strftime('%Y-%m-%d %H:%M:%S %Z')}; database: {database_holds()}"
        f"\n{os.cpu_count()} CPUs, load average {load_avg}; jit={jit}, shared_buffers="
        f"{shared_buffers}; {runs} runs after a warm-up, then EXPLAIN (ANALYZE, BUFFERS)",
        flush=True,
    )


SLICE_STATES = {
    "a": "agency 1 alone",
    "b": "among the others, agency by agency in the heap",
    "c": "among the others, rows interleaved",
}


def run_slice(args, template, year: int) -> int:
    """Agency 1 alone (a); with ``--agencies`` - 1 others in the same database, their rows
    one agency after the other as the build wrote them (b); the same rows interleaved in
    the heap as a live database has them (c, unless ``--no-interleave``). The same pages
    for agency 1 in each state, side by side."""
    from django_scopes import scopes_disabled

    from apps.tenants.models import Tenant

    codes = [slice_code(number) for number in range(1, args.agencies + 1)]
    with scopes_disabled():
        others = set(Tenant.objects.values_list("code", flat=True)) - {codes[0]}
    first = build_or_load(
        1.0, template, year, args.seed, code=codes[0], shape=slice_shape(1), analyse=False
    )
    print(
        f"agency {first.code}: {'built' if first.created else 'reused'} in {first.seconds:.0f} s,"
        f" {first.items} items, {len(first.users)} people"
    )
    results: dict[str, dict[str, Figures]] = {}

    def measure_state(state: str) -> None:
        state_header(f"{state}: {SLICE_STATES[state]}", args.runs)
        results[state] = measure_agency(first, year, args.runs, args.only, with_plans=True)

    if others:
        print(
            f"(a) skipped: the database already holds {len(others)} other agencies"
            " (--fresh measures agency 1 alone first)"
        )
    elif not args.build_only:
        vacuum_analyze()
        measure_state("a")

    started = time.perf_counter()
    built = 0
    for number, code in enumerate(codes[1:], start=2):
        agency = build_or_load(
            1.0,
            template,
            year,
            args.seed + number - 1,
            code=code,
            shape=slice_shape(number),
            verbose=False,
            analyse=False,
        )
        if agency.created:
            built += 1
            if built % 10 == 0:
                print(
                    f"  {built} agencies built, {time.perf_counter() - started:.0f} s", flush=True
                )
    vacuum_analyze()
    print(
        f"{built} agencies built in {time.perf_counter() - started:.0f} s (VACUUM ANALYZE"
        f" included); the database holds {database_holds()}"
    )
    if args.build_only:
        return 0
    if interleaved():
        print("(b) skipped: the rows are already interleaved (--fresh measures (b) again)")
    else:
        measure_state("b")
        if args.no_interleave:
            print_slice_table(results, args.agencies, args.threshold)
            return 0
        started = time.perf_counter()
        interleave()
        vacuum_analyze()
        print(
            f"\nrows interleaved in {time.perf_counter() - started:.0f} s (CLUSTER, VACUUM ANALYZE)"
        )
    measure_state("c")
    print_slice_table(results, args.agencies, args.threshold)
    return 0


def _exec_ms(figures: Figures) -> float:
    return sum(p.exec_ms for p in figures.plans)


def print_slice_table(
    results: dict[str, dict[str, Figures]],
    agencies: int,
    threshold: float = SLICE_THRESHOLD,
) -> None:
    """Agency 1's pages alone (a) and among ``agencies`` (b, c): the page's median time,
    the execution time and the buffers of its read queries under EXPLAIN, each with its
    ratio to (a); for a page whose buffers or execution time grew above ``threshold``,
    the queries that grew most, with their plans."""
    alone = results.get("a")
    shared = [s for s in ("b", "c") if s in results]
    if alone is None or not shared:
        return
    print(
        f"\nsummary: agency 1 (40 units, {slice_shape(1)['items']} items) alone (a) and among"
        f" {agencies} agencies ({', '.join(f'{s}: {SLICE_STATES[s]}' for s in shared)})"
    )
    print(
        "ms = median page time; SQL = execution time of its read queries under EXPLAIN"
        " ANALYZE; buf = shared buffers they touched (8 KiB pages, cached or not)"
    )
    head = f"{'page':<28} | {'q.':>3} | {'a: ms':>6} {'SQL':>5} {'buf':>5}"
    for s in shared:
        head += f" | {s + ': ms':>6} {'x':>5} {'SQL':>5} {'x':>5} {'buf':>6} {'x':>6}"
    head += " | note"
    print(head)
    print("-" * len(head))
    flagged: dict[str, list[str]] = {}
    for name, a in alone.items():
        line = f"{name:<28} | {a.queries:>3} | "
        if a.error:
            print(line + f"error: {a.error}")
            continue
        line += f"{a.median_ms:6.1f} {_exec_ms(a):5.1f} {a.buffers or 0:5d}"
        notes = []
        for s in shared:
            b = results[s].get(name)
            if b is None or b.error:
                line += f" | error: {b.error if b else 'not measured'}"
                continue
            ratio = b.median_ms / a.median_ms if a.median_ms else 0.0
            sql_ratio = _exec_ms(b) / _exec_ms(a) if _exec_ms(a) else 0.0
            buf_ratio = (b.buffers or 0) / a.buffers if a.buffers else 0.0
            line += (
                f" | {b.median_ms:6.1f} {ratio:4.1f}x {_exec_ms(b):5.1f} {sql_ratio:4.1f}x"
                f" {b.buffers or 0:6d} {buf_ratio:5.1f}x"
            )
            # Small absolute growth (a few pages, a fraction of a millisecond) is left out:
            # an index one level deeper, a tiny shared table scanned whole.
            grew = []
            if ratio > threshold:
                grew.append("time")
            if sql_ratio > threshold and _exec_ms(b) - _exec_ms(a) >= 1.0:
                grew.append("SQL")
            if buf_ratio > threshold and (b.buffers or 0) - (a.buffers or 0) >= 100:
                grew.append("buffers")
            if a.queries != b.queries:
                grew.append(f"{b.queries} queries")
            if grew:
                notes.append(f"{s}: {'+'.join(grew)}")
            if "SQL" in grew or "buffers" in grew:
                flagged.setdefault(name, []).append(s)
        print(line + " | " + ", ".join(notes))
    print("-" * len(head))
    print(
        "goal (issue 12): x ≈ 1.0 for every page – one agency's page must not depend on how"
        f" many other agencies share the database; noted above {threshold}x (time alone"
        " follows the machine's load: SQL and buffers decide)"
    )
    if not flagged:
        print(f"no page's SQL or buffers grew above {threshold}x")
        return
    print(f"\npages whose SQL or buffers grew above {threshold}x: {', '.join(flagged)}")
    for name, states in flagged.items():
        for s in states:
            a_plans, b_plans = alone[name].plans, results[s][name].plans
            if len(a_plans) != len(b_plans):
                print(
                    f"\n{name} ({s}): {len(a_plans)} read queries in (a), {len(b_plans)} in ({s})"
                )
                continue
            pairs = list(zip(a_plans, b_plans, strict=True))
            by_time = max(pairs, key=lambda ab: ab[1].exec_ms - ab[0].exec_ms)
            by_buffers = max(pairs, key=lambda ab: ab[1].buffers - ab[0].buffers)
            for what, (pa, pb) in (("execution time", by_time), ("buffers", by_buffers)):
                if what == "buffers" and by_buffers is by_time:
                    continue
                print(
                    f"\n{name} ({s}): the query whose {what} grew most: execution"
                    f" {pa.exec_ms:.1f} → {pb.exec_ms:.1f} ms, buffers {pa.buffers} →"
                    f" {pb.buffers}\n  {sql_shape(pb.sql, 800)}"
                )
                if s != shared[-1]:
                    continue  # the plans of the last state only: the output stays readable
                for label, plan in (("a", pa), (s, pb)):
                    print(f"  plan ({label}):")
                    for line in plan.text.splitlines()[:40]:
                        print(f"    {line}")


# --- main ----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", default="1,0.1", help="comma-separated sizes, 1 = full agency")
    parser.add_argument("--runs", type=int, default=7, help="timed requests per page")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--database", help="zi_bench_scale by default, zi_bench_slice with --slice")
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the database")
    parser.add_argument("--only", help="measure only pages whose name contains this")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument(
        "--jit",
        choices=["server", "on", "off"],
        default="server",
        help="PostgreSQL's jit for this process's connections (issue 12, cause 1)",
    )
    parser.add_argument(
        "--slice",
        action="store_true",
        help="one agency alone, then among --agencies agencies of 40 units (8 333 items each)",
    )
    parser.add_argument("--agencies", type=int, default=SLICE_AGENCIES, help="with --slice")
    parser.add_argument(
        "--no-interleave",
        action="store_true",
        help="with --slice: stop after (b), leave the rows one agency after the other",
    )
    parser.add_argument(
        "--threshold",
        type=float,
        default=SLICE_THRESHOLD,
        help="with --slice: the ratio shared/alone above which a page is reported",
    )
    args = parser.parse_args()
    args.database = args.database or ("zi_bench_slice" if args.slice else "zi_bench_scale")
    if args.slice and args.agencies < 2:
        parser.error("--agencies must be at least 2")
    if args.jit != "server":  # libpq reads PGOPTIONS when it connects
        os.environ["PGOPTIONS"] = f"{os.environ.get('PGOPTIONS', '')} -c jit={args.jit}".strip()
    scales = sorted({float(s) for s in args.scale.split(",")}, reverse=True)

    env = bench_environment(args.database)
    try:
        created = ensure_database(args.database, fresh=args.fresh)
    except Exception as exc:
        print(f"cannot reach PostgreSQL to create {args.database}: {exc}")
        return 2
    started = time.perf_counter()
    setup_django(env)
    print(
        f"database {args.database}: {'created' if created else 'reused'}, migrated in {time.perf_counter() - started:.1f} s"
    )

    from django.db import connection
    from django.utils import timezone

    from bench.evidence_upload import load_template

    year = timezone.localdate().year
    template = load_template()
    if args.slice:
        try:
            return run_slice(args, template, year)
        except BenchError as exc:
            print(f"setup: {exc}")
            return 2
    agencies = []
    for scale in scales:
        try:
            agency = build_or_load(scale, template, year, args.seed)
        except BenchError as exc:
            print(f"setup: {exc}")
            return 2
        agencies.append(agency)
        print(
            f"agency {agency.code} (scale {scale:g}): {'built' if agency.created else 'reused'}, {agency.items} items, {len(agency.users)} people"
        )
    if args.build_only:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit'), version()")
        jit, version = cursor.fetchone()
    load_avg = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"\n{os.cpu_count()} CPUs, load average {load_avg}; jit={jit}; {version.split(' on ')[0]}"
    )
    print(f"[pages] in-process django.test.Client, {args.runs} runs after a warm-up")
    results = {a.code: measure_agency(a, year, args.runs, args.only) for a in agencies}
    print_table(agencies, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
