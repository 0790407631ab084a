"""Row locks take the row itself, never the rows its select_related joins.

``select_for_update()`` with ``select_related("unit", "tenant")`` locks the unit's and the
agency's rows FOR UPDATE too. Every insert of a row that points at them (a stored file,
an audit record, any tenant-owned row) takes a KEY SHARE lock on them, which FOR UPDATE
blocks: a page locking an item with its unit and a worker storing a PDF for that unit then
wait for each other ("deadlock detected" in the unit's year journey, issue 12/13 CI).
``select_for_update(of=("self",))`` locks only the row the service changes.
"""

import re
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from apps.evidence.models import EvidenceItem

APPS = Path(__file__).resolve().parents[2] / "apps"
CALL = re.compile(r"select_for_update\(([^)]*)\)")


def test_every_row_lock_names_the_rows_it_takes():
    unbounded = []
    for path in sorted(APPS.rglob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for match in CALL.finditer(line):
                if "of=" not in match.group(1):
                    unbounded.append(f"{path.relative_to(APPS.parent)}:{number}")
    assert not unbounded, "select_for_update() without of=: " + ", ".join(unbounded)


@pytest.mark.django_db
def test_a_lock_with_its_unit_loaded_locks_only_the_item(member, cycle, question):
    from tests.factories import EvidenceItemFactory

    item = EvidenceItemFactory(actor=member, cycle=cycle, question=question, name="a.pdf")
    with (
        scope(tenant=item.tenant_id),
        CaptureQueriesContext(connection) as ctx,
        transaction.atomic(),
    ):
        EvidenceItem.objects.select_for_update(of=("self",)).select_related("unit", "tenant").get(
            pk=item.pk
        )
    (sql,) = [q["sql"] for q in ctx.captured_queries if "FOR UPDATE" in q["sql"]]
    assert sql.endswith('FOR UPDATE OF "evidence_evidenceitem"'), sql
