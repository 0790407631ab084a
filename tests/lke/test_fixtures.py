"""The shipped template fixtures, and the loader's checks on template documents."""

import ast
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from apps.lke.engine import TemplateError, load_template

from .support import DOCS, FIXTURES, TEMPLATES, mini_template_doc

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"


def questions_by_aspect(template):
    counts = {}
    for question in template.questions.values():
        counts[question.aspect_code] = counts.get(question.aspect_code, 0) + 1
    return counts


def test_lke_2021_has_87_pemenuhan_23_reform_and_3_hasil_questions():
    assert questions_by_aspect(TEMPLATES["lke-2021"]) == {"pemenuhan": 87, "reform": 23, "hasil": 3}


def test_lke_2014_has_81_proses_and_3_hasil_questions():
    assert questions_by_aspect(TEMPLATES["lke-2014"]) == {"proses": 81, "hasil": 3}


@pytest.mark.parametrize("code", sorted(DOCS))
def test_a_fixture_is_a_complete_versioned_template(code):
    doc = DOCS[code]
    assert doc["code"] == code
    assert doc["format"] == 1
    assert doc["legal_basis"].startswith("Peraturan Menteri Pendayagunaan Aparatur Negara")
    assert doc["status"] in ("published", "retired")
    assert doc["settings"]["area_rule"] in ("per_area", "per_aspect")
    assert [c["code"] for c in doc["components"]] == ["pengungkit", "hasil"]
    areas = [a["code"] for a in doc["components"][0]["areas"]]
    assert areas == ["MP", "TL", "SDM", "AK", "PW", "PP"]
    assert [p["code"] for p in doc["predicates"]] == ["WBBM", "WBK"]


@pytest.mark.parametrize("code", sorted(DOCS))
def test_fixture_numbers_are_decimal_strings_never_floats(code):
    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]")
        else:
            assert not isinstance(node, float), path

    walk(DOCS[code], code)
    abcd = next(t for t in DOCS[code]["answer_types"] if t["code"] == "abcd")
    assert [o["value"] for o in abcd["options"]] == ["1", "0.67", "0.33", "0"]


def test_2014_is_retired_and_2021_published():
    assert TEMPLATES["lke-2021"].status == "published"
    assert TEMPLATES["lke-2014"].status == "retired"


@pytest.mark.parametrize("code", sorted(DOCS))
def test_every_question_has_guidance_and_an_evidence_checklist(code):
    for question in TEMPLATES[code].questions.values():
        assert question.text, question.code
        assert question.guidance, question.code
        assert question.evidence, question.code
        assert all(doc and doc == doc.strip() for doc in question.evidence), question.code
        assert len(set(question.evidence)) == len(question.evidence), question.code
        assert question.evidence_source.startswith("SOP/UPM/DJBM-199"), question.code


@pytest.mark.parametrize(
    ("code", "document"),
    [
        ("PPA1A", "SK Tim Kerja Pembangunan ZI yang ditetapkan Pimpinan Unit Kerja"),
        ("PPA3B", "Laporan Monev Pembangunan ZI bulanan yang disahkan Pimpinan Unit Kerja"),
        ("PPA4B", "SK Agen Perubahan"),
        ("PPA4B", "Laporan pemantauan triwulanan Agen Perubahan"),
        ("PPB1A", "Peta proses bisnis utama unit kerja"),
        ("PPB1A", "SOP kegiatan utama dan pendukung"),
        ("PPE5A", "Peta benturan kepentingan"),
        ("PRA1A", "SK Agen Perubahan"),
        (
            "PRE3A",
            "Laporan Penyampaian LHKPN unit kerja (persentase, jumlah wajib lapor dan "
            "yang sudah melapor)",
        ),
    ],
)
def test_evidence_comes_from_the_pokja_activities_of_seed_003(code, document):
    assert document in TEMPLATES["lke-2021"].question(code).evidence


def test_2014_questions_share_the_checklists_of_their_2021_successors():
    lke2014, lke2021 = TEMPLATES["lke-2014"], TEMPLATES["lke-2021"]
    assert lke2014.question("MP1a").evidence == lke2021.question("PPA1A").evidence
    assert lke2014.question("PW5a").evidence == lke2021.question("PPE5A").evidence


def test_computed_questions_carry_their_count_inputs_and_formula():
    template = TEMPLATES["lke-2021"]
    computed = {
        code: [c.name for c in q.count_inputs]
        for code, q in template.questions.items()
        if q.kind == "computed"
    }
    assert computed == {
        "PRA1A": ["agents", "changes"],
        "PRA1B": ["changes", "integrated"],
        "PRC3A": ["last_year", "this_year", "sanctioned"],
        "PRD1A": ["targets", "achieved"],
        "PRE2A": ["due", "in_process", "resolved"],
        "PRE3A": ["required", "reported"],
        "PRE3B": ["required", "reported"],
        "PRF1B": ["services", "simplified"],
    }
    prc3a = template.question("PRC3A").computation
    assert (prc3a.rule, dict(prc3a.params)) == (
        "decrease",
        {"previous": "last_year", "current": "this_year"},
    )
    assert template.question("PRE2A").computation.if_zero == 1
    assert template.question("PRA1A").computation.if_zero == 0
    assert all(c.label for q in template.questions.values() for c in q.count_inputs)


def test_hasil_items_carry_their_formula_parameters():
    items = {
        code: (q.max_points, q.scale)
        for t in TEMPLATES.values()
        for code, q in t.questions.items()
        if q.component_code == "hasil"
    }
    assert items == {
        "HBA": (Decimal("17.5"), Decimal(4)),
        "HBB": (Decimal(5), Decimal(1)),
        "HPA": (Decimal("17.5"), Decimal(4)),
        "HB1": (Decimal(15), Decimal(4)),
        "HB2": (Decimal(5), Decimal(100)),
        "HP1": (Decimal(20), Decimal(4)),
    }


def test_option_labels_come_from_the_paraphrase_when_it_lists_them():
    template = TEMPLATES["lke-2021"]
    assert [o.label for o in template.question("PPA3A").options] == [
        "A: semua",
        "B: sebagian besar",
        "C: sebagian kecil",
        "D: belum",
    ]
    assert template.question("HBB").options[1].label == "B: 100% dan lebih baik dari tahun lalu"


def test_thresholds_are_rules_in_the_fixture():
    wbk = next(p for p in DOCS["lke-2021"]["predicates"] if p["code"] == "WBK")
    bounds = {r["code"]: r.get("bound", r.get("percent")) for r in wbk["rules"]}
    assert bounds == {
        "total": "75",
        "pengungkit": "40",
        "area_min": "60",
        "bersih_akuntabel": "18.25",
        "ipak": "15.75",
        "capaian_kinerja": "2.5",
        "ipkp": "14",
    }
    wbbm = next(p for p in DOCS["lke-2021"]["predicates"] if p["code"] == "WBBM")
    assert wbbm["rules"][-1] == {
        "code": "predikat_wbk",
        "label": "Telah memperoleh predikat Menuju WBK",
        "measure": "prior_predicate",
        "ref": "WBK",
    }


def code_constants(path: Path) -> list[object]:
    """String and number literals of a module, docstrings excluded."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and id(node) not in docstrings
    ]


def test_the_engine_does_not_know_any_template_version():
    engine = ROOT / "apps" / "lke" / "engine"
    for path in engine.glob("*.py"):
        for value in code_constants(path):
            if isinstance(value, str):
                assert not re.search(r"lke-20\d\d|PPA1A|HBA|HB1", value), (path, value)
            elif isinstance(value, int | float) and path.name != "eligibility.py":
                # eligibility.py's DEFAULT_POLICY mirrors the 2021 template's data
                # (test_eligibility checks they agree); scoring knows no bound.
                assert value not in (17.5, 18.25, 15.75, 14, 75, 85, 40, 48), (path, value)


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not available")
def test_the_committed_fixtures_match_the_build_tool():
    completed = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_lke_fixtures.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr


def test_fixture_files_are_the_only_templates_shipped():
    assert sorted(p.name for p in FIXTURES.glob("*.json")) == ["lke-2014.json", "lke-2021.json"]


# --- the loader refuses broken documents -------------------------------------------------


def problems_of(doc) -> list[str]:
    with pytest.raises(TemplateError) as exc:
        load_template(doc)
    return exc.value.problems


def test_the_mini_template_loads():
    assert len(load_template(mini_template_doc()).questions) == 4


def test_weights_that_do_not_add_up_are_refused():
    doc = mini_template_doc()
    doc["components"][0]["areas"][0]["aspects"][0]["weight"] = "5"
    assert any("aspek X/a: bobot 5 tidak sama" in p for p in problems_of(doc))


def test_float_numbers_are_refused_because_they_are_inexact():
    doc = mini_template_doc()
    doc["components"][0]["areas"][0]["weight"] = 10.0
    assert any("area X: angka 10.0 tidak sah" in p for p in problems_of(doc))


def test_unknown_answer_types_and_rule_references_are_refused():
    doc = mini_template_doc()
    doc["components"][0]["areas"][0]["aspects"][0]["indicators"][0]["questions"][0][
        "answer_type"
    ] = "nope"
    doc["predicates"][0]["rules"].append(
        {"code": "x", "label": "x", "measure": "question", "ref": "NOPE", "bound": "1"}
    )
    doc["predicates"][0]["rules"].append({"code": "y", "label": "y", "measure": "median"})
    problems = problems_of(doc)
    assert "pertanyaan XA1: tipe jawaban 'nope' tidak dikenal" in problems
    assert "predikat WBK aturan x: rujukan 'NOPE' tidak ada dalam template" in problems
    assert "predikat WBK aturan y: ukuran 'median' tidak dikenal" in problems


def test_duplicate_codes_and_bad_option_values_are_refused():
    doc = mini_template_doc()
    questions = doc["components"][0]["areas"][0]["aspects"][0]["indicators"][0]["questions"]
    questions[1]["code"] = "XA1"
    doc["answer_types"][0]["options"][0]["value"] = "1.5"
    problems = problems_of(doc)
    assert "pertanyaan 'XA1': kode kosong atau ganda" in problems
    assert "tipe jawaban yt: nilai pilihan Ya harus di antara 0 dan 1" in problems


def test_settings_and_status_must_be_known():
    doc = mini_template_doc(status="archived")
    doc["settings"]["area_rule"] = "per_planet"
    problems = problems_of(doc)
    assert "status 'archived' tidak dikenal" in problems
    assert "area_rule 'per_planet' tidak dikenal" in problems


def test_a_hasil_item_whose_max_points_disagree_with_its_weight_is_refused():
    doc = mini_template_doc()
    item = doc["components"][1]["areas"][0]["aspects"][0]["indicators"][0]["questions"][0]
    item["max_points"] = "12"
    assert any("max_points 12 tidak sama" in p for p in problems_of(doc))


def test_a_computed_question_needs_a_known_formula_over_its_inputs(doc2021):
    question = doc2021["components"][0]["areas"][0]["aspects"][1]["indicators"][0]["questions"][0]
    assert question["code"] == "PRA1A"
    question["computation"] = {"rule": "ratio", "numerator": "changes", "denominator": "staff"}
    problems = problems_of(doc2021)
    assert "pertanyaan PRA1A: denominator 'staff' bukan masukan hitungan pertanyaan ini" in problems
    assert "pertanyaan PRA1A: rumus ratio memerlukan if_zero" in problems


def test_a_template_document_round_trips_through_json():
    text = json.dumps(DOCS["lke-2021"])
    assert load_template(json.loads(text)) == TEMPLATES["lke-2021"]
