"""The SKM/IKM formula against hand-computed cases (LKE_SCORING.md §7) and the command
``manage.py ikm_score``."""

import json
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.surveys import scoring
from apps.surveys.scoring import Grade, ScaleRule


def test_all_fours_is_100_a():
    result = scoring.result_of([[4] * 9])
    assert result.index == 4
    assert result.converted == Decimal("100.00")
    assert result.grade == Grade.A


def test_single_respondent_with_mixed_answers():
    # (3+3+2+4+3+3+4+3+3)/9 = 28/9 = 3.111…; × 25 = 77.777… → 77.78 B
    result = scoring.result_of([[3, 3, 2, 4, 3, 3, 4, 3, 3]])
    assert result.index == Fraction(28, 9)
    assert result.converted == Decimal("77.78")
    assert result.grade == Grade.B


def test_blanks_are_skipped_not_zero():
    # U2: one answer (2) of two respondents; NRR 2, not 1.
    result = scoring.result_of([[4, None, 4, 4, 4, 4, 4, 4, 4], [2, 2, 2, 2, 2, 2, 2, 2, 2]])
    assert result.nrrs[1] == 2
    assert result.nrrs[0] == 3
    # (3×8 + 2)/9 = 26/9 → × 25 = 72.22 C
    assert result.converted == Decimal("72.22")
    assert result.grade == Grade.C


def test_one_ninth_exactly_not_0_111():
    # 0.111 × Σ would give 3.996 × 25 = 99.90 for all 4s.
    assert scoring.ikm([Fraction(4)] * 9) == 4


def test_rounding_only_at_the_end():
    # Respondents whose own indexes round differently: rounding per respondent would drift.
    rows = [[4, 4, 4, 4, 4, 4, 4, 4, 3], [3, 3, 3, 3, 3, 3, 3, 3, 4], [4, 3, 4, 3, 4, 3, 4, 3, 4]]
    result = scoring.result_of(rows)
    exact = Fraction(sum(map(sum, rows)), 27) * 25
    assert result.converted == scoring.round_half_up(exact)


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        ("100.00", Grade.A),
        ("88.31", Grade.A),
        ("88.30", Grade.B),
        ("76.61", Grade.B),
        ("76.60", Grade.C),
        ("65.00", Grade.C),
        ("64.99", Grade.D),
        ("25.00", Grade.D),
    ],
)
def test_band_edges(value, grade):
    assert scoring.grade(Decimal(value)) == grade


def test_band_edge_from_an_exact_value_rounds_first():
    # 88.305 exactly rounds half-up to 88.31 → A; 88.3049… to 88.30 → B.
    assert scoring.grade(scoring.converted(Fraction(88305, 1000) / 25)) == Grade.A
    assert scoring.grade(scoring.converted(Fraction(883049, 10000) / 25)) == Grade.B


@pytest.mark.parametrize(
    ("population", "minimum"),
    [(10, 10), (100, 80), (200, 132), (500, 217), (1000, 278), (10000, 370), (1000000, 384)],
)
def test_sample_minimum_krejcie_morgan(population, minimum):
    assert scoring.sample_minimum(population) == minimum


def test_element_nobody_answered_gives_no_index():
    result = scoring.result_of([[4, 4, None, 4, 4, 4, 4, 4, 4]])
    assert result.index is None
    assert result.grade is None


def test_weighted_index_weights_sum_to_one():
    # IPAK with five aspects weighted 2:2:2:2:1 → Σ wᵢ = 1 exactly.
    nrrs = [Fraction(3), Fraction(4), Fraction(3), Fraction(3), Fraction(2)]
    assert scoring.weighted_index(nrrs, [2, 2, 2, 2, 1]) == Fraction(6 + 8 + 6 + 6 + 2, 9)


@pytest.mark.parametrize(
    ("mean", "scale", "rule", "expected"),
    [
        (Fraction(7, 2), 4, ScaleRule.LINEAR, Fraction(7, 2)),
        (Fraction(7, 2), 4, ScaleRule.PROPORTIONAL, Fraction(7, 2)),
        (Fraction(9, 2), 5, ScaleRule.PROPORTIONAL, Fraction(18, 5)),
        (Fraction(5), 5, ScaleRule.LINEAR, Fraction(4)),
        (Fraction(1), 6, ScaleRule.LINEAR, Fraction(1)),
        (Fraction(6), 6, ScaleRule.PROPORTIONAL, Fraction(4)),
    ],
)
def test_instrument_scale_to_lke(mean, scale, rule, expected):
    assert scoring.to_lke(mean, scale, rule) == expected


def test_lke_points():
    assert scoring.lke_points(Fraction(18, 5)) == Fraction(63, 4)  # 3.6/4 × 17.5 = 15.75


# --- manage.py ikm_score --------------------------------------------------------------


def _run(tmp_path, payload) -> dict:
    path = tmp_path / "in.json"
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload))
    out = __import__("io").StringIO()
    call_command("ikm_score", str(path), stdout=out)
    return json.loads(out.getvalue(), parse_float=Decimal)


def test_command_prints_the_figures(tmp_path):
    result = _run(
        tmp_path,
        {"population": 1000, "responses": [[4] * 9, [3, None, 3, 3, 3, 3, 3, 3, 3]]},
    )
    assert result["respondents"] == 2
    assert result["nrr"]["U1"] == Decimal("3.5000")
    assert result["nrr"]["U2"] == Decimal("4.0000")
    assert result["ikm"] == Decimal("3.5556")
    assert result["converted"] == Decimal("88.89")
    assert result["grade"] == "A"
    assert result["sample_minimum"] == 278


def test_command_without_population_has_no_sample(tmp_path):
    result = _run(tmp_path, {"responses": [[1] * 9]})
    assert "sample_minimum" not in result
    assert result["converted"] == Decimal("25.00")
    assert result["grade"] == "D"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"responses": [[4] * 9, [5, 4, 4, 4, 4, 4, 4, 4, 4]]}, "Baris 2, U1: jawaban 5"),
        ({"responses": [[4] * 9, [4] * 9, [4] * 8]}, "Baris 3: berisi 8 jawaban"),
        ({"responses": []}, "responses kosong"),
        ({"responses": [[4] * 9, [None] * 9]}, "Baris 2: semua jawaban kosong"),
        ({"responses": [[4, 4, 4, 4, "4", 4, 4, 4, 4]]}, "Baris 1, U5"),
        ({"responses": [[4, 4, 4, 4, 3.5, 4, 4, 4, 4]]}, "Baris 1, U5"),
        ({"responses": [[4] * 9], "population": 0}, "population"),
        ({"responses": [[4, None, 4, 4, 4, 4, 4, 4, 4]]}, "U2"),
        ({"answers": [[4] * 9]}, "Kunci tidak dikenal"),
        ("[1, 2", "bukan JSON"),
    ],
)
def test_command_refuses_bad_input_with_exit_2(tmp_path, payload, message):
    with pytest.raises(CommandError) as refused:
        _run(tmp_path, payload)
    assert refused.value.returncode == 2
    assert message in str(refused.value)


def test_the_written_rule_of_a_four_point_instrument_is_no_conversion():
    for rule in ScaleRule.values:
        assert "tanpa konversi" in scoring.rule_text(rule, 4)
    assert "dibagi 5" in scoring.rule_text(ScaleRule.PROPORTIONAL, 5)
    assert "× 3 ÷ (6 − 1)" in scoring.rule_text(ScaleRule.LINEAR, 6)
