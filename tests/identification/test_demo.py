"""seed_demo shows the identification in use: PJN1-JBR returned once, then complete, and
its cycle moved on to pembangunan (every stage guard active), and later to penilaian
pendahuluan for the TPU's assessment (apps.demo.assessment)."""

from io import StringIO

import pytest
from django.core.management import call_command

from apps.core.workflow import history_of
from apps.cycles.models import Cycle
from apps.identification.models import Identification, ServiceUser

pytestmark = pytest.mark.django_db


def test_the_demo_identification_is_complete_and_idempotent():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = (
        Identification.objects.count(),
        history_of(Identification.objects.get(unit__code="PJN1-JBR")).count(),
        ServiceUser.objects.count(),
    )
    call_command("seed_demo", stdout=StringIO())
    assert (
        Identification.objects.count(),
        history_of(Identification.objects.get(unit__code="PJN1-JBR")).count(),
        ServiceUser.objects.count(),
    ) == first

    identification = Identification.objects.get(unit__code="PJN1-JBR")
    assert identification.status == "complete"
    assert identification.decided_by.email == "penilai.tpu@pu-demo.go.id"
    assert list(history_of(identification).values_list("transition", flat=True)) == [
        "open",
        "submit",
        "return",
        "submit",
        "complete",
    ]
    returned = history_of(identification).get(transition="return")
    assert "Perjanjian Kinerja tahun 2023 belum ada." in returned.data["missing_items"]
    assert ServiceUser.objects.filter(cycle=identification.cycle).count() == 12
    cycle = Cycle.objects.get(pk=identification.cycle_id)
    assert list(history_of(cycle).values_list("to_state", flat=True))[2:] == [
        "pembangunan",
        "penilaian_pendahuluan",
    ]
    assert "PJN1-JBR: identifikasi lengkap (Calon Unit Kerja), lanjut ke tahap pembangunan." in (
        out.getvalue()
    )
