from io import StringIO

import pytest
from django.core.management import call_command

from apps.cycles.models import Cycle
from apps.declaration.models import Declaration, Employee, Pact, Placement
from apps.declaration.selectors import pact_share
from apps.units.models import Unit

pytestmark = pytest.mark.django_db


def test_seed_demo_records_charters_and_a_roster_with_pacts_once():
    call_command("seed_demo", stdout=StringIO())
    first = [m.objects.count() for m in (Declaration, Employee, Placement, Pact)]
    call_command("seed_demo", stdout=StringIO())
    assert [m.objects.count() for m in (Declaration, Employee, Placement, Pact)] == first

    jbr = Cycle.objects.get(unit__code="PJN1-JBR", year=2026)
    assert jbr.stage != "pencanangan"  # the guard let it through: charter and scan recorded
    declaration = Declaration.objects.get(cycle=jbr)
    assert declaration.scan is not None and declaration.witnesses.count() == 2
    assert Declaration.objects.get(cycle__unit__code="PJN1-JTM").scan is not None
    unit = Unit.objects.get(code="PJN1-JBR")
    share = pact_share(unit)
    assert share.total == 17 and 0 < share.signed < share.total
    assert set(Pact.objects.filter(unit=unit).values_list("method", flat=True)) == {
        "online",
        "scan",
    }
    moved = Employee.objects.get(nip="198306062008011011")
    assert [p.unit.code for p in moved.placements.order_by("started_on")] == [
        "PJN2-JBR",
        "PJN1-JBR",
    ]
