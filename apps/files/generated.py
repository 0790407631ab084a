"""Documents the portal makes itself (PDF reports), made once by the worker and kept.

A model that has one keeps three columns: the stored file, its state (``RenderState``:
blank until one is due, pending, running, ready) and the time of the current claim. The
service that makes the row due sets the state to pending and queues a ``@tenant_task``
on commit; the task (and a page that needs the file before the worker ran) calls
``generated_file_make``, which claims the row with a conditional update, renders outside
any transaction, then stores the file and marks the row ready in one transaction. Of two
runs only one renders; a failed run gives the row back for the next try.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from apps.core import tasks

from .models import StoredFile
from .services import file_store_bytes


@dataclass(frozen=True)
class GeneratedFile:
    """Names of the columns where a model keeps a generated file."""

    file: str
    state: str
    claimed_at: str


class _ClaimLost(Exception):
    pass


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
