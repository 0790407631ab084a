"""Documents the portal makes itself (PDF reports), made once by the worker and kept.

A model that has one keeps three columns: the stored file, its state (``RenderState``:
blank until one is due, pending, running, ready) and the time of the current claim. The
service that makes the row due sets the state to pending and queues a ``@tenant_task``
on commit; the task calls ``generated_file_make``, which claims the row with a
conditional update, renders outside any transaction, then stores the file and marks the
row ready in one transaction. Of two runs only one renders; a failed run gives the row
back for the next try.

A page that serves the file calls ``generated_file_get``: it makes the file at once when
the worker has not run yet, and while the worker is making it, waits for that run to
finish instead of sending the person away without the file. The run that renders holds a
PostgreSQL advisory lock on the row for as long as it works (released when it ends, or
with its connection when the worker dies), so the page waits exactly as long as a live
run needs, and not at all for a claim whose worker is gone.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.db import OperationalError, connection, transaction
from django.db.models import QuerySet

from apps.core import tasks
from apps.core.choices import RenderState

from .models import StoredFile
from .services import file_store_bytes


@dataclass(frozen=True)
class GeneratedFile:
    """Names of the columns where a model keeps a generated file."""

    file: str
    state: str
    claimed_at: str


# How long a page waits for the run that is making its file (a PDF takes a few seconds).
WAIT_SECONDS = 15.0


class _ClaimLost(Exception):
    pass


def _lock_key(queryset, pk: int, columns: GeneratedFile) -> int:
    """The advisory-lock key of one row's generated file (a signed 64-bit number)."""
    name = f"generated:{queryset.model._meta.db_table}.{columns.file}:{pk}"
    return int.from_bytes(
        hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True
    )


def _try_lock(key: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        return cursor.fetchone()[0]


def _unlock(key: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def _wait_for_run(key: int, seconds: float) -> bool:
    """Block until no run holds ``key`` (True), or ``seconds`` passed (False). The lock is
    taken at session level and given back at once: waiting holds nothing afterwards, even
    inside a caller's transaction."""
    timeout = f"{max(int(seconds * 1000), 1)}ms"
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('lock_timeout')")
            previous = cursor.fetchone()[0]
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [timeout])
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
    except OperationalError:  # lock_timeout: the run is still at it
        return False
    _unlock(key)
    return True


def _kept(queryset, pk: int, columns: GeneratedFile) -> tuple[str | None, StoredFile | None]:
    """The row's state and its kept file (None while it has none)."""
    row = queryset.filter(pk=pk).values_list(columns.state, f"{columns.file}_id").first()
    if row is None:
        return None, None
    state, file_id = row
    return state, StoredFile.objects.filter(pk=file_id).first() if file_id else None


def generated_file_make(
    *,
    queryset,
    pk: int,
    columns: GeneratedFile,
    render: Callable,
    on_ready: Callable | None = None,
    actor=None,
) -> StoredFile | None:
    """Claim row ``pk`` of ``queryset``, make its file and keep it.

    ``render(row)`` returns ``(unit, file name, bytes)``; ``on_ready(row, stored)`` runs in
    the storing transaction (the audit record). None when the row was not due or another
    run holds it."""
    # The lock says "a run is rendering this row" to a page waiting for the file; the
    # claim (a conditional update) decides which run renders.
    key = _lock_key(queryset, pk, columns)
    if not _try_lock(key):
        return None
    try:
        return _make(queryset, pk, columns, render, on_ready, actor)
    finally:
        _unlock(key)


def _make(queryset, pk, columns, render, on_ready, actor) -> StoredFile | None:
    names = {"state": columns.state, "claimed_at": columns.claimed_at}
    claimed = tasks.claim(queryset, pk, **names)
    if claimed is None:
        return None
    try:
        row = queryset.get(pk=pk)
        unit, name, data = render(row)
        with transaction.atomic():
            stored = file_store_bytes(actor=actor, unit=unit, name=name, data=data)
            if not tasks.finish(queryset, pk, claimed, **names, **{columns.file: stored}):
                raise _ClaimLost
            if on_ready is not None:
                on_ready(row, stored)
    except _ClaimLost:
        return None
    except BaseException:
        tasks.release(queryset, pk, claimed, **names)
        raise
    return stored


def generated_file_get(
    *,
    queryset,
    pk: int,
    columns: GeneratedFile,
    render: Callable,
    on_ready: Callable | None = None,
    actor=None,
    wait: float = WAIT_SECONDS,
) -> StoredFile | None:
    """Row ``pk``'s kept file, for a page: made now when it is due and no run is making
    it; when another run (the worker) is making it, waited for up to ``wait`` seconds.
    None when the row has no file and none is due, or the other run is still at it."""
    options = {"queryset": queryset, "pk": pk, "columns": columns, "render": render}
    options.update(on_ready=on_ready, actor=actor)
    made = generated_file_make(**options)
    if made is not None:
        return made
    state, stored = _kept(queryset, pk, columns)
    due = state in (RenderState.PENDING, RenderState.RUNNING)
    if stored is None and due and _wait_for_run(_lock_key(queryset, pk, columns), wait):
        # That run ended: it kept the file, or failed and gave the row back.
        made = generated_file_make(**options)
        if made is not None:
            return made
        state, stored = _kept(queryset, pk, columns)
    return stored


def generated_files_due(rows: Callable[[], QuerySet], columns: GeneratedFile, limit: int = 50):
    """(tenant id, row id) of up to ``limit`` rows whose file is still due, agency by
    agency: for the beat jobs that queue the rendering again when the on-commit task was
    lost (the broker was down) or the worker died holding the claim. ``rows()`` is called
    inside each agency's scope and narrows the model to the rows that may have a file."""
    due: list[tuple[int, int]] = []
    for tenant in tasks.each_tenant():
        due += [
            (tenant.pk, pk)
            for pk in rows()
            .filter(tasks.claimable(state=columns.state, claimed_at=columns.claimed_at))
            .order_by("pk")
            .values_list("pk", flat=True)[: limit - len(due)]
        ]
        if len(due) >= limit:
            break
    return due
