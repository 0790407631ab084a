"""Helpers for the LKE engine tests: fixture documents and answer sets."""

import json
from decimal import Decimal
from pathlib import Path

from apps.lke.engine import load_template
from apps.lke.engine.model import CHOICE, COMPUTED

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lke"


def fixture_doc(code: str) -> dict:
    return json.loads((FIXTURES / f"{code}.json").read_text(encoding="utf-8"))


DOCS = {code: fixture_doc(code) for code in ("lke-2021", "lke-2014")}
TEMPLATES = {code: load_template(doc) for code, doc in DOCS.items()}


def best_answer(question):
    """The answer worth 1."""
    if question.kind == CHOICE:
        return max(question.options, key=lambda o: o.value).code
    if question.kind == COMPUTED:
        return {c.name: (0 if c.name in ("this_year",) else 5) for c in question.count_inputs}
    return question.answer_type.maximum


def best_answers(template, **overrides) -> dict:
    answers = {code: best_answer(q) for code, q in template.questions.items()}
    answers.update(overrides)
    return answers


def worst_choice(question):
    return min(question.options, key=lambda o: o.value).code


def set_settings(doc: dict, **settings) -> dict:
    doc["settings"] = {**doc["settings"], **settings}
    return doc


def mini_template_doc(**overrides) -> dict:
    """A tiny template whose arithmetic is easy to follow in a test.

    pengungkit (10): area X (weight 10) = aspect "a" (4) + aspect "b" (6);
    a = indicator XA (4, questions XA1 Ya/Tidak, XA2 Nilai 0-4),
    b = indicator XB (6, question XB1 Persen); hasil (10): area H, item H1
    (Nilai 0-4, 10 points). WBK: total >= 15, X >= 60 %, H1 >= 5.
    """
    doc = {
        "code": "mini",
        "name": "Mini",
        "status": "draft",
        "settings": {"area_rule": "per_area", "area_compare": "percent", "decimal_places": 2},
        "answer_types": [
            {
                "code": "yt",
                "label": "Ya/Tidak",
                "kind": "choice",
                "options": [{"code": "Ya", "value": "1"}, {"code": "Tidak", "value": "0"}],
            },
            {"code": "n4", "label": "Nilai (0-4)", "kind": "score", "min": "0", "max": "4"},
            {"code": "pct", "label": "Persen (0-100)", "kind": "percent", "min": "0", "max": "100"},
        ],
        "components": [
            {
                "code": "pengungkit",
                "name": "P",
                "kind": "pengungkit",
                "weight": "10",
                "areas": [
                    {
                        "code": "X",
                        "name": "Area X",
                        "weight": "10",
                        "aspects": [
                            {
                                "code": "a",
                                "name": "A",
                                "weight": "4",
                                "indicators": [
                                    {
                                        "code": "XA",
                                        "name": "XA",
                                        "weight": "4",
                                        "questions": [
                                            {"code": "XA1", "text": "q", "answer_type": "yt"},
                                            {"code": "XA2", "text": "q", "answer_type": "n4"},
                                        ],
                                    },
                                ],
                            },
                            {
                                "code": "b",
                                "name": "B",
                                "weight": "6",
                                "indicators": [
                                    {
                                        "code": "XB",
                                        "name": "XB",
                                        "weight": "6",
                                        "questions": [
                                            {"code": "XB1", "text": "q", "answer_type": "pct"},
                                        ],
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
            {
                "code": "hasil",
                "name": "H",
                "kind": "hasil",
                "weight": "10",
                "areas": [
                    {
                        "code": "H",
                        "name": "Hasil",
                        "weight": "10",
                        "aspects": [
                            {
                                "code": "hasil",
                                "name": "Hasil",
                                "weight": "10",
                                "indicators": [
                                    {
                                        "code": "H1",
                                        "name": "H1",
                                        "weight": "10",
                                        "questions": [
                                            {"code": "H1", "text": "q", "answer_type": "n4"},
                                        ],
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
        ],
        "predicates": [
            {
                "code": "WBK",
                "name": "Menuju WBK",
                "rules": [
                    {"code": "total", "label": "Total", "measure": "total", "bound": "15"},
                    {
                        "code": "area_min",
                        "label": "Area",
                        "measure": "area_percent",
                        "ref": "pengungkit",
                        "percent": "60",
                    },
                    {"code": "h1", "label": "H1", "measure": "question", "ref": "H1", "bound": "5"},
                ],
            },
        ],
    }
    doc.update(overrides)
    return doc


def d(text) -> Decimal:
    return Decimal(str(text))
