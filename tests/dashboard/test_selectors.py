"""The dashboard's roll-up up the unit tree, at the agency, an Eselon I, a Kanwil and a
UPT, against the figures worked out by hand from tests/dashboard/conftest.py's agency."""

from decimal import Decimal

import pytest
from django.http import Http404
from django_scopes import scope

from apps.dashboard.selectors import dashboard_for, share

from .conftest import BUILT

pytestmark = pytest.mark.django_db

D = Decimal


def at(user, agency, **kwargs):
    with scope(tenant=agency.units["root"].tenant_id):
        return dashboard_for(user, **kwargs)


def funnel(dash):
    return {s.stage: s.counts for s in dash.funnel + dash.outcomes if s.counts}


def rows(dash):
    return {row.unit.code: row for row in dash.rows}


def test_the_agency_rolls_up_every_cycle_of_the_year(summed, admin):
    dash = at(admin, summed)
    assert (dash.year, dash.years, dash.current, dash.breadcrumb) == (
        2026, [2026, 2025], summed.units["root"], []
    )  # fmt: skip
    t = dash.total
    assert (t.cycles, t.scored, t.failing, t.eligible, t.total) == (4, 2, 1, 1, D("96.25"))
    assert (t.entries, t.satisfied) == (4 * summed.per_cycle, 3)
    assert t.completeness == share(3, 4 * summed.per_cycle)
    assert (t.items, t.items_waiting, t.items_returned) == (8, 3, 1)
    assert (t.tasks, t.tasks_done, t.tasks_overdue, t.realisation) == (4, 1, 2, D("25.00"))
    assert (t.staff, t.pacts_signed, t.pacts) == (6, 3, D("50.00"))
    assert (t.monev_due, t.monev_on_time, t.monev) == (3, 1, D("33.33"))
    assert funnel(dash) == {
        "pencanangan": {"wbk": 1},
        "identifikasi": {"wbbm": 1},
        "penilaian_pendahuluan": {"wbk": 2},
    }
    assert [(b.level, b.name, b.waiting, b.oldest) for b in dash.backlog] == [
        (0, "Verifikasi Unit Kerja/Kanwil", 2, BUILT),
        (1, "Verifikasi Eselon I", 1, BUILT),
    ]
    assert (dash.failing_count, [f.unit.code for f in dash.failing]) == (1, ["UPT1"])
    assert [r["area"] for r in dash.failing[0].summary.failed_rules] == ["PW"]
    assert (dash.eligible_count, [e.unit.code for e in dash.eligible]) == (1, ["UPT2"])


def test_the_heat_map_at_the_agency_averages_the_scored_cycles_of_each_eselon_i(summed, admin):
    dash = at(admin, summed)
    assert [a.code for a in dash.areas] == ["MP", "TL", "SDM", "AK", "PW", "PP", "HASIL"]
    by_code = rows(dash)
    assert set(by_code) == {"ES1", "ES2"}  # the root has no cycle of its own
    es1, es2 = by_code["ES1"], by_code["ES2"]
    assert es1.has_below and es2.has_below and not es1.own
    assert (es1.figures.cycles, es2.figures.cycles) == (3, 1)
    # PW: UPT1's TPU 50 %, UPT2's TPU 100 %; the Kanwil's cycle is not scored.
    assert (es1.cells["PW"].percent, es1.cells["PW"].scored) == (D("75.00"), 2)
    assert es1.cells["PW"].score_band == "wbbm"
    assert es1.cells["MP"].percent == D(100)
    assert (es2.cells["PW"].percent, es2.cells["PW"].score_band) == (None, "none")
    mp_entries = summed.entries["MP"]
    assert (es1.cells["MP"].entries, es1.cells["MP"].satisfied) == (3 * mp_entries, 1)
    assert (es1.cells["TL"].satisfied, es2.cells["TL"].satisfied) == (2, 0)
    assert dash.total_cells["PW"].percent == D("75.00")


def test_an_eselon_i_leader_sees_their_subtree_only(summed, es1_leader):
    dash = at(es1_leader, summed)
    assert dash.current == summed.units["es1"]
    assert set(rows(dash)) == {"KW1"}
    assert (dash.total.cycles, dash.total.failing, dash.total.eligible) == (3, 1, 1)
    assert funnel(dash) == {"pencanangan": {"wbk": 1}, "penilaian_pendahuluan": {"wbk": 2}}
    assert [(b.level, b.waiting) for b in dash.backlog] == [(0, 1), (1, 1)]
    assert (dash.total.staff, dash.total.tasks_overdue) == (4, 1)
    with pytest.raises(Http404):
        at(es1_leader, summed, unit_id=summed.units["es1b"].pk)
    with pytest.raises(Http404):
        at(es1_leader, summed, unit_id=summed.units["root"].pk)


def test_a_kanwil_shows_its_own_cycle_and_one_row_per_upt(summed, admin):
    dash = at(admin, summed, unit_id=summed.units["kanwil"].pk)
    assert [u.code for u in dash.breadcrumb] == ["ALFA", "ES1"]
    by_code = rows(dash)
    assert set(by_code) == {"KW1", "UPT1", "UPT2"}
    assert by_code["KW1"].own and by_code["KW1"].stage == "pencanangan"
    upt = by_code["UPT1"]
    assert (upt.cycle_id, upt.stage, upt.target) == (
        summed.cycles["c1"].pk, "penilaian_pendahuluan", "wbk"
    )  # fmt: skip
    assert (upt.cells["PW"].percent, upt.cells["PW"].score_band) == (D("50.00"), "below")
    assert by_code["UPT2"].cells["PW"].percent == D(100)


def test_a_unit_leader_sees_their_unit_with_its_years(summed, unit_leader):
    dash = at(unit_leader, summed)
    assert dash.current == summed.units["upt"]
    assert [(r.unit.code, r.own, r.figures.cycles) for r in dash.rows] == [("UPT1", True, 1)]
    assert (dash.total.total, dash.total.items, dash.total.staff) == (D("92.50"), 5, 4)
    assert funnel(dash) == {"penilaian_pendahuluan": {"wbk": 1}}
    entries = summed.per_cycle
    assert [
        (t.year, t.cycles, t.completeness, t.mandiri, t.tpu, t.tpi) for t in dash.year_trend
    ] == [
        (2025, 1, share(1, entries), D(96), None, None),
        (2026, 1, share(1, entries), D(100), D("92.50"), None),
    ]
    pw = next(t for t in dash.area_trend if t.area.code == "PW")
    assert (pw.mandiri, pw.tpu, pw.optimism) == (D(100), D(50), D(50))
    last = at(unit_leader, summed, year=2025)
    assert (last.year, last.total.total, last.failing_count) == (2025, D(96), 1)
    with pytest.raises(Http404):
        at(unit_leader, summed, unit_id=summed.units["upt2"].pk)


def test_the_year_trend_at_the_agency_spans_both_years(summed, admin):
    dash = at(admin, summed)
    entries = summed.per_cycle
    assert [(t.year, t.cycles, t.completeness, t.mandiri, t.tpu) for t in dash.year_trend] == [
        (2025, 1, share(1, entries), D(96), None),
        (2026, 4, share(3, 4 * entries), D(98), D("96.25")),
    ]


def test_the_units_behind_a_funnel_step_are_listed(summed, admin):
    dash = at(admin, summed, stage="penilaian_pendahuluan")
    assert dash.stage_count == 2
    assert [i.unit.code for i in dash.stage_units] == ["UPT1", "UPT2"]
    assert at(admin, summed, stage="usulan_tpn").stage_units == []


def test_a_year_without_cycles_in_reach_is_not_found(summed, admin):
    with pytest.raises(Http404):
        at(admin, summed, year=2024)


def test_a_level_named_alike_at_another_position_of_a_chain_is_one_backlog_line(summed, admin):
    """A chain that skips a level (a Balai straight to the TPI) holds "Verifikasi TPI" at
    position 1 where others hold it at 2: the leader sees one line per level name, at its
    first position, with every waiting item and the oldest."""
    from datetime import timedelta

    from apps.dashboard.models import BacklogSummary, CycleSummary

    before = at(admin, summed).backlog
    deepest = max(before, key=lambda b: b.level)
    assert deepest.level > 0
    summary = CycleSummary.objects.filter(year=2026).order_by("pk").first()
    oldest = min(b.oldest for b in before) - timedelta(days=3)
    BacklogSummary.objects.create(
        tenant_id=summary.tenant_id, summary=summary, level=0, name=deepest.name,
        waiting=2, oldest=oldest,
    )  # fmt: skip
    after = at(admin, summed).backlog
    names = [b.name for b in after]
    assert sorted(names) == sorted(b.name for b in before)
    line = next(b for b in after if b.name == deepest.name)
    assert (line.level, line.waiting, line.oldest) == (0, deepest.waiting + 2, oldest)
