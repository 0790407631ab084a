"""Benchmark: evidence upload memory and throughput, and the verifier queue and
completeness pages over many items.

    .venv/bin/python bench/evidence_upload.py [--size-mb 300] [--units 200] [--items 40000]
        [--runs 5] [--fresh] [--database zi_bench] [--skip-upload] [--skip-pages]

Works in its own database (``zi_bench``: created when missing, dropped and made again
with ``--fresh``), DEBUG off, MEDIA_ROOT in a temporary directory. The data is made once
and reused: one agency per size (``BENCH-200U-40000`` and, ten times smaller,
``BENCH-200U-4000``) with root → 4 Eselon I → 16 Kanwil → UPTs, a Verifikator in every
Kanwil, a Penilai TPI and an Admin Instansi at the root, an Anggota Pokja (area MP) in
the first UPT, one ``pembangunan`` cycle per UPT this year on lke-2021, and the items in
a realistic mix of states, each with one current revision holding a link.

1. Upload: a real gunicorn (one sync worker) receives an MP4 of ``--size-mb`` MiB posted
   as multipart to ``evidence:upload`` by the Pokja member, streamed on both sides.
   Targets: at most 2x the time of a plain disk copy of the file; the worker's peak
   RSS (VmHWM) grows by less than 64 MB.
2. Pages: ``evidence:queue`` (a Kanwil verifier, and the TPI) and
   ``evidence:completeness`` (the agency admin) in-process with django.test.Client:
   median of ``--runs`` after a warm-up, and the number of SQL queries, for both
   agencies: the counts must not depend on the number of items.

Not a test: it only prints figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._support import (  # noqa: E402
    CHUNK,
    BenchError,
    HttpClient,
    MultipartFile,
    PageFigures,
    analyze,
    bench_environment,
    ensure_database,
    gunicorn,
    page_figures,
    proc_status_kb,
    setup_django,
    sql_shape,
)

MiB = 1024 * 1024
PASSWORD = "Bench-Sandi-2026!"
# A valid ISO-BMFF ``ftyp`` box: apps.files.checks recognises the file as MP4 from it.
FTYP = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
QUESTION = "PPA1A"  # area MP, where the Pokja member works
WSGI_APP = "zi_portal.wsgi:application"
N_ESELON1 = 4
KANWIL_PER_ESELON1 = 4
# (status, share of the items); in_verification items wait at level 0/1/2 in LEVEL_MIX.
STATUS_MIX = [
    ("verified", 0.40),
    ("in_verification", 0.30),
    ("draft", 0.15),
    ("returned", 0.10),
    ("withdrawn", 0.05),
]
LEVEL_MIX = [0.5, 0.3, 0.2]
UPLOAD_RATIO_TARGET = 2.0
RSS_TARGET_MB = 64


# --- data ---------------------------------------------------------------------------------


@dataclass
class BenchTenant:
    code: str
    items: int
    admin: object
    kanwil_verifier: object
    tpi: object
    member: object
    member_cycle: object
    setup_seconds: float = 0.0
    created: bool = False
    status_counts: dict[str, int] = field(default_factory=dict)


def tenant_code(units: int, items: int) -> str:
    return f"BENCH-{units}U-{items}"


def _domain(code: str) -> str:
    return f"{code.lower()}.bench.local"


def _email(code: str, who: str) -> str:
    return f"{who}@{_domain(code)}"


def load_template():
    from django.db import transaction

    from apps.lke.services import template_load

    path = ROOT / "fixtures" / "lke" / "lke-2021.json"
    with transaction.atomic():
        document = json.loads(path.read_text(encoding="utf-8"))
        return template_load(document=document, source="bench").version


def bench_tenant(*, units: int, items: int, template, year: int, password_hash: str, seed: int):
    """The agency of this size, made now (in one transaction) if it is missing."""
    from django.db import transaction
    from django_scopes import scope, scopes_disabled

    from apps.tenants.models import Tenant

    code = tenant_code(units, items)
    started = time.perf_counter()
    with scopes_disabled():
        tenant = Tenant.objects.filter(code=code).first()
    created = tenant is None
    if created:
        with transaction.atomic():
            tenant = _make_tenant(code, units, items, template, year, password_hash, seed)
        analyze()
    with scope(tenant=tenant.pk):
        result = _load_tenant(code, items, year)
    result.created = created
    result.setup_seconds = time.perf_counter() - started
    return result


def _person(tenant, code: str, who: str, name: str, password_hash: str, unit, role, area=""):
    from apps.accounts.models import RoleAssignment, User
    from apps.tenants.models import Membership

    user = User.objects.create(email=_email(code, who), full_name=name, password=password_hash)
    Membership.objects.create(tenant=tenant, user=user)
    RoleAssignment.objects.create(tenant=tenant, user=user, unit=unit, role=role, area=area)
    return user


def _make_tenant(code, n_units, n_items, template, year, password_hash, seed):
    from django_scopes import scope

    from apps.accounts.roles import Role
    from apps.accounts.services import tenant_create
    from apps.cycles.models import Cycle
    from apps.evidence.chain import chain_for
    from apps.lke.models import EvidenceRequirement, Question
    from apps.units.models import Unit, UnitType

    n_kanwil = N_ESELON1 * KANWIL_PER_ESELON1
    n_upt = n_units - 1 - N_ESELON1 - n_kanwil
    if n_upt < 1:
        raise BenchError(f"--units must be at least {2 + N_ESELON1 + n_kanwil}")
    tenant = tenant_create(
        actor=None, name=f"Kementerian Benchmark {code}", code=code, kind="kementerian"
    )
    with scope(tenant=tenant.pk):
        types = {t.code: t for t in UnitType.objects.all()}
        root = Unit.objects.get(depth=1)

        def add(parent, unit_code, name, type_code):
            unit = Unit(tenant=tenant, code=unit_code, name=name, unit_type=types[type_code])
            return Unit.objects.add_child(parent, instance=unit)

        eselon1 = [add(root, f"E{i}", f"Eselon I {i}", "eselon-1") for i in range(1, 5)]
        kanwils = [
            add(
                eselon1[i // KANWIL_PER_ESELON1],
                f"K{i + 1:02d}",
                f"Kanwil {i + 1:02d}",
                "unit-kerja",
            )
            for i in range(n_kanwil)
        ]
        upts = [
            add(kanwils[i % n_kanwil], f"U{i + 1:03d}", f"UPT {i + 1:03d}", "upt")
            for i in range(n_upt)
        ]

        def person(who, name, unit, role, area=""):
            return _person(tenant, code, who, name, password_hash, unit, role, area)

        admin = person("admin", "Admin Instansi Benchmark", root, Role.ADMIN_INSTANSI)
        person("tpi", "Penilai TPI Benchmark", root, Role.PENILAI_TPI)
        for i, kanwil in enumerate(kanwils, start=1):
            person(f"verifikator.k{i:02d}", f"Verifikator Kanwil {i:02d}", kanwil, Role.VERIFIKATOR)
        member = person("pokja", "Anggota Pokja MP Benchmark", upts[0], Role.ANGGOTA_POKJA, "MP")

        cycles = Cycle.objects.bulk_create(
            Cycle(
                tenant=tenant,
                unit=upt,
                year=year,
                name=f"Pembangunan ZI {year} {upt.code}",
                target="wbk",
                template=template,
                stage="pembangunan",
                created_by=admin,
            )
            for upt in upts
        )
        chains = {upt.pk: [step.as_json() for step in chain_for(upt)] for upt in upts}
        questions = list(
            Question.objects.filter(version=template).select_related("indicator__aspect__area")
        )
        requirements: dict[int, list[int]] = {}
        for question_id, requirement_id in EvidenceRequirement.objects.filter(
            question__version=template
        ).values_list("question_id", "pk"):
            requirements.setdefault(question_id, []).append(requirement_id)
        _make_items(tenant, cycles, chains, questions, requirements, n_items, member, seed)
    return tenant


def _make_items(tenant, cycles, chains, questions, requirements, n_items, actor, seed):
    """Items as the services would leave them: the chain fixed at submission and the
    current level denormalised (current_role/anchor/reach); one current link revision."""
    from django.utils import timezone

    from apps.evidence.models import EvidenceItem, EvidenceRevision

    rng = random.Random(seed)
    now = timezone.now()
    statuses = [status for status, _share in STATUS_MIX]
    weights = [share for _status, share in STATUS_MIX]
    items = []
    for i in range(n_items):
        cycle = cycles[i % len(cycles)]
        question = rng.choice(questions)
        options = requirements.get(question.pk)
        status = rng.choices(statuses, weights)[0]
        submitted = now - timedelta(days=rng.uniform(1, 120))
        chain = chains[cycle.unit_id]
        item = EvidenceItem(
            tenant=tenant,
            cycle=cycle,
            unit_id=cycle.unit_id,
            question=question,
            requirement_id=rng.choice(options) if options and rng.random() < 0.9 else None,
            area_code=question.indicator.aspect.area.code,
            title=f"Bukti {question.code} nomor {i + 1}",
            status=status,
            created_by=actor,
        )
        if status == "in_verification":
            level = min(rng.choices(range(len(LEVEL_MIX)), LEVEL_MIX)[0], len(chain) - 1)
            step = chain[level]
            item.chain, item.level, item.submitted_at = chain, level, submitted
            item.current_role = step["role"]
            item.current_anchor_id = step["anchor_unit"]
            item.current_reach = step["reach"]
        elif status == "verified":
            item.chain, item.level, item.submitted_at = chain, len(chain), submitted
            item.verified_at = submitted + timedelta(days=rng.uniform(0.5, 20))
        elif status in ("returned", "withdrawn"):  # after submission, no current level
            item.chain, item.level, item.submitted_at = chain, 0, submitted
        items.append(item)  # a draft: not submitted, no chain yet
    items = EvidenceItem.objects.bulk_create(items, batch_size=2000)
    EvidenceRevision.objects.bulk_create(
        (
            EvidenceRevision(
                item=item,
                number=1,
                url=f"https://{_domain(tenant.code)}/bukti/{item.pk}",
                is_current=True,
                created_by=actor,
            )
            for item in items
        ),
        batch_size=5000,
    )


def _load_tenant(code: str, items: int, year: int) -> BenchTenant:
    from django.db.models import Count

    from apps.accounts.models import RoleAssignment, User
    from apps.cycles.models import Cycle
    from apps.evidence.models import EvidenceItem

    users = {u.email: u for u in User.objects.filter(email__endswith="@" + _domain(code))}
    try:
        member = users[_email(code, "pokja")]
        unit = RoleAssignment.objects.get(user=member, role="anggota_pokja").unit
        result = BenchTenant(
            code=code,
            items=items,
            admin=users[_email(code, "admin")],
            kanwil_verifier=users[_email(code, "verifikator.k01")],
            tpi=users[_email(code, "tpi")],
            member=member,
            member_cycle=Cycle.objects.get(unit=unit, year=year, target="wbk"),
        )
    except (KeyError, RoleAssignment.DoesNotExist, Cycle.DoesNotExist) as exc:
        raise BenchError(
            f"agency {code} exists but is incomplete or from another year ({exc!r}); "
            "run with --fresh"
        ) from None
    counts = EvidenceItem.objects.filter(cycle__year=year).values("status").annotate(n=Count("id"))
    result.status_counts = {row["status"]: row["n"] for row in counts.order_by("status")}
    if sum(result.status_counts.values()) < items:
        raise BenchError(f"agency {code} holds fewer than {items} items this year; run --fresh")
    return result


# --- upload through the real server ---------------------------------------------------


def write_video(path: Path, size: int) -> str:
    """An MP4 of ``size`` bytes, written in chunks, its content new every run (the portal
    stores the same content only once per unit). Returns its SHA-256."""
    digest = hashlib.sha256()
    block = random.Random(os.getpid()).randbytes(CHUNK)
    with path.open("wb") as out:
        head = FTYP + os.urandom(32)
        out.write(head)
        digest.update(head)
        written = len(head)
        while written < size:
            chunk = block[: min(CHUNK, size - written)]
            out.write(chunk)
            digest.update(chunk)
            written += len(chunk)
    return digest.hexdigest()


def upload(client: HttpClient, url: str, path: Path) -> tuple[int, bytes, float, float]:
    """POST ``path`` as the browser uploader does: (status, answer, seconds until the
    last byte was sent, seconds until the answer was read)."""
    body = MultipartFile(path, "file", "video/mp4")
    headers = {
        "Content-Type": body.content_type,
        "Content-Length": str(len(body)),
        "X-Requested-With": "XMLHttpRequest",
        "X-CSRFToken": client.cookies.get("csrftoken", ""),
    }
    started = time.perf_counter()
    try:
        status, data = client.request("POST", url, body=body, headers=headers)
    except (BrokenPipeError, ConnectionResetError) as exc:
        raise BenchError(f"the server closed the connection during the upload: {exc!r}") from None
    finished = time.perf_counter()
    return status, data, (body.sent_at or finished) - started, finished - started


def upload_bench(bench: BenchTenant, env: dict[str, str], tmp: Path, size_mb: int) -> dict:
    from django.urls import reverse
    from django_scopes import scope

    from apps.evidence.models import EvidenceRevision

    size = size_mb * MiB
    video = tmp / "bench-video.mp4"
    started = time.perf_counter()
    sha256 = write_video(video, size)
    print(f"  wrote {video.name}: {size_mb} MB in {time.perf_counter() - started:.1f} s")

    copy = tmp / "copy.mp4"
    started = time.perf_counter()
    shutil.copyfile(video, copy)
    copy_seconds = time.perf_counter() - started
    copy.unlink()
    print(f"  disk copy (shutil.copyfile) {copy_seconds:.2f} s, {size_mb / copy_seconds:.0f} MB/s")

    warmup = tmp / "warm-up.mp4"
    warmup.write_bytes(FTYP + os.urandom(64 * 1024))
    url = reverse("evidence:upload", args=[bench.member_cycle.pk, QUESTION])
    with gunicorn(env, tmp / "gunicorn.log", app=WSGI_APP) as server:
        client = HttpClient(server.port)
        client.login(bench.member.email, PASSWORD)
        after_login = proc_status_kb(server.worker)
        # A small upload first, so that what it imports and caches is not counted.
        status, data, _sent, _total = upload(client, url, warmup)
        if status != 201:
            raise BenchError(f"the warm-up upload answered {status}: {data[:300]!r}")
        before = proc_status_kb(server.worker)
        status, data, sent, total = upload(client, url, video)
        if status != 201:
            raise BenchError(f"the upload answered {status}: {data[:300]!r}")
        if not server.worker_alive():
            raise BenchError("the gunicorn worker was replaced during the upload")
        after = proc_status_kb(server.worker)

    with scope(tenant=bench.member_cycle.tenant_id):
        stored = (
            EvidenceRevision.objects.select_related("stored_file")
            .get(item_id=json.loads(data)["item"], is_current=True)
            .stored_file
        )
    on_disk = Path(env["MEDIA_ROOT"]) / stored.file.name
    return {
        "size_mb": size_mb,
        "seconds": total,
        "sent_seconds": sent,
        "copy_seconds": copy_seconds,
        "ratio": total / copy_seconds,
        "hwm_login_mb": after_login["VmHWM"] / 1024,
        "hwm_before_mb": before["VmHWM"] / 1024,
        "hwm_after_mb": after["VmHWM"] / 1024,
        "rss_after_mb": after["VmRSS"] / 1024,
        "increase_mb": (after["VmHWM"] - before["VmHWM"]) / 1024,
        "stored_ok": stored.size == size
        and stored.sha256 == sha256
        and on_disk.exists()
        and on_disk.stat().st_size == size,
    }


def print_upload(u: dict) -> None:
    print(f"  upload            {u['seconds']:.2f} s ({u['size_mb'] / u['seconds']:.0f} MB/s)")
    print(
        f"  last byte sent    {u['sent_seconds']:.2f} s; answer "
        f"{u['seconds'] - u['sent_seconds']:.2f} s later"
    )
    print(f"  disk copy         {u['copy_seconds']:.2f} s")
    print(f"  ratio upload/copy {u['ratio']:.1f}x (target <= {UPLOAD_RATIO_TARGET:.0f}x)")
    print(
        f"  worker VmHWM      {u['hwm_login_mb']:.1f} MB after login, "
        f"{u['hwm_before_mb']:.1f} MB after a small warm-up upload, "
        f"{u['hwm_after_mb']:.1f} MB after the upload (VmRSS then {u['rss_after_mb']:.1f} MB)"
    )
    print(f"  peak RSS increase {u['increase_mb']:.1f} MB (target < {RSS_TARGET_MB} MB)")
    print(f"  stored file       {'complete, SHA-256 matches' if u['stored_ok'] else 'WRONG'}")


# --- pages in-process ---------------------------------------------------------------------


def pages_bench(bench: BenchTenant, year: int, runs: int) -> dict[str, PageFigures]:
    from django.urls import reverse

    queue = reverse("evidence:queue")
    completeness = reverse("evidence:completeness") + f"?tahun={year}"
    return {
        "queue (Kanwil verifier)": page_figures(bench.kanwil_verifier, queue, runs=runs),
        "queue (Penilai TPI)": page_figures(bench.tpi, queue, runs=runs),
        "completeness (admin)": page_figures(bench.admin, completeness, runs=runs),
    }


def print_pages(code: str, figures: dict[str, PageFigures]) -> None:
    for name, f in figures.items():
        print(
            f"  {code:<18} {name:<24} median {f.median_ms:7.1f} ms "
            f"(min {f.min_ms:.1f}, max {f.max_ms:.1f}), {f.queries} queries, "
            f"SQL {f.sql_ms:.1f} ms"
        )
        print(f"  {'':<43} slowest query {f.slowest_ms:.1f} ms: {sql_shape(f.slowest_sql)}")


# --- main -----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=int, default=300, help="upload size in MiB")
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--items", type=int, default=40_000)
    parser.add_argument("--runs", type=int, default=5, help="timed page loads (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default="zi_bench")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    parser.add_argument("--skip-upload", action="store_true")
    parser.add_argument("--skip-pages", action="store_true")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="zi-bench-upload-"))
    try:
        (tmp / "media").mkdir()
        (tmp / "uploads").mkdir()
        # Uploads arrive next to MEDIA_ROOT, so storing one is a rename (as in production).
        env = bench_environment(
            args.database, MEDIA_ROOT=str(tmp / "media"), FILE_UPLOAD_TEMP_DIR=str(tmp / "uploads")
        )
        try:
            created = ensure_database(args.database, fresh=args.fresh)
        except Exception as exc:
            print(f"cannot reach PostgreSQL to create {args.database}: {exc}")
            return 2
        started = time.perf_counter()
        setup_django(env)
        print(
            f"database {args.database}: {'created' if created else 'reused'}, "
            f"migrated in {time.perf_counter() - started:.1f} s"
        )
        return run(args, env, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(args, env: dict[str, str], tmp: Path) -> int:
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    year = timezone.localdate().year
    template = load_template()
    password_hash = make_password(PASSWORD)
    tenants = []
    for items in (args.items, max(args.items // 10, 1)):
        try:
            bench = bench_tenant(
                units=args.units,
                items=items,
                template=template,
                year=year,
                password_hash=password_hash,
                seed=args.seed,
            )
        except BenchError as exc:
            print(f"setup: {exc}")
            return 2
        tenants.append(bench)
        print(
            f"agency {bench.code}: {'made' if bench.created else 'reused'} in "
            f"{bench.setup_seconds:.1f} s; items this year {bench.status_counts}"
        )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"DEBUG={settings.DEBUG}; {os.cpu_count()} CPUs, load average {load}")

    upload_result: dict | None = None
    upload_error = ""
    if not args.skip_upload:
        print(f"\n[upload] {args.size_mb} MB MP4 to evidence:upload, gunicorn with 1 sync worker")
        try:
            upload_result = upload_bench(tenants[0], env, tmp, args.size_mb)
        except BenchError as exc:
            upload_error = str(exc)
            print(f"  UPLOAD NOT MEASURED: {exc}")
        if upload_result:
            print_upload(upload_result)

    pages: dict[str, dict[str, PageFigures]] = {}
    if not args.skip_pages:
        print(f"\n[pages] in-process django.test.Client, median of {args.runs} after a warm-up")
        for bench in tenants:
            try:
                pages[bench.code] = pages_bench(bench, year, args.runs)
            except BenchError as exc:
                print(f"  {bench.code}: PAGES NOT MEASURED: {exc}")
                continue
            print_pages(bench.code, pages[bench.code])

    print_summary(args, tenants, upload_result, upload_error, pages)
    return 0


def print_summary(args, tenants, upload_result, upload_error, pages) -> None:
    print("\nsummary")
    print("-" * 84)
    if upload_result:
        u = upload_result
        ratio_ok = "OK" if u["ratio"] <= UPLOAD_RATIO_TARGET else "SLOWER THAN TARGET"
        rss_ok = "OK" if u["increase_mb"] < RSS_TARGET_MB else "ABOVE TARGET"
        print(
            f"upload {u['size_mb']} MB{'':<10}{u['seconds']:7.2f} s  "
            f"{u['size_mb'] / u['seconds']:5.0f} MB/s   (disk copy {u['copy_seconds']:.2f} s)"
        )
        print(f"upload/copy ratio{'':<7}{u['ratio']:7.1f}x    target <= 2x     {ratio_ok}")
        print(f"worker peak RSS +{'':<7}{u['increase_mb']:7.1f} MB   target < 64 MB   {rss_ok}")
    elif not args.skip_upload:
        print(f"upload                  NOT MEASURED: {upload_error.splitlines()[0]}")
    measured = [b for b in tenants if b.code in pages]
    if measured:
        print(f"{'page':<24}" + "".join(f"{f'{b.items} items':>24}" for b in measured))
        names = list(pages[measured[0].code])
        for name in names:
            cells = "".join(
                f"{pages[b.code][name].median_ms:>12.1f} ms {pages[b.code][name].queries:>3d} q."
                for b in measured
            )
            print(f"{name:<24}{cells}")
        same = all(len({pages[b.code][name].queries for b in measured}) == 1 for name in names)
        print(f"query counts independent of the number of items: {'yes' if same else 'NO'}")
    print("-" * 84)


if __name__ == "__main__":
    sys.exit(main())
