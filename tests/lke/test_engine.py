"""The scoring rules of LKE_SCORING.md §1–5, one test (or a few) per rule."""

from decimal import Decimal
from fractions import Fraction

import pytest

from apps.lke.engine import InvalidAnswers, load_template, round_half_up, score
from apps.lke.engine.numbers import fmt2

from .support import best_answers, d, mini_template_doc, set_settings

F = Fraction


def only(template, **answers):
    return score(template, answers)


# --- §1 answer values ------------------------------------------------------------


@pytest.mark.parametrize(("answer", "value"), [("Ya", F(1)), ("Tidak", F(0))])
def test_ya_tidak_is_worth_one_or_zero(lke2021, answer, value):
    assert only(lke2021, PPA1A=answer).value("PPA1A") == value


@pytest.mark.parametrize(("answer", "value"), [("A", F(1)), ("B", F(1, 2)), ("C", F(0))])
def test_abc_is_worth_one_half_zero(lke2021, answer, value):
    assert only(lke2021, PPA1B=answer).value("PPA1B") == value


@pytest.mark.parametrize(
    ("answer", "value"),
    [("A", F(1)), ("B", F(67, 100)), ("C", F(33, 100)), ("D", F(0))],
)
def test_abcd_uses_the_rounded_sheet_values_not_thirds(lke2021, answer, value):
    assert only(lke2021, PPA3A=answer).value("PPA3A") == value
    assert only(lke2021, PPA3A="B").value("PPA3A") != F(2, 3)


@pytest.mark.parametrize(
    ("answer", "value"),
    [("A", F(1)), ("B", F(3, 4)), ("C", F(1, 2)), ("D", F(1, 4)), ("E", F(0))],
)
def test_abcde_is_worth_quarters(lke2021, answer, value):
    assert only(lke2021, PPB1B=answer).value("PPB1B") == value


def test_option_codes_ignore_case_and_spaces(lke2021):
    result = only(lke2021, PPA1A=" ya ", PPA1B="b")
    assert result.value("PPA1A") == 1
    assert result.answers["PPA1B"] == "B"


@pytest.mark.parametrize(("raw", "value"), [(4, F(1)), (Decimal("3.7"), F(37, 40)), (0, F(0))])
def test_nilai_is_score_over_four(lke2021, raw, value):
    assert only(lke2021, HBA=raw).value("HBA") == value


def test_a_float_score_is_read_as_its_decimal_text(lke2021):
    assert only(lke2021, HBA=3.7).value("HBA") == F(37, 40)


@pytest.mark.parametrize("raw", [Decimal("4.01"), -1, Decimal("-0.01"), 5])
def test_nilai_outside_zero_to_four_is_an_error(lke2021, raw):
    with pytest.raises(InvalidAnswers) as exc:
        only(lke2021, HBA=raw)
    assert "HBA" in str(exc.value)
    assert "di luar rentang 0–4" in str(exc.value)


def test_persen_is_percent_over_hundred(lke2014):
    assert only(lke2014, HB2=70).value("HB2") == F(7, 10)


@pytest.mark.parametrize("raw", [Decimal("100.5"), -3])
def test_persen_outside_zero_to_hundred_is_an_error(lke2014, raw):
    with pytest.raises(InvalidAnswers, match=r"HB2.*di luar rentang 0–100"):
        only(lke2014, HB2=raw)


def test_an_unanswered_question_counts_zero_and_stays_in_the_average(lke2021):
    # PPA1 weighs 0.5 over two questions: one Ya gives 0.25, not 0.5.
    result = only(lke2021, PPA1A="Ya")
    assert result.indicators["PPA1"] == F(1, 4)
    assert result.answered == 1


@pytest.mark.parametrize(("choice", "counts"), [(None, None), ("", ""), ("   ", {})])
def test_blank_answers_are_unanswered(lke2021, choice, counts):
    result = only(lke2021, PPA1A=choice, PRA1A=counts, HBA=choice)
    assert result.answered == 0
    assert result.total == 0


# --- §2 from answers to scores ---------------------------------------------------


def test_per_question_weight_is_exact_not_the_rounded_csv_column(lke2021):
    # PPC1 weighs 0.25 over 3 questions; the CSV shows 0.0833 per question.
    assert lke2021.question("PPC1A").weight == F(1, 12)
    result = only(lke2021, PPC1A="Ya", PPC1B="A", PPC1C="Ya")
    assert result.indicators["PPC1"] == F(1, 4)
    assert fmt2(result.area("SDM").score) == "0.25"


def test_indicator_score_is_value_times_weight_summed(lke2021):
    # PPA3 weighs 1 over 3 questions; B on each: 3 × 0.67 × 1/3 = 0.67
    result = only(lke2021, PPA3A="B", PPA3B="B", PPA3C="B")
    assert result.indicators["PPA3"] == F(67, 100)


def test_aspect_area_and_component_add_up(lke2021):
    result = only(lke2021, PPA1A="Ya", PPA2A="Ya", PRA2A="A", PPB3A="A")
    mp = result.area("MP")
    pemenuhan, reform = mp.aspects
    assert pemenuhan.score == F(1, 4) + F(1, 3)
    assert reform.score == 1
    assert mp.score == pemenuhan.score + reform.score
    assert result.component("pengungkit").score == mp.score + result.area("TL").score
    assert result.total == result.component("pengungkit").score


def test_area_weights_are_the_regulations(lke2021):
    weights = {
        a.code: (a.weight, [s.weight for s in a.aspects]) for a in lke2021.areas("pengungkit")
    }
    assert weights == {
        "MP": (d(8), [d(4), d(4)]),
        "TL": (d(7), [d("3.5"), d("3.5")]),
        "SDM": (d(10), [d(5), d(5)]),
        "AK": (d(10), [d(5), d(5)]),
        "PW": (d(15), [d("7.5"), d("7.5")]),
        "PP": (d(10), [d(5), d(5)]),
    }


def test_pengungkit_maximum_is_sixty(lke2021):
    answers = {c: a for c, a in best_answers(lke2021).items() if not c.startswith("H")}
    assert score(lke2021, answers).component("pengungkit").score == 60


def test_hasil_items_follow_their_formulas(lke2021):
    result = only(lke2021, HBA=Decimal("3.7"), HBB="B", HPA=Decimal("3.5"))
    assert result.points("HBA") == F(35, 2) * F(37, 10) / 4  # 17.5 × score/4
    assert result.points("HBB") == 5 * F(3, 4)  # 5 × value of its A–E answer
    assert result.points("HPA") == F(35, 2) * F(35, 10) / 4
    assert result.component("hasil").score == sum(result.points(c) for c in ("HBA", "HBB", "HPA"))
    assert result.to_dict()["hasil_items"] == {"HBA": "16.19", "HBB": "3.75", "HPA": "15.31"}


def test_total_is_pengungkit_plus_hasil(lke2021):
    result = only(lke2021, PPA1A="Ya", HBB="A")
    assert result.total == F(1, 4) + 5
    assert result.to_dict()["total"] == "5.25"


def test_the_example_of_the_issue(lke2021):
    answers = {
        "PPA1A": "Ya",
        "PPA1B": "B",
        "PRA1A": {"agents": 4, "changes": 3},
        "HBA": 3.7,
        "HBB": "B",
        "HPA": 3.5,
    }
    out = score(lke2021, answers).to_dict()
    assert out["template"] == "lke-2021"
    assert out["total"] == "36.38"  # 36.375
    assert out["pengungkit"] == "1.13"  # 1.125
    assert out["hasil"] == "35.25"
    assert out["areas"]["MP"] == {
        "pemenuhan": "0.38",
        "reform": "0.75",
        "score": "1.13",
        "percent": "14.06",
    }
    assert out["areas"]["TL"] == {
        "pemenuhan": "0.00",
        "reform": "0.00",
        "score": "0.00",
        "percent": "0.00",
    }
    assert list(out["areas"]) == ["MP", "TL", "SDM", "AK", "PW", "PP"]
    assert out["predicate"] is None
    assert set(out["failed"]) == {"WBK", "WBBM"}


def test_figures_round_half_up_not_half_even(lke2021):
    # PPA1B "B" alone: 0.5 × 0.25 = 0.125 exactly → 0.13 (half-even would say 0.12)
    out = only(lke2021, PPA1B="B").to_dict()
    assert out["areas"]["MP"]["pemenuhan"] == "0.13"
    assert round_half_up(F(1, 8)) == Decimal("0.13")
    assert round_half_up(F(-1, 8)) == Decimal("-0.13")
    assert round_half_up(F(1, 3)) == Decimal("0.33")


def test_every_figure_is_rounded_from_the_exact_value_not_from_rounded_parts(lke2021):
    # Three areas each at 0.125 (shown 0.13) add to 0.375 (shown 0.38, not 0.39).
    result = only(lke2021, PPA1B="B", PPB3A="B", PPC6A="A")
    out = result.to_dict()
    assert [out["areas"][a]["score"] for a in ("MP", "TL", "SDM")] == ["0.13", "0.13", "0.25"]
    assert out["pengungkit"] == "0.50"
    result = only(lke2021, PPA1B="B", PPB3A="B", PPB3B="B")
    assert result.to_dict()["pengungkit"] == "0.38"


# --- §3 computed % questions -------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "counts", "value"),
    [
        ("PRA1A", {"agents": 4, "changes": 3}, F(3, 4)),
        ("PRA1A", {"agents": 0, "changes": 0}, F(0)),
        ("PRA1A", {"agents": 0, "changes": 2}, F(0)),
        ("PRA1B", {"changes": 5, "integrated": 2}, F(2, 5)),
        ("PRA1B", {"changes": 0, "integrated": 0}, F(0)),
        ("PRC3A", {"last_year": 10, "this_year": 4, "sanctioned": 4}, F(3, 5)),
        ("PRC3A", {"last_year": 0, "this_year": 0}, F(1)),
        ("PRC3A", {"last_year": 0, "this_year": 3}, F(0)),
        ("PRC3A", {"last_year": 4, "this_year": 9}, F(0)),  # more violations: clamped to 0
        ("PRC3A", {"last_year": 4, "this_year": 0}, F(1)),
        ("PRD1A", {"targets": 8, "achieved": 6}, F(3, 4)),
        ("PRD1A", {"targets": 0, "achieved": 0}, F(0)),
        ("PRE2A", {"due": 10, "in_process": 3, "resolved": 7}, F(7, 10)),
        ("PRE2A", {"due": 0, "resolved": 0}, F(1)),  # nothing was due
        ("PRE3A", {"required": 20, "reported": 19}, F(19, 20)),
        ("PRE3A", {"required": 0, "reported": 0}, F(1)),  # nobody must report
        ("PRE3B", {"required": 0, "reported": 0}, F(1)),
        ("PRF1B", {"services": 12, "simplified": 3}, F(1, 4)),
        ("PRF1B", {"services": 0, "simplified": 0}, F(0)),
    ],
)
def test_computed_percentages(lke2021, code, counts, value):
    assert only(lke2021, **{code: counts}).value(code) == value


def test_disciplinary_decrease_is_not_this_year_over_last_year(lke2021):
    # A public app computes this_year / last_year (0.4 here), rewarding more violations.
    result = only(lke2021, PRC3A={"last_year": 10, "this_year": 4})
    assert result.value("PRC3A") == F(6, 10)


def test_a_numerator_above_its_denominator_is_clamped_with_a_warning(lke2021):
    result = only(lke2021, PRA1A={"agents": 2, "changes": 5})
    assert result.value("PRA1A") == 1
    assert len(result.warnings) == 1
    assert "PRA1A" in result.warnings[0]
    assert "dibatasi 100%" in result.warnings[0]
    assert result.to_dict(detail=True)["warnings"] == list(result.warnings)


def test_count_inputs_accept_integral_numbers_and_numeric_text(lke2021):
    result = only(lke2021, PRA1A={"agents": Decimal("4.0"), "changes": "3"})
    assert result.value("PRA1A") == F(3, 4)
    assert result.answers["PRA1A"] == {"agents": 4, "changes": 3}


def test_informational_count_inputs_are_optional(lke2021):
    # PRE2A's "in_process" and PRC3A's "sanctioned" do not enter the formula.
    result = only(lke2021, PRE2A={"due": 4, "resolved": 2}, PRC3A={"last_year": 2, "this_year": 1})
    assert result.value("PRE2A") == F(1, 2)
    assert result.value("PRC3A") == F(1, 2)


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ({"agents": -1, "changes": 0}, "tidak boleh negatif"),
        ({"agents": Decimal("2.5"), "changes": 1}, "harus bilangan bulat"),
        ({"agents": True, "changes": 1}, "harus berupa bilangan bulat"),
        ({"agents": "empat", "changes": 1}, "harus berupa bilangan bulat"),
        ({"agents": 4, "changes": 1, "extra": 2}, "masukan hitungan 'extra' tidak dikenal"),
        ({"changes": 1}, "jumlah agen perubahan ('agents') wajib diisi"),
        ({"agents": 5_000_000, "changes": 1}, "paling banyak 1.000.000"),
    ],
)
def test_bad_count_inputs_are_errors_naming_the_question(lke2021, counts, message):
    with pytest.raises(InvalidAnswers) as exc:
        only(lke2021, PRA1A=counts)
    assert "Pertanyaan PRA1A" in str(exc.value)
    assert message in str(exc.value)


def test_a_number_for_a_computed_question_is_an_error(lke2021):
    with pytest.raises(InvalidAnswers, match="PRA1A: jawaban % dihitung harus berupa objek"):
        only(lke2021, PRA1A=75)


# --- input errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"PPA1B": "E"}, "Pertanyaan PPA1B: pilihan 'E' tidak tersedia untuk tipe jawaban A/B/C"),
        ({"PPA1A": "B"}, "Pertanyaan PPA1A: pilihan 'B' tidak tersedia"),
        ({"PPA1A": 1}, "Pertanyaan PPA1A: jawaban harus berupa pilihan (Ya, Tidak)"),
        ({"XYZ9": "A"}, "Pertanyaan XYZ9: kode pertanyaan tidak dikenal dalam template lke-2021"),
        ({"HBA": "tinggi"}, "Pertanyaan HBA: jawaban Nilai (0-4) harus berupa angka"),
        ({"HBA": True}, "Pertanyaan HBA: jawaban Nilai (0-4) harus berupa angka"),
        ({"HBA": float("nan")}, "Pertanyaan HBA: jawaban Nilai (0-4) harus berupa angka"),
    ],
)
def test_bad_answers_are_reported_in_indonesian(lke2021, answers, message):
    with pytest.raises(InvalidAnswers) as exc:
        score(lke2021, answers)
    assert message in str(exc.value)


def test_every_bad_answer_is_reported_at_once(lke2021):
    with pytest.raises(InvalidAnswers) as exc:
        score(lke2021, {"PPA1A": "x", "HBA": 9, "NOPE": 1, "PPA1B": "A"})
    assert [e.question for e in exc.value.errors] == ["PPA1A", "HBA", "NOPE"]


def test_answers_must_be_an_object(lke2021):
    with pytest.raises(InvalidAnswers, match="objek"):
        score(lke2021, ["PPA1A"])


def test_a_decimal_comma_is_accepted(lke2021):
    assert only(lke2021, HBA="3,75").value("HBA") == F(15, 16)


# --- §4 thresholds (LKE 2021) ----------------------------------------------------------


def failed_rules(result, predicate):
    return [(o.rule, o.area) if o.area else o.rule for o in result.failed(predicate)]


def test_all_best_answers_earn_wbbm_when_the_unit_holds_wbk(lke2021):
    result = score(lke2021, best_answers(lke2021), holds_wbk=True)
    assert result.predicate == "WBBM"
    assert result.to_dict()["failed"] == {"WBK": [], "WBBM": []}


def test_wbbm_needs_the_prior_wbk_predicate(lke2021):
    result = score(lke2021, best_answers(lke2021), holds_wbk=False)
    assert result.predicate == "WBK"
    assert result.to_dict()["failed"]["WBBM"] == [
        {
            "rule": "predikat_wbk",
            "label": "Telah memperoleh predikat Menuju WBK",
            "measure": "prior_predicate",
            "ref": "WBK",
            "value": False,
            "bound": True,
        }
    ]


def hba_for_total(lke2021, hba):
    # pengungkit 60 + HBB A (5) + HBA 17.5 × s/4, nothing else: total = 65 + 4.375 s
    answers = best_answers(lke2021, HBA=Decimal(hba), HPA=0)
    return score(lke2021, answers)


def test_a_total_that_rounds_to_75_passes(lke2021):
    result = hba_for_total(lke2021, "2.2846")  # total 74.995125
    total_rule = next(o for o in result.outcomes if o.predicate == "WBK" and o.rule == "total")
    assert result.total < 75
    assert total_rule.value == Decimal("75.00")
    assert total_rule.passed


def test_a_total_that_rounds_to_74_99_fails(lke2021):
    result = hba_for_total(lke2021, "2.2845")  # total 74.9946875
    total_rule = next(o for o in result.outcomes if o.predicate == "WBK" and o.rule == "total")
    assert not total_rule.passed
    assert total_rule.to_dict() == {
        "rule": "total",
        "label": "Nilai total",
        "measure": "total",
        "value": "74.99",
        "bound": "75.00",
        "unit": "points",
    }


def test_the_predicate_uses_rounded_figures_at_the_threshold():
    # mini: X = XA1 (Ya → 2) + XA2 (4 → 2) + XB1 (100 → 6) = 10; H1 = 2.5 × h.
    template = load_template(mini_template_doc())
    answers = {"XA1": "Ya", "XA2": 4, "XB1": 100, "H1": Decimal("1.998")}
    result = score(template, answers)  # H1 4.995 → 5.00 ≥ 5; total 14.995 → 15.00 ≥ 15
    assert result.total == F(14995, 1000)
    assert result.predicate == "WBK"
    result = score(template, {**answers, "H1": Decimal("1.9979")})  # 4.99475 → 4.99
    assert result.predicate is None
    assert [o.rule for o in result.failed("WBK")] == ["total", "h1"]


def test_area_minimum_is_sixty_percent_of_the_area_weight(lke2021):
    # MP pemenuhan full (4); reform only PRA1A = changes/agents (weight 1): MP = 4 + ratio.
    def mp(agents, changes):
        answers = best_answers(
            lke2021,
            PRA1A={"agents": agents, "changes": changes},
            PRA1B={"changes": 1, "integrated": 0},
            PRA2A="E",
            PRA3A="D",
        )
        return score(lke2021, answers)

    exactly = mp(5, 4)  # 4.8 / 8 = 60 %
    assert exactly.to_dict()["areas"]["MP"] == {
        "pemenuhan": "4.00",
        "reform": "0.80",
        "score": "4.80",
        "percent": "60.00",
    }
    assert ("area_min", "MP") not in failed_rules(exactly, "WBK")
    assert ("area_min", "MP") in failed_rules(exactly, "WBBM")
    below = mp(10000, 7992)  # 4.7992 → 59.99 %
    assert ("area_min", "MP") in failed_rules(below, "WBK")
    rounds_up = mp(10000, 7996)  # 4.7996 → 59.995 % → 60.00 %
    assert rounds_up.area("MP").percent < 60
    assert ("area_min", "MP") not in failed_rules(rounds_up, "WBK")
    outcome = next(o for o in exactly.failed("WBBM") if o.rule == "area_min")
    assert outcome.to_dict() == {
        "rule": "area_min",
        "label": "Nilai setiap area pengungkit minimal 75% dari bobotnya",
        "measure": "area_percent",
        "ref": "pengungkit",
        "area": "MP",
        "value": "60.00",
        "bound": "75.00",
        "unit": "percent",
    }


def test_an_area_below_sixty_percent_fails_wbk_even_with_a_high_total(lke2021):
    answers = best_answers(
        lke2021, PPE1A="C", PPE1B="D", PRE1A="E", PRE2A={"due": 5, "resolved": 0}
    )
    result = score(lke2021, answers)
    pw = result.area("PW")
    assert pw.percent < 60
    assert result.total >= 85
    assert failed_rules(result, "WBK") == [("area_min", "PW")]
    assert result.predicate is None


def test_per_aspect_area_rule_is_a_template_setting(doc2021):
    # MP pemenuhan full (4), reform 1 of 4 (25 %): per area 62.5 % passes 60 %,
    # per aspect the reform aspect fails.
    template = load_template(doc2021)
    answers = best_answers(
        template,
        PRA1A={"agents": 1, "changes": 0},
        PRA1B={"changes": 1, "integrated": 0},
        PRA3A="D",
    )
    assert ("area_min", "MP") not in failed_rules(score(template, answers), "WBK")
    per_aspect = load_template(set_settings(doc2021, area_rule="per_aspect"))
    result = score(per_aspect, answers)
    failures = [(o.area, o.aspect) for o in result.failed("WBK") if o.rule == "area_min"]
    assert failures == [("MP", "reform")]
    assert result.failed("WBK")[0].to_dict()["aspect"] == "reform"


def test_area_rule_may_compare_scores_instead_of_percentages():
    # X = 2 + 2 + 6 × 33.25/100 = 5.995: the score shows 6.00 (≥ 60 % × 10 = 6),
    # the percentage shows 59.95 (< 60).
    answers = {"XA1": "Ya", "XA2": 4, "XB1": Decimal("33.25"), "H1": 4}
    by_percent = score(load_template(mini_template_doc()), answers)
    doc = set_settings(mini_template_doc(), area_compare="score")
    by_score = score(load_template(doc), answers)
    p = next(o for o in by_percent.outcomes if o.rule == "area_min")
    s = next(o for o in by_score.outcomes if o.rule == "area_min")
    assert (p.unit, str(p.value), p.bound, p.passed) == ("percent", "59.95", 60, False)
    assert (s.unit, str(s.value), s.bound, s.passed) == ("points", "6.00", 6, True)


@pytest.mark.parametrize(
    ("hba", "hbb", "hpa", "wbk_failures"),
    [
        (Decimal("3.6"), "C", Decimal("3.2"), []),  # 15.75, 2.50, 14.00: the WBK minimums
        (Decimal("3.59"), "C", Decimal("3.2"), ["bersih_akuntabel", "ipak"]),
        (Decimal("3.6"), "D", Decimal("3.2"), ["bersih_akuntabel", "capaian_kinerja"]),
        (Decimal("3.6"), "C", Decimal("3.19"), ["ipkp"]),
        (4, "E", 4, ["bersih_akuntabel", "capaian_kinerja"]),  # 17.5 + 0 < 18.25
    ],
)
def test_hasil_minimums_for_wbk(lke2021, hba, hbb, hpa, wbk_failures):
    result = score(lke2021, best_answers(lke2021, HBA=hba, HBB=hbb, HPA=hpa))
    assert failed_rules(result, "WBK") == wbk_failures


def test_bersih_akuntabel_needs_18_25_for_wbk_and_19_50_for_wbbm(lke2021):
    result = score(lke2021, best_answers(lke2021, HBA=Decimal("3.6"), HBB="C"), holds_wbk=True)
    assert result.to_dict(detail=True)["hasil_areas"]["HB"] == "18.25"
    assert result.predicate == "WBK"
    bersih = next(o for o in result.failed("WBBM") if o.rule == "bersih_akuntabel")
    assert (str(bersih.value), str(bersih.bound)) == ("18.25", "19.5")
    assert bersih.to_dict()["bound"] == "19.50"


def test_wbbm_needs_capaian_kinerja_b_and_ipkp_3_60(lke2021):
    answers = best_answers(lke2021, HBB="C", HPA=Decimal("3.59"))
    result = score(lke2021, answers, holds_wbk=True)
    assert result.predicate == "WBK"
    assert failed_rules(result, "WBBM") == ["capaian_kinerja", "ipkp"]


def test_wbbm_totals_and_pengungkit_minimums(lke2021):
    # Pengungkit 47.xx: WBK holds, WBBM fails on pengungkit (48) and areas (75 %).
    answers = best_answers(lke2021)
    for code, question in lke2021.questions.items():
        if question.aspect_code == "reform" and question.kind == "choice":
            answers[code] = "B"
        elif question.aspect_code == "reform":
            names = [c.name for c in question.count_inputs]
            answers[code] = dict.fromkeys(names, 0) | {names[0]: 2, names[1]: 1}
    result = score(lke2021, answers, holds_wbk=True)
    assert 40 <= result.component("pengungkit").score < 48
    assert result.predicate == "WBK"
    assert "pengungkit" in failed_rules(result, "WBBM")


def test_a_failed_rule_reports_its_figure_and_bound(lke2021):
    out = score(lke2021, {"HBA": 1}).to_dict()
    ipak = next(f for f in out["failed"]["WBK"] if f["rule"] == "ipak")
    assert ipak == {
        "rule": "ipak",
        "label": "Indeks Persepsi Anti Korupsi (IPAK)",
        "measure": "question",
        "ref": "HBA",
        "value": "4.38",
        "bound": "15.75",
        "unit": "points",
        "note": "setara nilai survei ≥ 3,60",
    }


def test_thresholds_are_template_data(doc2021):
    for predicate in doc2021["predicates"]:
        for rule in predicate["rules"]:
            if rule["code"] == "total":
                rule["bound"] = "10"
    template = load_template(doc2021)
    result = score(template, {"HBA": 4, "HBB": "A", "HPA": 4})  # total 40
    assert "total" not in failed_rules(result, "WBK")


# --- §5 LKE 2014 --------------------------------------------------------------------------


def test_lke_2014_has_one_proses_aspect_per_area(lke2014):
    out = score(lke2014, {"MP1a": "Ya", "MP1b": "B"}).to_dict()
    assert out["areas"]["MP"] == {"proses": "0.75", "score": "0.75", "percent": "15.00"}
    assert list(out["areas"]) == ["MP", "TL", "SDM", "AK", "PW", "PP"]


def test_lke_2014_area_weights(lke2014):
    weights = {a.code: a.weight for a in lke2014.areas("pengungkit")}
    assert weights == {"MP": 5, "TL": 5, "SDM": 15, "AK": 10, "PW": 15, "PP": 10}


def test_lke_2014_hasil_formulas(lke2014):
    result = score(lke2014, {"HB1": Decimal("3.6"), "HB2": 70, "HP1": Decimal("3.2")})
    assert result.to_dict()["hasil_items"] == {"HB1": "13.50", "HB2": "3.50", "HP1": "16.00"}
    assert result.points("HB1") == 15 * F(36, 10) / 4
    assert result.points("HB2") == 5 * F(70, 100)
    assert result.points("HP1") == 20 * F(32, 10) / 4


def test_lke_2014_thresholds(lke2014):
    best = best_answers(lke2014)
    assert score(lke2014, best, holds_wbk=True).predicate == "WBBM"
    result = score(lke2014, {**best, "HB2": 69}, holds_wbk=True)
    assert result.predicate is None
    assert failed_rules(result, "WBK") == ["tlhp"]  # 3.45 < 3.5
    result = score(lke2014, {**best, "HB1": Decimal("3.6"), "HB2": 80})  # 13.5 + 4 < 18
    assert failed_rules(result, "WBK") == ["bersih_bebas_kkn"]
    result = score(lke2014, {**best, "HP1": Decimal("3.19")}, holds_wbk=True)
    assert result.predicate == "WBK"
    assert failed_rules(result, "WBBM") == ["kualitas_pelayanan"]


def test_lke_2014_has_no_pengungkit_or_area_rule(lke2014):
    result = score(lke2014, {"HB1": 4, "HB2": 100, "HP1": 4})
    rules = {o.rule for o in result.outcomes}
    assert not rules & {"pengungkit", "area_min"}
    assert failed_rules(result, "WBK") == ["total"]


def test_the_same_engine_scores_both_versions(lke2021, lke2014):
    assert score(lke2021, best_answers(lke2021)).to_dict()["total"] == "100.00"
    assert score(lke2014, best_answers(lke2014)).to_dict()["total"] == "100.00"


def test_computed_answers_read_as_sentences_and_are_read_back():
    from apps.lke.engine import computed_text, parse_computed_text
    from tests.lke.support import TEMPLATES

    template = TEMPLATES["lke-2021"]
    ratio = template.questions["PRA1A"]
    text = computed_text(ratio, {"agents": 5, "changes": 5}, "100 %")
    assert text == "5 perubahan yang dibuat agen perubahan / 5 agen perubahan = 100 %"
    assert parse_computed_text(ratio, text) == {"agents": "5", "changes": "5"}
    decrease = template.questions["PRC3A"]
    text = computed_text(decrease, {"last_year": 3, "this_year": 1, "sanctioned": 1})
    assert text == (
        "3 pelanggaran disiplin tahun lalu → 1 pelanggaran disiplin tahun ini "
        "(1 pelanggaran yang telah dijatuhi sanksi)"
    )
    assert parse_computed_text(decrease, text) == {
        "last_year": "3",
        "this_year": "1",
        "sanctioned": "1",
    }
