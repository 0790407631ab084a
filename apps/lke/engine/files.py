"""Template files and the answers document: the whole of ``lke_score``
without Django, so it runs (and is tested) with no database or settings.

    python -m apps.lke.engine.files --template lke-2021 answers.json [--fixtures DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from .answers import InvalidAnswers
from .loader import load_template
from .model import Template, TemplateError
from .scoring import Result, score

CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
DOCUMENT_KEYS = {"answers", "holds_wbk"}
DEFAULT_FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "lke"
EXIT_BAD_INPUT = 2


class ScoreInputError(ValueError):
    """Input the scorer refuses; the message is Indonesian and names the problem."""


def available_templates(directory: Path) -> list[str]:
    return sorted(p.stem for p in Path(directory).glob("*.json"))


def template_path(code: str, directory: Path) -> Path:
    if not CODE_PATTERN.match(code or ""):
        raise ScoreInputError(f"Kode template LKE '{code}' tidak sah.")
    path = Path(directory) / f"{code}.json"
    if not path.is_file():
        known = ", ".join(available_templates(directory)) or "tidak ada"
        raise ScoreInputError(f"Template LKE '{code}' tidak ditemukan (tersedia: {known}).")
    return path


@lru_cache(maxsize=16)
def _load_cached(path: str, mtime_ns: int) -> Template:
    with open(path, encoding="utf-8") as handle:
        return load_template(json.load(handle))


def load_template_file(path: Path) -> Template:
    """Load (and cache while the file is unchanged) a template fixture."""
    path = Path(path)
    try:
        return _load_cached(str(path.resolve()), path.stat().st_mtime_ns)
    except TemplateError as exc:
        raise ScoreInputError(f"Template {path.name} tidak sah: {exc}") from exc


def _reject_constant(name: str):
    raise ValueError(f"{name} bukan angka yang sah")


def parse_document(text: str) -> tuple[dict, bool]:
    """The answers document: ``{"answers": {...}, "holds_wbk": false}``."""
    try:
        document = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ScoreInputError(
            f"Berkas jawaban bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno}): "
            f"{exc.msg}."
        ) from exc
    except ValueError as exc:
        raise ScoreInputError(f"Berkas jawaban bukan JSON yang sah: {exc}.") from exc
    return check_document(document)


def check_document(document: object) -> tuple[dict, bool]:
    """The parts of an already parsed answers document, or ScoreInputError."""
    if not isinstance(document, dict):
        raise ScoreInputError('Berkas jawaban harus berupa objek {"answers": {...}}.')
    unknown = sorted(set(document) - DOCUMENT_KEYS)
    if unknown:
        raise ScoreInputError(
            f"Kolom tidak dikenal dalam berkas jawaban: {', '.join(unknown)} "
            f"(yang sah: answers, holds_wbk)."
        )
    if "answers" not in document:
        raise ScoreInputError("Kolom 'answers' wajib ada dalam berkas jawaban.")
    answers = document["answers"]
    if not isinstance(answers, dict):
        raise ScoreInputError("Kolom 'answers' harus berupa objek {kode: jawaban}.")
    holds_wbk = document.get("holds_wbk", False)
    if not isinstance(holds_wbk, bool):
        raise ScoreInputError("Kolom 'holds_wbk' harus bernilai true atau false.")
    return answers, holds_wbk


def score_document(template: Template, text: str) -> Result:
    answers, holds_wbk = parse_document(text)
    try:
        return score(template, answers, holds_wbk)
    except InvalidAnswers as exc:
        lines = "\n".join(f"- {error}" for error in exc.errors)
        raise ScoreInputError(f"Jawaban tidak sah ({len(exc.errors)} masalah):\n{lines}") from exc


def read_answers(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ScoreInputError(f"Berkas jawaban tidak ditemukan: {path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ScoreInputError(f"Berkas jawaban tidak dapat dibaca: {path} ({exc}).") from exc


def run(template_code: str, answers_path: str, fixtures: Path, detail: bool = False) -> str:
    """Score a file; returns the JSON text or raises ScoreInputError."""
    template = load_template_file(template_path(template_code, fixtures))
    result = score_document(template, read_answers(answers_path))
    return json.dumps(result.to_dict(detail=detail), ensure_ascii=False, indent=2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Hitung nilai LKE dari berkas jawaban JSON.")
    parser.add_argument(
        "--template", required=True, help="kode template: nama berkas di fixtures/lke tanpa .json"
    )
    parser.add_argument("answers", help="berkas jawaban JSON ('-' untuk stdin)")
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    parser.add_argument("--detail", action="store_true")
    args = parser.parse_args(argv)
    try:
        output = run(args.template, args.answers, args.fixtures, args.detail)
    except ScoreInputError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
