"""Benchmark: save one LKE answer and recompute the live panel, server-side.

    .venv/bin/python bench/assessment.py [--saves 300] [--evidence 300] [--database zi_bench_assessment]

Works in its own PostgreSQL database (created on first use, migrated every run; never
the development database). Builds an agency with a unit, a cycle on lke-2021, a TPU
assessment with every question answered and N verified evidence files, then posts
answers through Django's test client – the whole request (middleware, access checks,
the locked save with its audit record, the engine's score over all answers, the
rendered fragments) without network – and prints p50 and p95 in milliseconds.

Target (the issue): saving an answer and recomputing the live panel under 50 ms. Also
times the scoring page of the complete assessment with its queries. Not a test: it
only prints figures.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")


def ensure_database(name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup(database: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "zi_portal.settings.local",
            "DATABASE_URL": f"{PG_SERVER}/{database}",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "testserver,localhost",
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def build(evidence: int):
    """A fresh agency (unique code per run) with a complete TPU assessment."""
    import json

    from django_scopes import scope, scopes_disabled

    from apps.accounts.models import RoleAssignment, User
    from apps.accounts.roles import Role
    from apps.accounts.services import tenant_create
    from apps.assessment import services
    from apps.assessment.models import Answer
    from apps.cycles.models import Cycle
    from apps.evidence.models import EvidenceItem, EvidenceRevision
    from apps.files.models import StoredFile
    from apps.lke.engine.model import CHOICE, COMPUTED
    from apps.lke.models import Question, TemplateVersion
    from apps.lke.selectors import engine_template
    from apps.lke.services import template_load
    from apps.tenants.models import Membership
    from apps.units.models import Unit, UnitType

    stamp = str(int(time.time() * 1000))[-9:]
    with scopes_disabled():
        version = TemplateVersion.objects.filter(code="lke-2021").first()
        if version is None:
            doc = json.loads((ROOT / "fixtures" / "lke" / "lke-2021.json").read_text("utf-8"))
            version = template_load(document=copy.deepcopy(doc), source="bench").version
        tenant = tenant_create(
            actor=None, name=f"Bench {stamp}", code=f"B{stamp}", kind="kementerian"
        )
        root = Unit.objects.get(tenant=tenant, depth=1)

        def child(parent, code, type_code):
            unit_type = UnitType.objects.get(tenant=tenant, code=type_code)
            unit = Unit(tenant=tenant, code=code, name=f"Unit {code}", unit_type=unit_type)
            return Unit.objects.add_child(Unit.objects.get(pk=parent.pk), instance=unit)

        es1 = child(root, "ES1", "eselon-1")
        upt = child(es1, "UPT", "upt")

        def person(email, unit, role, area=""):
            user = User.objects.create_user(f"{stamp}-{email}", "bench-pass", full_name=email)
            Membership.objects.create(tenant=tenant, user=user)
            RoleAssignment.objects.create(tenant=tenant, user=user, unit=unit, role=role, area=area)
            return user

        admin = person("admin@bench", root, Role.ADMIN_INSTANSI)
        lead = person("tpu@bench", es1, Role.PENILAI_TPU, "MP")
        staff = person("pokja@bench", upt, Role.ANGGOTA_POKJA, "MP")
        cycle = Cycle.objects.create(
            tenant=tenant,
            unit=upt,
            year=2026,
            name="Bench",
            target="wbk",
            template=version,
            stage="penilaian_pendahuluan",
        )
        with scope(tenant=tenant.pk):
            tpu = services.assessment_open(actor=admin, cycle=cycle, level="tpu", lead=lead)
            template = engine_template(version)
            ids = dict(Question.objects.filter(version=version).values_list("code", "pk"))

            def best(q):
                if q.kind == CHOICE:
                    return max(q.options, key=lambda o: o.value).code
                if q.kind == COMPUTED:
                    return {c.name: 3 for c in q.count_inputs}
                return str(q.answer_type.maximum)

            Answer.objects.bulk_create(
                Answer(
                    tenant=tenant,
                    assessment=tpu,
                    question_id=ids[code],
                    value=services.validate_value(template, code, best(q)),
                    updated_by=lead,
                )
                for code, q in template.questions.items()
            )
            questions = list(ids.values())
            files = StoredFile.objects.bulk_create(
                StoredFile(
                    tenant=tenant,
                    unit=upt,
                    size=1000,
                    content_type="application/pdf",
                    kind="document",
                    extension="pdf",
                    original_name=f"bukti-{i}.pdf",
                    sha256=hashlib.sha256(f"{stamp}-{i}".encode()).hexdigest(),
                    file=f"files/bench/{stamp}-{i}.pdf",
                    uploaded_by=staff,
                )
                for i in range(evidence)
            )
            items = EvidenceItem.objects.bulk_create(
                EvidenceItem(
                    tenant=tenant,
                    cycle=cycle,
                    unit=upt,
                    question_id=questions[i % len(questions)],
                    area_code="MP",
                    title=f"Bukti {i}",
                    status="verified",
                    created_by=staff,
                )
                for i in range(evidence)
            )
            EvidenceRevision.objects.bulk_create(
                EvidenceRevision(item=item, number=1, stored_file=f, created_by=staff)
                for item, f in zip(items, files, strict=True)
            )
    return tenant, tpu, lead


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--evidence", type=int, default=300)
    parser.add_argument("--database", default="zi_bench_assessment")
    args = parser.parse_args()

    ensure_database(args.database)
    setup(args.database)
    from django.db import connection
    from django.test import Client

    _tenant, tpu, lead = build(args.evidence)
    client = Client()
    client.force_login(lead)
    detail = f"/penilaian/{tpu.pk}/"
    client.get(detail)  # the engine template is built once per process

    page_ms = []
    for _ in range(10):
        started = time.perf_counter()
        response = client.get(detail)
        page_ms.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    # Counted with an execute wrapper: Django resets its query log when a request starts.
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)
    ):
        client.get(detail)

    # Alternate the answer of one question per area so every save changes something.
    from apps.lke.selectors import engine_template

    template = engine_template(tpu.template)
    codes = ["PPA1A", "PPB1A", "PPC1A", "PPD1A", "PPE1A", "PPF1A"]
    # The worst option, then the best again (what is stored now).
    values = {
        c: [template.questions[c].options[-1].code, template.questions[c].options[0].code]
        for c in codes
    }
    versions = dict.fromkeys(codes, 1)
    save_ms = []
    for i in range(args.saves):
        code = codes[i % len(codes)]
        choices = values[code]
        value = choices[(i // len(codes)) % 2]
        started = time.perf_counter()
        response = client.post(
            f"/penilaian/{tpu.pk}/jawab/{code}/",
            {"value": value, "version": str(versions[code])},
            HTTP_HX_REQUEST="true",
        )
        save_ms.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (response.status_code, response.content[:300])
        versions[code] += 1
    save_queries = []
    code = codes[0]
    with connection.execute_wrapper(
        lambda execute, sql, *a: save_queries.append(sql) or execute(sql, *a)
    ):
        client.post(
            f"/penilaian/{tpu.pk}/jawab/{code}/",
            {"value": values[code][0], "version": str(versions[code])},
        )
    versions[code] += 1
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for i in range(30):
            code = codes[i % len(codes)]
            client.post(
                f"/penilaian/{tpu.pk}/jawab/{code}/",
                {"value": values[code][(i // len(codes)) % 2], "version": str(versions[code])},
            )
            versions[code] += 1
        profiler.disable()
        pstats.Stats(profiler).sort_stats(
            os.environ.get("BENCH_PROFILE", "cumulative")
        ).print_stats(30)

    print(f"Assessment benchmark · lke-2021 · 113 answers · {args.evidence} evidence files")
    print(
        f"  save answer + live panel ({args.saves}x): p50 {statistics.median(save_ms):.1f} ms · "
        f"p95 {percentile(save_ms, 95):.1f} ms · max {max(save_ms):.1f} ms · "
        f"{len(save_queries)} queries  (target < 50 ms)"
    )
    print(
        f"  scoring page (10x): p50 {statistics.median(page_ms):.1f} ms · "
        f"p95 {percentile(page_ms, 95):.1f} ms · {len(queries)} queries (budget 15)"
    )


if __name__ == "__main__":
    main()
