"""Data for the dashboard export tests: cycles whose summary rows carry released scores.

The rows are made by ``refresh_summaries`` (stage, checklist, tasks …) and then given
scores as the refresh writes them from released assessments (``failed_rules`` in the
engine's ``RuleOutcome.to_dict()`` form): the exports only read the selector's view of
these rows, so how the scores came about is not what they test."""

from decimal import Decimal

from apps.dashboard.models import AreaSummary, CycleSummary
from apps.dashboard.summaries import refresh_summaries
from apps.units.models import Unit
from tests.factories import CycleFactory, make_unit

# A name a spreadsheet would run as a formula.
FORMULA_NAME = '=HYPERLINK("http://contoh.invalid","UPT Rumus")'

RULES = [
    {
        "rule": "area_minimum",
        "label": "Nilai minimal per area pengungkit",
        "measure": "area_percent",
        "area": "MP",
        "value": "41.25",
        "bound": "60.00",
        "unit": "percent",
    },
    {
        "rule": "total_minimum",
        "label": "Nilai total minimal",
        "measure": "total",
        "value": "58.40",
        "bound": "75.00",
        "unit": "points",
    },
]


def score(cycle, *, total, level="tpu", failing=False, eligible=False, percents=None, rules=()):
    """Give ``cycle``'s summary row the figures of a released assessment at ``level``."""
    summary = CycleSummary.objects.get(cycle=cycle)
    summary.level = level
    summary.total = Decimal(total)
    setattr(summary, f"total_{level}", Decimal(total))
    if level != "mandiri":
        summary.total_mandiri = Decimal(total) + 5
    summary.failing = failing
    summary.failed_rules = list(rules)
    summary.eligible_tpi = eligible
    summary.save()
    for area, percent in (percents or {}).items():
        AreaSummary.objects.filter(summary=summary, area=area).update(
            percent=Decimal(percent), **{f"percent_{level}": Decimal(percent)}
        )
    return summary


def scored_world(tenant, tree):
    """UPT1 (WBK, 72.50, eligible for the TPI), a UPT with a formula-like name (WBBM,
    failing two rules), and UPT1's 2025 cycle for the trend; summary rows refreshed."""
    rumus = make_unit(tree["kanwil"], code="UPT3", name=FORMULA_NAME)
    upt1 = CycleFactory(unit=tree["upt"], stage="penilaian_pendahuluan")
    bad = CycleFactory(unit=rumus, target="wbbm")
    old = CycleFactory(unit=tree["upt"], year=2025, stage="ditetapkan")
    refresh_summaries(tenant_id=tenant.pk)
    score(upt1, total="72.50", eligible=True, percents={"MP": "80.00", "TL": "65.00"})
    score(bad, total="58.40", failing=True, rules=RULES, percents={"MP": "41.25", "TL": "70.00"})
    score(old, total="61.00", percents={"MP": "60.00"})
    return {"upt1": upt1, "bad": bad, "old": old, "rumus": rumus}


def grow(tenant, tree, n: int):
    """``n`` more UPTs under the Kanwil, each with a failing 2026 cycle."""
    first = Unit.objects.filter(code__startswith="GROW").count()
    codes = [f"GROW{first + i}" for i in range(n)]
    cycles = [
        CycleFactory(unit=make_unit(tree["kanwil"], code=code, name=f"UPT Tambah {code}"))
        for code in codes
    ]
    refresh_summaries(tenant_id=tenant.pk)
    for i, cycle in enumerate(cycles):
        score(cycle, total=f"{50 + i}.00", failing=True, rules=RULES, percents={"MP": "40.00"})
    return cycles
