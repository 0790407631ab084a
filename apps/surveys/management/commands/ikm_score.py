"""``manage.py ikm_score FILE.json``: the SKM figures of a set of answers, without a database.

Input: ``{"population": N (optional), "responses": [[u1, …, u9], …]}``, each answer 1–4 or
null for a blank. Output: one JSON object – ``respondents``, ``nrr`` (per element, U1…U9),
``ikm`` (1–4 scale), ``converted`` (2 decimals, half-up from the exact value), ``grade`` and,
with a population, ``sample_minimum``. NRR and IKM are printed to 4 decimals (rounded
half-up from the exact fractions, which is what ``converted`` and ``grade`` use).

Bad input exits with status 2 and a message naming the row (``FILE`` may be ``-``: stdin).
"""

import json
import sys
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from apps.lke.engine import round_half_up
from apps.surveys import scoring

MAX_RESPONSES = 1_000_000


def _fail(message: str):
    return CommandError(message, returncode=2)


def parse(data) -> tuple[list[list[int | None]], int | None]:
    """The rows and the population of the input, or a CommandError naming what is wrong."""
    if not isinstance(data, dict):
        raise _fail('Isi berkas harus satu objek JSON: {"responses": [[…], …]}.')
    unknown = sorted(set(data) - {"population", "responses"})
    if unknown:
        raise _fail(
            f"Kunci tidak dikenal: {', '.join(unknown)} (yang dikenal: population, responses)."
        )
    population = data.get("population")
    if population is not None and (
        isinstance(population, bool) or not isinstance(population, int) or population < 1
    ):
        raise _fail("population harus bilangan bulat 1 atau lebih.")
    rows = data.get("responses")
    if not isinstance(rows, list) or not rows:
        raise _fail("responses kosong atau bukan daftar: tidak ada jawaban untuk dihitung.")
    if len(rows) > MAX_RESPONSES:
        raise _fail(f"Paling banyak {MAX_RESPONSES} responden dalam satu berkas.")
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, list):
            raise _fail(f"Baris {number}: harus daftar berisi {scoring.SKM_ELEMENTS} jawaban.")
        if len(row) != scoring.SKM_ELEMENTS:
            raise _fail(
                f"Baris {number}: berisi {len(row)} jawaban, seharusnya "
                f"{scoring.SKM_ELEMENTS} (U1–U9)."
            )
        for column, value in enumerate(row, start=1):
            if value is None:
                continue
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or not scoring.ANSWER_MIN <= value <= scoring.SKM_SCALE
            ):
                raise _fail(
                    f"Baris {number}, U{column}: jawaban {json.dumps(value)} tidak sah "
                    f"(1–{scoring.SKM_SCALE} atau null untuk kosong)."
                )
        if all(value is None for value in row):
            raise _fail(f"Baris {number}: semua jawaban kosong.")
    return rows, population


def _dumps(payload: dict) -> str:
    """JSON with Decimals written as they are (100.00, not 100.0)."""
    literals: dict[str, str] = {}

    def mark(value):
        if isinstance(value, Decimal):
            key = f"__decimal_{len(literals)}__"
            literals[f'"{key}"'] = str(value)
            return key
        if isinstance(value, dict):
            return {k: mark(v) for k, v in value.items()}
        if isinstance(value, list):
            return [mark(v) for v in value]
        return value

    text = json.dumps(mark(payload), ensure_ascii=False)
    for key, literal in literals.items():
        text = text.replace(key, literal)
    return text


class Command(BaseCommand):
    help = "Menghitung NRR, IKM, nilai konversi dan mutu SKM dari berkas JSON jawaban."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="berkas JSON, atau - untuk stdin")

    def handle(self, *args, file, **options):
        try:
            if file == "-":
                data = json.load(sys.stdin)
            else:
                with open(file, encoding="utf-8") as handle:
                    data = json.load(handle)
        except OSError as exc:
            raise _fail(f"Berkas {file} tidak dapat dibaca: {exc.strerror}.") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise _fail(f"Berkas {file} bukan JSON yang sah: {exc}.") from None
        rows, population = parse(data)
        result = scoring.result_of(rows)
        blank = [f"U{i}" for i, t in enumerate(result.tallies, start=1) if not t.count]
        if blank:
            raise _fail(f"Tidak seorang pun menjawab {', '.join(blank)}: IKM tidak dapat dihitung.")
        payload = {
            "respondents": result.respondents,
            "nrr": {f"U{i}": round_half_up(v, 4) for i, v in enumerate(result.nrrs, start=1)},
            "ikm": round_half_up(result.index, 4),
            "converted": result.converted,
            "grade": str(result.grade),
        }
        if population is not None:
            payload["sample_minimum"] = scoring.sample_minimum(population)
        self.stdout.write(_dumps(payload))
