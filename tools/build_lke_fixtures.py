"""Build the LKE template fixtures from the shared CSVs.

    .venv/bin/python tools/build_lke_fixtures.py            # write fixtures/lke/*.json
    .venv/bin/python tools/build_lke_fixtures.py --check    # fail if they are stale

Reads ``../shared/data/lke_2021_questions.csv`` and ``lke_2014_questions.csv``
(the only code in the repository that reads ../shared) and writes one JSON
file per template version under ``fixtures/lke/``. The output is committed;
the application loads it with ``manage.py load_lke`` or reads it directly
(``lke_score``). Scoring data the CSVs do not carry (answer values,
count-input formulas, thresholds, eligibility) is in ``lke_rules.py``, the
evidence checklists in ``lke_evidence.py``; both end up in the fixtures as
data, so the engine never needs to know which version it scores.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

import lke_evidence
import lke_rules as rules

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "data"
DEFAULT_OUTPUT = REPO / "fixtures" / "lke"
FORMAT = 1


def d(text: str | int) -> Decimal:
    return Decimal(str(text).strip())


def fmt(value: Decimal) -> str:
    """Canonical decimal string: no exponent, no trailing zeros ("0.5", "40")."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def computation_guidance(comp: dict) -> str:
    if comp["rule"] == "ratio":
        num, den = rules.COUNT_LABELS[comp["numerator"]], rules.COUNT_LABELS[comp["denominator"]]
        return (
            f"Nilai dihitung: {num} ÷ {den}, dibatasi 0–1; "
            f"bila {den.lower()} = 0, nilainya {comp['if_zero']}."
        )
    prev, cur = rules.COUNT_LABELS[comp["previous"]], rules.COUNT_LABELS[comp["current"]]
    return (
        f"Nilai dihitung: ({prev} − {cur}) ÷ {prev}, dibatasi 0–1; "
        f"bila {prev.lower()} = 0, nilainya 1 jika {cur.lower()} juga 0, selain itu 0."
    )


# ---------------------------------------------------------------------------
# Conversion
# ---------------------------------------------------------------------------

PAREN_CHOICES = re.compile(r"\(([^()]*)\)\s*$")


def question_options(answer_type: dict, text: str) -> tuple[str, list[dict]]:
    """Options of a choice question, labelled from its paraphrase when it lists them.

    "(semua/sebagian besar/sebagian kecil/belum)" at the end of a paraphrase,
    or "A: …; B: …" text, describes the options in order.
    """
    if answer_type["kind"] != "choice":
        return text, []
    options = [dict(o) for o in answer_type["options"]]
    if re.match(r"^A: ", text):
        parts = re.split(r";\s*(?=[A-E]: )", text)
        if len(parts) == len(options):
            for option, part in zip(options, parts, strict=True):
                option["label"] = f"{option['code']}: {part[3:].strip()}"
            return "", options
    match = PAREN_CHOICES.search(text)
    if match:
        parts = [p.strip() for p in match.group(1).split("/")]
        if len(parts) == len(options) and all(parts):
            for option, part in zip(options, parts, strict=True):
                option["label"] = f"{option['code']}: {part}"
    return text, options


def guidance_for(activity_keys, answer_type, comp, hasil_points) -> str:
    lines = []
    for key in activity_keys:
        act = lke_evidence.ACTIVITIES[key]
        lines.append(f"Kegiatan {act.pokja} ({act.ref}): {act.text}.")
    if comp:
        lines.append(computation_guidance(comp))
    if hasil_points is not None:
        if answer_type["kind"] == "choice":
            lines.append(f"Nilai = {hasil_points} × nilai jawaban (A = 1 … E = 0).")
        else:
            lines.append(f"Nilai = {hasil_points} × angka/{answer_type['max']}.")
    return " ".join(lines)


def read_rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def build(code: str, source: Path) -> dict:
    spec = rules.VERSIONS[code]
    rows = read_rows(source / spec["csv"])
    components: dict[str, dict] = {}
    areas: dict[str, dict] = {}
    aspects: dict[tuple, dict] = {}
    indicators: dict[str, dict] = {}
    declared_n: dict[str, int] = {}
    seen_questions: set[str] = set()

    for row in rows:
        qcode = row["kode"].strip()
        aspect_name = row["aspek"].strip()
        aspect_code = aspect_name.lower()
        comp_code = "hasil" if aspect_code == "hasil" else "pengungkit"
        area_name = row["area"].strip()
        area_code = row.get("area_kode", "").strip() or rules.AREA_CODES_2021[area_name]
        if qcode in seen_questions:
            raise SystemExit(f"{code}: duplicate question {qcode}")
        seen_questions.add(qcode)

        comp = components.setdefault(
            comp_code,
            {
                "code": comp_code,
                "name": rules.COMPONENTS[comp_code][0],
                "kind": rules.COMPONENTS[comp_code][1],
                "weight": None,
                "areas": [],
            },
        )
        if area_code not in areas:
            areas[area_code] = {"code": area_code, "name": area_name, "weight": None, "aspects": []}
            comp["areas"].append(areas[area_code])
        akey = (area_code, aspect_code)
        if akey not in aspects:
            aspects[akey] = {
                "code": aspect_code,
                "name": aspect_name,
                "weight": None,
                "indicators": [],
            }
            areas[area_code]["aspects"].append(aspects[akey])
        icode = row["kode_indikator"].strip()
        if icode not in indicators:
            indicators[icode] = {
                "code": icode,
                "name": row["indikator"].strip(),
                "weight": fmt(d(row["bobot_indikator"])),
                "questions": [],
            }
            aspects[akey]["indicators"].append(indicators[icode])
            declared_n[icode] = int(row["n_pertanyaan_indikator"])
        elif indicators[icode]["weight"] != fmt(d(row["bobot_indikator"])):
            raise SystemExit(f"{code}: indicator {icode} has two weights")

        answer_type = rules.TYPE_BY_CSV[row["tipe_jawaban"].strip()]
        text, options = question_options(answer_type, row["pokok_pertanyaan_parafrase"].strip())
        activity_keys = spec["questions"][qcode]
        question = {
            "code": qcode,
            "text": text or row["indikator"].strip(),
            "answer_type": answer_type["code"],
            "options": options,
        }
        comp_rule = None
        if answer_type["kind"] == "computed":
            names = [n for n in (row.get("sub_input") or "").split(";") if n]
            comp_rule = rules.COMPUTATIONS[qcode]
            used = {v for k, v in comp_rule.items() if k not in ("rule", "if_zero")}
            question["count_inputs"] = [
                {"name": n, "label": rules.COUNT_LABELS[n], "required": n in used} for n in names
            ]
            if not used <= set(names):
                raise SystemExit(f"{code}: {qcode} formula uses inputs not in the CSV")
            question["computation"] = comp_rule
        hasil_points = None
        if comp_code == "hasil":
            hasil_points = indicators[icode]["weight"]
            question["max_points"] = hasil_points
            question["scale"] = answer_type.get("max", "1")
        question["guidance"] = guidance_for(activity_keys, answer_type, comp_rule, hasil_points)
        question["evidence"] = lke_evidence.evidence_for(activity_keys)
        question["evidence_source"] = "; ".join(
            f"{lke_evidence.SOURCE} {lke_evidence.ACTIVITIES[k].ref}" for k in activity_keys
        )
        indicators[icode]["questions"].append(question)

    unmapped = set(spec["questions"]) - seen_questions
    if unmapped:
        raise SystemExit(f"{code}: evidence mapped for unknown questions {sorted(unmapped)}")
    for icode, indicator in indicators.items():
        if len(indicator["questions"]) != declared_n[icode]:
            raise SystemExit(f"{code}: indicator {icode} question count differs from CSV")

    # Weights bottom-up, checked against LKE_SCORING.md.
    for comp in components.values():
        comp_total = Decimal(0)
        for area in comp["areas"]:
            expected = spec["aspect_weights"][area["code"]]
            if len(expected) != len(area["aspects"]):
                raise SystemExit(f"{code}: area {area['code']} has unexpected aspects")
            area_total = Decimal(0)
            for aspect, want in zip(area["aspects"], expected, strict=True):
                weight = sum((d(i["weight"]) for i in aspect["indicators"]), Decimal(0))
                if weight != d(want):
                    raise SystemExit(
                        f"{code}: {area['code']}/{aspect['code']} weighs {weight}, not {want}"
                    )
                aspect["weight"] = fmt(weight)
                area_total += weight
            area["weight"] = fmt(area_total)
            comp_total += area_total
        comp["weight"] = fmt(comp_total)
    weights = {c: d(v["weight"]) for c, v in components.items()}
    if weights != {"pengungkit": Decimal(60), "hasil": Decimal(40)}:
        raise SystemExit(f"{code}: component weights {weights}")

    counts: dict[str, int] = {}
    for aspect in aspects.values():
        n = sum(len(i["questions"]) for i in aspect["indicators"])
        counts[aspect["code"]] = counts.get(aspect["code"], 0) + n
    if counts != spec["counts"]:
        raise SystemExit(f"{code}: question counts {counts}, expected {spec['counts']}")

    document = {
        "format": FORMAT,
        "code": code,
        "name": spec["name"],
        "legal_basis": spec["legal_basis"],
        "status": spec["status"],
        "note": (
            "Teks pertanyaan adalah parafrase, bukan rumusan resmi. Daftar bukti dukung "
            f"bawaan disarikan dari {lke_evidence.SOURCE} §5.e."
        ),
        "settings": rules.SETTINGS,
        "answer_types": rules.ANSWER_TYPES,
        "components": [components["pengungkit"], components["hasil"]],
        "predicates": spec["predicates"],
    }
    if spec["eligibility"]:
        document["eligibility"] = spec["eligibility"]
    return document


def render(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true", help="only report stale fixtures")
    args = parser.parse_args(argv)

    stale = []
    for code in rules.VERSIONS:
        text = render(build(code, args.source))
        target = args.output / f"{code}.json"
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(str(target))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
    if stale:
        print("stale fixtures: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
