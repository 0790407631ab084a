from io import StringIO

import pytest
from django.core.management import call_command

from apps.core.models import StateChange
from apps.core.workflow import history_of
from apps.cycles.models import CalendarEntry, Cycle
from apps.cycles.services import calendar_default_entries

pytestmark = pytest.mark.django_db


def test_seed_demo_opens_two_cycles_with_their_history_once():
    call_command("seed_demo", stdout=StringIO())
    first = (Cycle.objects.count(), StateChange.objects.count(), CalendarEntry.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (
        Cycle.objects.count(),
        StateChange.objects.count(),
        CalendarEntry.objects.count(),
    ) == first

    jbr = Cycle.objects.get(unit__code="PJN1-JBR", unit__tenant__code="PU-DEMO")
    assert (jbr.name, jbr.year, jbr.target, jbr.template.code, jbr.stage) == (
        "Pembangunan ZI 2026",
        2026,
        "wbk",
        "lke-2021",
        # Moved on for the TPU's preliminary assessment (apps.demo.assessment).
        "penilaian_pendahuluan",
    )
    history = list(history_of(jbr).values_list("to_state", "actor__email"))
    assert history == [
        ("pencanangan", "admin@pu-demo.go.id"),
        ("identifikasi", "admin@pu-demo.go.id"),
        ("pembangunan", "admin@pu-demo.go.id"),
        ("penilaian_pendahuluan", "admin@pu-demo.go.id"),
    ]
    jtm = Cycle.objects.get(unit__code="PJN1-JTM")
    assert jtm.stage == "identifikasi"
    assert CalendarEntry.objects.filter(tenant=jbr.tenant, year=2026).count() == len(
        calendar_default_entries(2026)
    )
