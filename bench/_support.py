"""Helpers shared by the benchmarks under bench/: a PostgreSQL database of their own,
Django set up against it, a real server in a subprocess with a small HTTP client, pages
timed in-process, and a process's memory as /proc reports it.

Benchmarks never touch the development database: each works in its own (``zi_bench``
by default), created on first use and migrated before every run.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
CHUNK = 1024 * 1024


class BenchError(Exception):
    """Something that stops one part of a benchmark: reported, then the rest goes on."""


# --- database and Django ----------------------------------------------------------------


def database_url(name: str) -> str:
    return f"{PG_SERVER}/{name}"


def ensure_database(name: str, *, fresh: bool = False) -> bool:
    """Create database ``name`` if it is missing (drop it first with ``fresh``); True
    when it was created now."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        if fresh:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def bench_environment(database: str, **extra: str) -> dict[str, str]:
    """Environment variables for Django (in this process or in a server it starts):
    the bench database, local settings, DEBUG off."""
    env = {
        "DJANGO_SETTINGS_MODULE": "zi_portal.settings.local",
        "DATABASE_URL": database_url(database),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "LOG_LEVEL": "WARNING",
    }
    env.update(extra)
    return env


def setup_django(env: dict[str, str], *, migrate: bool = True) -> None:
    """Point this process at the bench database (``env`` from ``bench_environment``),
    set Django up and bring the schema up to date."""
    os.environ.update(env)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


def analyze() -> None:
    """Planner statistics now, as autovacuum would have them on a live database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- processes ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def proc_status_kb(pid: int) -> dict[str, int]:
    """The ``Vm*`` lines of /proc/<pid>/status, in kB (VmRSS, VmHWM = peak RSS …)."""
    values = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            key, _sep, rest = line.partition(":")
            if key.startswith("Vm"):
                values[key] = int(rest.split()[0])
    return values


def child_pids(pid: int) -> list[int]:
    """Direct children of ``pid``."""
    children_file = Path(f"/proc/{pid}/task/{pid}/children")
    if children_file.exists():
        return [int(p) for p in children_file.read_text().split()]
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: fields start after the last ")".
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid:
            children.append(int(entry.name))
    return children


@dataclass
class Server:
    port: int
    master: int
    worker: int  # the first worker
    workers: tuple[int, ...] = ()  # every worker at start-up

    def worker_alive(self) -> bool:
        return self.worker in child_pids(self.master)


def _wait_until_ready(process: subprocess.Popen, port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with code {process.returncode} while starting")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/healthz")
            status = conn.getresponse().status
        except OSError:  # not listening yet
            time.sleep(0.3)
            continue
        finally:
            conn.close()
        if status == 200:
            return
        raise BenchError(f"/healthz answered {status}: database or Redis not reachable")
    raise BenchError(f"gunicorn did not answer on port {port} within {timeout:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _supports(executable: str, option: str) -> bool:
    try:
        usage = subprocess.run(
            [executable, "--help"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    return option in usage


@contextmanager
def gunicorn(
    env: dict[str, str],
    log_path: Path,
    *,
    app: str = "zi_portal.wsgi:application",
    timeout: int = 600,
    start_timeout: float = 60.0,
    workers: int = 1,
    port: int | None = None,
    options: Sequence[str] = (),
) -> Iterator[Server]:
    """The real server (``workers`` sync workers, one by default) on ``port`` or a free
    local port, ready when /healthz says so and every worker is up; stopped on exit.
    ``options`` are more gunicorn arguments. Raises ``BenchError`` with the end of its
    log if it cannot start."""
    port = port or free_port()
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
        *options,
    ]
    if _supports(command[0], "--no-control-socket"):
        # Recent gunicorns open a control socket at one fixed path per user; a bench
        # server must not take it over from another server running on the machine.
        command.append("--no-control-socket")
    with log_path.open("wb") as log:
        try:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env={**os.environ, **env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        except OSError as exc:
            raise BenchError(f"gunicorn could not be started: {exc}") from None
        try:
            try:
                _wait_until_ready(process, port, start_timeout)
            except BenchError as exc:
                tail = log_path.read_text(errors="replace")[-2000:]
                raise BenchError(
                    f"gunicorn could not start: {exc}\n--- end of the gunicorn log ---\n{tail}"
                ) from None
            # One worker answered /healthz; the others may still be booting.
            deadline = time.monotonic() + start_timeout
            pids = child_pids(process.pid)
            while len(pids) < workers and time.monotonic() < deadline:
                time.sleep(0.2)
                pids = child_pids(process.pid)
            if not pids:
                raise BenchError("gunicorn answered but has no worker process")
            yield Server(port=port, master=process.pid, worker=pids[0], workers=tuple(pids))
        finally:
            _stop(process)


# --- HTTP ------------------------------------------------------------------------------------


class HttpClient:
    """Just enough of a browser for a local server: cookies kept, one connection per
    request, bodies may be iterables (sent chunk by chunk)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method, path, body=None, headers=None, timeout=600) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            all_headers = dict(headers or {})
            if self.cookies:
                all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            data = response.read()
            for value in response.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(value)
                for name, morsel in jar.items():
                    self.cookies[name] = morsel.value
            return response.status, data
        finally:
            conn.close()

    def login(self, email: str, password: str) -> None:
        """Through the login form, with its CSRF token, as a person would."""
        status, html = self.request("GET", "/akun/masuk/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if status != 200 or not match:
            raise BenchError(f"the login page answered {status} without a CSRF token")
        body = urlencode(
            {"username": email, "password": password, "csrfmiddlewaretoken": match[1].decode()}
        )
        status, _data = self.request(
            "POST",
            "/akun/masuk/",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise BenchError(f"login as {email} failed (HTTP {status})")


class MultipartFile:
    """A multipart/form-data body with one file field, produced chunk by chunk from the
    file on disk, so the client never holds the file. Remembers when its last chunk was
    handed to the socket."""

    def __init__(self, path: Path, field_name: str, content_type: str):
        self.path = path
        self.boundary = "----zi-bench-" + os.urandom(12).hex()
        self.head = (
            f"--{self.boundary}\r\n"
            f'Content-Disposition: form-data; name="{field_name}"; filename="{path.name}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
        self.tail = f"\r\n--{self.boundary}--\r\n".encode()
        self.sent_at: float | None = None

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self) -> int:
        return len(self.head) + self.path.stat().st_size + len(self.tail)

    def __iter__(self):
        yield self.head
        with self.path.open("rb") as source:
            while chunk := source.read(CHUNK):
                yield chunk
        yield self.tail
        self.sent_at = time.perf_counter()


# --- timing -----------------------------------------------------------------------------------


def timed_ms(fn: Callable[[], object], *, runs: int = 5, warmup: int = 1) -> list[float]:
    """Wall-clock milliseconds of ``runs`` calls of ``fn`` after ``warmup`` calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


@dataclass
class PageFigures:
    median_ms: float
    min_ms: float
    max_ms: float
    queries: int
    sql_ms: float
    slowest_ms: float
    slowest_sql: str


def login_verified(client, user) -> None:
    """``force_login``, and past the second step for people who need one: a confirmed
    TOTP device and the session marked verified with it, as ``django_otp.login`` does."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from apps.accounts.twofactor.policy import two_factor_state

    client.force_login(user)
    state = two_factor_state(user)
    if state.enrolled or state.required:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def page_figures(user, url: str, *, runs: int = 5) -> PageFigures:
    """GET ``url`` as ``user`` in-process (django.test.Client): the median of ``runs``
    after a warm-up, then one more request with its SQL queries counted and timed."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    login_verified(client, user)

    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise BenchError(f"GET {url} answered {response.status_code}")

    times = timed_ms(get, runs=runs, warmup=1)
    # CaptureQueriesContext counts; the wrapper times, since the former rounds to whole ms.
    timings: list[float] = []

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append((time.perf_counter() - started) * 1000)

    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
        get()
    queries = list(zip(timings, (q["sql"] for q in captured.captured_queries), strict=True))
    slowest = max(queries, default=(0.0, ""))
    return PageFigures(
        median_ms=statistics.median(times),
        min_ms=min(times),
        max_ms=max(times),
        queries=len(queries),
        sql_ms=sum(ms for ms, _sql in queries),
        slowest_ms=slowest[0],
        slowest_sql=slowest[1],
    )


def sql_shape(sql: str, length: int = 200) -> str:
    """A query shortened for a report line: the column list elided."""
    flat = re.sub(r"^SELECT (DISTINCT )?.*? FROM ", r"SELECT \1… FROM ", " ".join(sql.split()))
    return flat if len(flat) <= length else flat[:length] + "…"


def ratified_plan_items(tenant, cycles, now) -> list:
    """A ratified Rencana Kerja (revision 1) with one MP activity for each of ``cycles``,
    bulk-inserted: what a task needs to hang from (reminders.py, dashboard.py)."""
    from apps.workplan.models import PlanItem, PlanRevision

    revisions = PlanRevision.objects.bulk_create(
        PlanRevision(
            tenant=tenant,
            cycle_id=c.pk,
            unit_id=c.unit_id,
            number=1,
            status="ratified",
            ratified_at=now,
        )
        for c in cycles
    )
    return PlanItem.objects.bulk_create(
        PlanItem(
            tenant=tenant,
            revision=r,
            area="MP",
            order=0,
            action="Kegiatan MP",
            output="Notulen",
            pic="Ketua Pokja MP",
            months=[1],
        )
        for r in revisions
    )
