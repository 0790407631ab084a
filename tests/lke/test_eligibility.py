"""Eligibility to be proposed to the TPI (LKE_SCORING.md §6)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from apps.lke.engine import DEFAULT_POLICY, UnitFacts, check_eligibility
from apps.lke.engine.eligibility import add_years

from .support import TEMPLATES

AREAS = ("MP", "TL", "SDM", "AK", "PW", "PP")
TODAY = date(2025, 3, 10)


def wbk_ready(**changes) -> UnitFacts:
    facts = UnitFacts(
        as_of=TODAY,
        declared=date(2024, 1, 15),
        building_start=date(2024, 1, 15),
        tpu_pengungkit=Decimal("41.20"),
        tpu_area_percents=dict.fromkeys(AREAS, Decimal("65")),
        sakip_grade="B",
        tlhp_percent=Decimal(100),
        lhkan_percent=Decimal(100),
        key_target_percent=Decimal(100),
    )
    return replace(facts, **changes)


def wbbm_ready(**changes) -> UnitFacts:
    facts = wbk_ready(
        building_start=date(2024, 1, 2),
        holds_wbk_since=date(2023, 12, 20),
        tpu_pengungkit=Decimal("48"),
        tpu_area_percents=dict.fromkeys(AREAS, Decimal("75")),
        sakip_grade="BB",
        key_target_percent=Decimal("101.5"),
        key_target_prev_percent=Decimal(100),
    )
    return replace(facts, **changes)


def check(result, code):
    return next(c for c in result.checks if c.code == code)


def failed(result):
    return [c.code for c in result.failed]


def test_a_ready_unit_may_be_proposed_for_wbk():
    result = check_eligibility(wbk_ready(), "WBK")
    assert result.eligible
    assert [c.code for c in result] == [
        "pencanangan",
        "lama_pembangunan",
        "pengungkit",
        "area_min",
        "sakip",
        "tlhp",
        "lhkan",
        "kinerja_utama",
        "pencabutan",
    ]
    assert all(c.reason for c in result)


def test_a_ready_unit_may_be_proposed_for_wbbm():
    result = check_eligibility(wbbm_ready(), "WBBM")
    assert result.eligible, result.to_dict()
    assert "predikat_wbk" in [c.code for c in result]


def test_it_needs_a_declaration():
    result = check_eligibility(wbk_ready(declared=None), "WBK")
    assert failed(result) == ["pencanangan"]
    assert check(result, "pencanangan").reason == "Unit belum melakukan pencanangan pembangunan ZI."
    future = check_eligibility(wbk_ready(declared=date(2025, 4, 1)), "WBK")
    assert failed(future) == ["pencanangan"]


def test_building_for_exactly_one_year_passes_and_a_day_less_fails():
    start = date(2024, 3, 10)
    assert check_eligibility(wbk_ready(building_start=start), "WBK").eligible
    result = check_eligibility(wbk_ready(building_start=date(2024, 3, 11)), "WBK")
    assert failed(result) == ["lama_pembangunan"]
    assert check(result, "lama_pembangunan").reason == (
        "Sejak 11 Maret 2024; 1 tahun baru tercapai pada 11 Maret 2025."
    )
    assert failed(check_eligibility(wbk_ready(building_start=None), "WBK")) == ["lama_pembangunan"]


def test_one_year_after_a_leap_day_is_the_first_of_march():
    assert add_years(date(2024, 2, 29), 1) == date(2025, 3, 1)
    assert add_years(date(2024, 2, 28), 1) == date(2025, 2, 28)


@pytest.mark.parametrize(
    ("target", "value", "ok"),
    [
        ("WBK", "40", True),
        ("WBK", "39.995", True),
        ("WBK", "39.99", False),
        ("WBBM", "48", True),
        ("WBBM", "47.99", False),
        ("WBK", None, False),
    ],
)
def test_pengungkit_minimum(target, value, ok):
    facts = wbbm_ready(tpu_pengungkit=None if value is None else Decimal(value))
    result = check_eligibility(facts, target)
    assert check(result, "pengungkit").passed is ok


def test_every_area_must_reach_sixty_percent_for_wbk():
    percents = dict.fromkeys(AREAS, Decimal(70)) | {"TL": Decimal("59.99"), "PW": Decimal(60)}
    result = check_eligibility(wbk_ready(tpu_area_percents=percents), "WBK")
    assert failed(result) == ["area_min"]
    assert check(result, "area_min").reason == "Area di bawah 60,00%: TL 59,99%."


def test_a_missing_area_fails_the_area_rule():
    percents = dict.fromkeys(AREAS[:-1], Decimal(90))
    result = check_eligibility(wbk_ready(tpu_area_percents=percents), "WBK")
    assert check(result, "area_min").reason == "Area belum dinilai: PP."


def test_every_area_must_reach_seventy_five_percent_for_wbbm():
    percents = dict.fromkeys(AREAS, Decimal(80)) | {"MP": Decimal("74.99")}
    result = check_eligibility(wbbm_ready(tpu_area_percents=percents), "WBBM")
    assert failed(result) == ["area_min"]


@pytest.mark.parametrize(
    ("target", "grade", "ok"),
    [
        ("WBK", "AA", True),
        ("WBK", "A", True),
        ("WBK", "BB", True),
        ("WBK", "B", True),
        ("WBK", "CC", False),
        ("WBK", "C", False),
        ("WBK", "D", False),
        ("WBK", "b", True),
        ("WBBM", "BB", True),
        ("WBBM", "A", True),
        ("WBBM", "B", False),
        ("WBK", "X", False),
        ("WBK", None, False),
    ],
)
def test_sakip_grade_order(target, grade, ok):
    result = check_eligibility(wbbm_ready(sakip_grade=grade), target)
    assert check(result, "sakip").passed is ok


def test_an_unknown_sakip_grade_says_so():
    result = check_eligibility(wbk_ready(sakip_grade="Z"), "WBK")
    assert "tidak dikenal" in check(result, "sakip").reason


@pytest.mark.parametrize("field", ["tlhp_percent", "lhkan_percent", "key_target_percent"])
def test_audit_follow_up_asset_reports_and_key_targets_must_be_100(field):
    code = {
        "tlhp_percent": "tlhp",
        "lhkan_percent": "lhkan",
        "key_target_percent": "kinerja_utama",
    }[field]
    result = check_eligibility(wbk_ready(**{field: Decimal("99.5")}), "WBK")
    assert failed(result) == [code]
    assert "99,50%" in check(result, code).reason
    assert failed(check_eligibility(wbk_ready(**{field: None}), "WBK")) == [code]


def test_wbbm_key_targets_must_beat_the_year_before():
    same = check_eligibility(wbbm_ready(key_target_percent=Decimal(100)), "WBBM")
    assert failed(same) == ["kinerja_utama"]
    assert check(same, "kinerja_utama").reason == (
        "Realisasi 100,00% tidak lebih baik dari tahun sebelumnya (100,00%)."
    )
    missing = check_eligibility(wbbm_ready(key_target_prev_percent=None), "WBBM")
    assert failed(missing) == ["kinerja_utama"]
    below = check_eligibility(
        wbbm_ready(key_target_percent=Decimal(99), key_target_prev_percent=Decimal(90)), "WBBM"
    )
    assert failed(below) == ["kinerja_utama"]


def test_wbbm_needs_wbk_held_for_a_year():
    assert failed(check_eligibility(wbbm_ready(holds_wbk_since=None), "WBBM")) == ["predikat_wbk"]
    recent = check_eligibility(wbbm_ready(holds_wbk_since=date(2024, 12, 20)), "WBBM")
    assert failed(recent) == ["predikat_wbk"]


def test_wbbm_needs_a_year_of_building_toward_wbbm():
    result = check_eligibility(wbbm_ready(building_start=date(2024, 6, 1)), "WBBM")
    assert failed(result) == ["lama_pembangunan"]


def test_a_revoked_predicate_blocks_a_proposal_for_two_years():
    revoked = date(2023, 6, 1)
    result = check_eligibility(wbk_ready(revoked_at=revoked), "WBK")
    assert failed(result) == ["pencabutan"]
    assert check(result, "pencabutan").reason == (
        "Predikat dicabut pada 1 Juni 2023; unit baru dapat diusulkan kembali mulai 1 Juni 2025."
    )
    later = check_eligibility(wbk_ready(revoked_at=revoked, as_of=date(2025, 6, 1)), "WBK")
    assert later.eligible


def test_a_revoked_wbk_is_no_longer_held_for_wbbm():
    facts = wbbm_ready(revoked_at=date(2024, 5, 1))
    result = check_eligibility(facts, "WBBM")
    assert failed(result) == ["predikat_wbk", "pencabutan"]


def test_every_failing_rule_is_reported_with_a_reason():
    result = check_eligibility(UnitFacts(as_of=TODAY), "WBBM")
    assert not result.eligible
    assert failed(result) == [
        "pencanangan",
        "predikat_wbk",
        "lama_pembangunan",
        "pengungkit",
        "area_min",
        "sakip",
        "tlhp",
        "lhkan",
        "kinerja_utama",
    ]
    assert all(c.reason.endswith(".") for c in result.checks)
    data = result.to_dict()
    assert data["eligible"] is False
    assert {"code", "label", "passed", "reason"} == set(data["checks"][0])


def test_an_unknown_target_is_refused():
    with pytest.raises(ValueError, match="Sasaran predikat 'XYZ' tidak dikenal"):
        check_eligibility(wbk_ready(), "XYZ")


def test_the_2021_template_carries_the_same_policy_as_the_default():
    assert TEMPLATES["lke-2021"].eligibility == DEFAULT_POLICY
    assert TEMPLATES["lke-2014"].eligibility is None


def test_a_policy_from_template_data_changes_the_bounds():
    policy = replace(
        DEFAULT_POLICY,
        targets=tuple(
            (code, replace(target, min_pengungkit=Decimal(45)))
            for code, target in DEFAULT_POLICY.targets
        ),
    )
    result = check_eligibility(wbk_ready(), "WBK", policy)
    assert failed(result) == ["pengungkit"]
