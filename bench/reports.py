"""Benchmark: monthly monev reports (FRM-04) – one PDF, and a month for many units.

    .venv/bin/python bench/reports.py [--units 200] [--runs 10] [--workers 2]
        [--database zi_bench_reports] [--fresh]

Works in its own PostgreSQL database (``zi_bench_reports``, created on first use and
migrated every run; ``--fresh`` drops it first). Each run builds a new agency with
``--units`` UPTs (up to 1 000), each with a cycle at pembangunan, a ratified Rencana
Kerja of eight activities planned for January with ten Pokja tasks (done, in progress,
not started), the Ketua Tim, and an issued December report with two open
recommendations (so January's section B carries two rows). Then:

1. **One PDF**: January's report of one unit, its sections computed and frozen as a
   submission does, issued; ``render_pdf`` of it ``--runs`` times (after a warm-up):
   p50 and p95. Target: p50 < 1.5 s.
2. **Drafting**: the beat job's work for the agency (``reports_draft_due`` on the first
   working day of February): every unit's January draft, timed.
3. **Rendering the month**: every draft's sections computed and frozen and the report
   issued (what the team's submission and the head's approval do, timed apart), then
   ``--workers`` worker processes (spawned, as Celery's prefork children are separate
   interpreters) render and store every PDF through the worker's own path
   (``report_pdf_make``: claim, render, store with SHA-256, mark ready); wall time, rate,
   and each worker's peak RSS (VmHWM).

It prints the measured figures and the extrapolation to 1 000 units on 2 workers
(drafting as one task, rendering spread over the workers). Target: < 30 min. Not a
test: it only prints figures.
"""

from __future__ import annotations

import argparse
import datetime
import io
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import bench_environment, ensure_database, proc_status_kb, setup_django

YEAR = 2026
WIB = datetime.timezone(datetime.timedelta(hours=7))
AREAS = ["MP", "TL", "SDM", "SDM", "AK", "PW", "PP", "PP"]
# Statuses of the ten January tasks over the eight activities (two activities have two).
TASKS = [(0, "telah"), (0, "telah"), (1, "telah"), (2, "belum"), (3, "telah"), (3, "sedang"),
         (4, "telah"), (5, "telah"), (6, "sedang"), (7, "telah")]  # fmt: skip


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def build(units: int):
    """A new agency with ``units`` UPTs and everything January's report reads."""
    from django.utils import timezone

    from apps.accounts.models import RoleAssignment, User
    from apps.accounts.roles import Role
    from apps.accounts.services import tenant_create
    from apps.core.choices import RenderState
    from apps.cycles.models import Cycle
    from apps.demo.agency import lke_templates_ensure
    from apps.lke.models import TemplateVersion
    from apps.reports.models import Recommendation, Report
    from apps.tenants.models import Membership
    from apps.units.models import Unit, UnitType
    from apps.workplan.models import PlanItem, PlanRevision, Task

    lke_templates_ensure(stdout=sys.stdout)
    template = TemplateVersion.objects.get(code="lke-2021")
    code = f"RPT{int(time.time()) % 10**7}"
    tenant = tenant_create(
        actor=None, name=f"Kementerian Laporan {code}", code=code, kind="lembaga"
    )
    root = Unit.objects.get(tenant=tenant, depth=1)
    upt = UnitType.objects.get(tenant=tenant, code="upt")
    now = timezone.now()
    rows = [
        Unit(
            tenant=tenant,
            code=f"U{i:04d}",
            name=f"Balai Pelaksanaan {i:04d}",
            unit_type=upt,
            address=f"Jl. Contoh No. {i}, Kota {i % 34 + 1}",
            head_name=f"Kepala Balai {i:04d}",
            head_title="Kepala Balai",
            path=Unit._get_path(root.path, 2, i),
            depth=2,
            numchild=0,
        )
        for i in range(1, units + 1)
    ]
    Unit.objects.bulk_create(rows)
    Unit.objects.filter(pk=root.pk).update(numchild=units)
    upts = list(Unit.objects.filter(tenant=tenant, depth=2).order_by("path"))
    users = User.objects.bulk_create(
        [
            User(email=f"ketua.{i}@{code.lower()}.go.id", full_name=f"Ketua Tim {i:04d}")
            for i in range(1, units + 1)
        ]
    )
    Membership.objects.bulk_create([Membership(tenant=tenant, user=u) for u in users])
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(tenant=tenant, user=u, unit=unit, role=Role.KETUA_TIM)
            for u, unit in zip(users, upts, strict=True)
        ]
    )
    cycles = Cycle.objects.bulk_create(
        [
            Cycle(
                tenant=tenant,
                unit=unit,
                year=YEAR,
                name=f"Pembangunan ZI {YEAR}",
                target="wbk",
                template=template,
                stage="pembangunan",
            )
            for unit in upts
        ]
    )
    revisions = PlanRevision.objects.bulk_create(
        [
            PlanRevision(
                tenant=tenant, cycle=c, unit=c.unit, number=1, status="ratified", ratified_at=now
            )
            for c in cycles
        ]
    )
    items = PlanItem.objects.bulk_create(
        [
            PlanItem(
                tenant=tenant,
                revision=r,
                area=area,
                order=n,
                action=f"Kegiatan {area} {n + 1}: penyusunan dokumen dan pelaksanaan",
                description="Rincian rencana kerja bulan Januari",
                output="Laporan, notulen, daftar hadir dan dokumentasi",
                pic=f"Ketua Pokja {area}",
                months=[1, 4, 7, 10],
            )
            for r in revisions
            for n, area in enumerate(AREAS)
        ]
    )
    Task.objects.bulk_create(
        [
            Task(
                tenant=tenant,
                cycle=c,
                unit=c.unit,
                item=items[k * len(AREAS) + index],
                area=AREAS[index],
                title=f"Tugas {t + 1}",
                due_on=datetime.date(YEAR, 1, 10 + t),
                status=status,
                done_at=now if status == "telah" else None,
            )
            for k, c in enumerate(cycles)
            for t, (index, status) in enumerate(TASKS)
        ]
    )
    december = Report.objects.bulk_create(
        [
            Report(
                tenant=tenant,
                unit=c.unit,
                cycle=c,
                kind="monev",
                period_start=datetime.date(YEAR - 1, 12, 1),
                period_end=datetime.date(YEAR - 1, 12, 31),
                status="issued",
                issued_at=now,
                pdf_state=RenderState.READY,
            )
            for c in cycles
        ]
    )
    Recommendation.objects.bulk_create(
        [
            Recommendation(
                tenant=tenant,
                unit=r.unit,
                cycle=r.cycle,
                report=r,
                area=area,
                order=n,
                text=text,
                pic=u,
                target_on=datetime.date(YEAR, 3, 31),
                status=status,
                follow_up=follow_up,
            )
            for r, u in zip(december, users, strict=True)
            for n, (area, text, status, follow_up) in enumerate(
                [
                    (
                        "SDM",
                        "Susun analisis beban kerja dan peta jabatan",
                        "in_progress",
                        "Draf ABK",
                    ),
                    (
                        "PW",
                        "Sosialisasi pengendalian gratifikasi",
                        "done",
                        "Sosialisasi 12 Januari",
                    ),
                ]
            )
        ]
    )
    return tenant, upts, users


def issue(report, head_name: str) -> None:
    """What the submission (frozen sections) and the approval (signature, PDF due) write."""
    from django.utils import timezone

    from apps.reports import sections
    from apps.reports.models import Report

    frozen = sections.build(report)
    Report.objects.filter(pk=report.pk).update(
        sections=frozen,
        status="issued",
        issued_at=timezone.now(),
        submitted_at=timezone.now(),
        signer_name=head_name,
        signer_nip="197805102003121001",
        signer_title="Kepala Balai",
        meeting_on=datetime.date(YEAR, 2, 3),
        meeting_place="Ruang Rapat Balai",
        meeting_chair=head_name,
        attendees="Kepala Balai\nKetua Tim\nKetua Pokja MP",
        head_attended=True,
        obstacles="Beberapa anggota Pokja belum optimal karena beban kerja.",
        pdf_state="pending",
    )


def worker(database: str, tenant_id: int, report_ids: list[int], queue) -> None:
    """One worker process: render and keep each report's PDF, as the task does."""
    setup_django(bench_environment(database), migrate=False)
    from django_scopes import scope

    from apps.reports.services import report_pdf_make

    times = []
    start = time.perf_counter()
    with scope(tenant=tenant_id):
        for pk in report_ids:
            t = time.perf_counter()
            stored = report_pdf_make(report_id=pk)
            times.append(time.perf_counter() - t)
            if stored is None:
                raise RuntimeError(f"report {pk}: no PDF made")
    wall = time.perf_counter() - start
    queue.put({"times": times, "wall": wall, "hwm_kb": proc_status_kb_self()})


def proc_status_kb_self() -> int:
    import os

    return proc_status_kb(os.getpid())["VmHWM"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", default="zi_bench_reports")
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()
    if not 1 <= args.units <= 1000:
        parser.error("--units: 1 to 1000")
    ensure_database(args.database, fresh=args.fresh)
    setup_django(bench_environment(args.database))
    from django_scopes import scope, scopes_disabled
    from pypdf import PdfReader

    from apps.core.pdf import render_pdf
    from apps.reports import sections
    from apps.reports.document import document
    from apps.reports.models import Report
    from apps.reports.services import reports_draft_due

    t = time.perf_counter()
    with scopes_disabled():
        tenant, upts, _users = build(args.units)
    print(f"built {args.units} units with plans, tasks and December reports in "
          f"{time.perf_counter() - t:.1f} s")  # fmt: skip

    with scope(tenant=tenant.pk):
        # 2. Drafting: the beat job on the first working day of February (WIB).
        t = time.perf_counter()
        made = reports_draft_due(tenant=tenant, now=datetime.datetime(YEAR, 2, 2, 8, tzinfo=WIB))
        drafting = time.perf_counter() - t
        assert len(made) == args.units, len(made)

        # Sections computed and frozen (submission), issued (approval).
        reports = list(Report.objects.filter(tenant=tenant, period_start__month=1, period_start__year=YEAR).select_related("unit", "cycle", "tenant"))  # fmt: skip
        heads = {u.pk: u.head_name for u in upts}
        section_times = []
        for report in reports:
            t0 = time.perf_counter()
            issue(report, heads[report.unit_id])
            section_times.append(time.perf_counter() - t0)

        # 1. One PDF, rendered again and again (the template and fonts warm after one).
        one = Report.objects.select_related("unit", "tenant").get(pk=reports[0].pk)
        assert one.sections["c"]["total"] == 8 and one.sections["b"]["total"] == 2
        context = document(one, one.sections)
        render_pdf("reports/monev_pdf.html", context)
        pdf_times = []
        data = b""
        for _ in range(args.runs):
            t0 = time.perf_counter()
            data = render_pdf("reports/monev_pdf.html", document(one, one.sections))
            pdf_times.append(time.perf_counter() - t0)
        pages = len(PdfReader(io.BytesIO(data)).pages)
        live = []
        for report in reports[:20]:
            t0 = time.perf_counter()
            sections.build(report)
            live.append(time.perf_counter() - t0)

    # 3. Rendering the month on N worker processes.
    ids = [r.pk for r in reports]
    shares = [ids[i :: args.workers] for i in range(args.workers)]
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    processes = [
        context.Process(target=worker, args=(args.database, tenant.pk, share, queue))
        for share in shares
    ]
    t = time.perf_counter()
    for process in processes:
        process.start()
    results = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    rendering = time.perf_counter() - t
    with scope(tenant=tenant.pk):
        ready = Report.objects.filter(pk__in=ids, pdf_state="ready", pdf_file__isnull=False).count()
    assert ready == len(ids), (ready, len(ids))

    per_pdf = [x for r in results for x in r["times"]]
    rate = len(ids) / rendering
    draft_rate = args.units / drafting
    extra_1000 = 1000 / draft_rate + 1000 / rate
    print()
    print(f"Monev reports (FRM-04), {args.units} units, {args.workers} worker processes")
    print(f"  one PDF: p50 {statistics.median(pdf_times):.3f} s, p95 {p(pdf_times, 95):.3f} s "
          f"({args.runs} runs, {len(data) / 1024:.0f} KiB, {pages} pages)   target p50 < 1.5 s")  # fmt: skip
    print(f"  sections B+C+E computed (a draft page / submission): p50 "
          f"{statistics.median(live) * 1000:.0f} ms; computed, frozen and issued: p50 "
          f"{statistics.median(section_times) * 1000:.0f} ms")  # fmt: skip
    print(f"  drafting (beat job, one task): {args.units} reports in {drafting:.2f} s "
          f"= {draft_rate:.0f} reports/s")  # fmt: skip
    print(f"  rendering + storing {len(ids)} PDFs on {args.workers} workers: {rendering:.1f} s "
          f"wall = {rate:.2f} PDFs/s (per PDF in a worker: p50 {statistics.median(per_pdf):.2f} s, "
          f"p95 {p(per_pdf, 95):.2f} s)")  # fmt: skip
    for i, r in enumerate(results, start=1):
        print(f"    worker {i}: {len(r['times'])} PDFs in {r['wall']:.1f} s, "
              f"peak RSS (VmHWM) {r['hwm_kb'] / 1024:.0f} MB")  # fmt: skip
    print(f"  extrapolated to 1 000 units on {args.workers} workers: drafting "
          f"{1000 / draft_rate:.0f} s + rendering {1000 / rate / 60:.1f} min = "
          f"{extra_1000 / 60:.1f} min   target < 30 min")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
