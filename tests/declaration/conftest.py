"""Declaration fixtures on top of tests/conftest.py's agencies, tree and cast: a cycle of
UPT1 at pencanangan and helpers for charters and rosters (``staff_user`` of the cast is
the employee with an account, NIP ``nip(900)``)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope
from openpyxl import Workbook

from apps.cycles import services as cycle_services
from apps.declaration import services
from apps.declaration.importing import RosterRow
from tests.factories import MINIMAL_PDF


def nip(serial: int, born: str = "19850101", sex: str = "1") -> str:
    """A valid NIP: birth date, appointment month 2010-01, sex, serial."""
    return f"{born}201001{sex}{serial:03d}"


def scan(name="pindaian.pdf", salt=b"") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, MINIMAL_PDF + b"%" + (salt or name.encode()) + b"\n", content_type="application/pdf"
    )


def csv_bytes(rows, header=("nip", "nama", "jabatan", "wajib_lhkpn", "email")) -> bytes:
    lines = [",".join(header)] + [",".join(str(c) for c in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(rows, header=("nip", "nama", "jabatan", "wajib_lhkpn", "email")) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rows_of(*data) -> list[RosterRow]:
    return [
        RosterRow(line=i, nip=d[0], nama=d[1], jabatan=d[2], wajib_lhkpn=d[3] if len(d) > 3 else "")
        for i, d in enumerate(data, start=2)
    ]


WITNESSES = [
    {"name": "Dr. Inspektur", "title": "Inspektur Jenderal", "institution": "Inspektorat Jenderal"},
    {"name": "Ir. Dirjen", "title": "Direktur Jenderal", "institution": "Ditjen Satu"},
]


@pytest.fixture
def pcycle(admin, tree, template):
    """UPT1's 2026 cycle towards WBK, at pencanangan."""
    with scope(tenant=tree["upt"].tenant_id):
        return cycle_services.cycle_create(
            actor=admin, unit=tree["upt"], year=2026, target="wbk", template=template
        )


@pytest.fixture
def other_pcycle(other_admin, other_tree, template):
    with scope(tenant=other_tree["upt"].tenant_id):
        return cycle_services.cycle_create(
            actor=other_admin, unit=other_tree["upt"], year=2026, target="wbk", template=template
        )


def record(actor, cycle, **overrides):
    data = {
        "declared_on": datetime.date(2026, 1, 15),
        "place": "Bandung",
        "head_name": "Kepala UPT Satu",
        "head_title": "Kepala UPT",
        "witnesses": WITNESSES,
    }
    data.update(overrides)
    with scope(tenant=cycle.tenant_id):
        return services.declaration_record(actor=actor, cycle=cycle, **data)


def record_with_scan(actor, cycle):
    declaration = record(actor, cycle)
    with scope(tenant=cycle.tenant_id):
        return services.declaration_attach_scan(
            actor=actor, declaration=declaration, uploaded=scan("piagam.pdf")
        )


def import_rows(actor, unit, *data, accept_moves=False):
    with scope(tenant=unit.tenant_id):
        return services.roster_import(
            actor=actor, unit=unit, rows=rows_of(*data), accept_moves=accept_moves
        )
