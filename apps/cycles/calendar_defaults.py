"""The default deadlines of an agency's year, read from ``data/calendar_defaults.json``.

The dates are data (seed 002's agency calendar, DOMAIN.md §4, and the report deadlines of
§7), not code: the file lists the entries in their order; this module only turns them
into the dates of one year. Plain Python over plain data (no database).
"""

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from apps.core.dates import MONTHS

DATA_FILE = Path(__file__).resolve().parent / "data" / "calendar_defaults.json"


# A repeated entry's periods: name -> months per period (a year has 12 // n of them).
PERIOD_MONTHS = {"month": 1, "quarter": 3}


@dataclass(frozen=True)
class DefaultEntry:
    key: str
    label: str
    starts_on: date | None
    due_on: date
    note: str
    order: int


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


@cache
def _entries() -> tuple[dict, ...]:
    document = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    entries = tuple(document["entries"])
    for entry in entries:
        if not entry.get("key") or not entry.get("label") or not entry.get("due_on"):
            raise ValueError(f"{DATA_FILE.name}: an entry needs key, label and due_on: {entry}")
        if entry.get("each") not in (None, *PERIOD_MONTHS):
            raise ValueError(f"{DATA_FILE.name}: unknown period {entry['each']!r}")
    return entries


def _date(spec: dict | None, year: int, period_end: date | None) -> date | None:
    if spec is None:
        return None
    if "days_after_period_end" in spec:
        if period_end is None:
            raise ValueError(f"{DATA_FILE.name}: days_after_period_end outside a repeated entry")
        return period_end + timedelta(days=spec["days_after_period_end"])
    return date(year + spec.get("year", 0), spec["month"], spec["day"])


def _expand(entry: dict, year: int):
    """(key, label, starts_on, due_on, note) of ``entry`` in ``year``: one, or one per
    period of the year for a repeated entry."""
    note = entry.get("note", "")
    if entry.get("each") is None:
        names = {"year": year}
        yield (
            entry["key"].format(**names),
            entry["label"].format(**names),
            _date(entry.get("starts_on"), year, None),
            _date(entry["due_on"], year, None),
            note,
        )
        return
    months = PERIOD_MONTHS[entry["each"]]
    for number in range(1, 12 // months + 1):
        last_month = number * months
        names = {"year": year, "number": number, "month_name": MONTHS[last_month - 1]}
        period_end = _month_end(year, last_month)
        yield (
            entry["key"].format(**names),
            entry["label"].format(**names),
            _date(entry.get("starts_on"), year, period_end),
            _date(entry["due_on"], year, period_end),
            note,
        )


def calendar_default_entries(year: int) -> list[DefaultEntry]:
    """The default deadlines of ``year``, numbered in the order of the data file."""
    rows = [row for entry in _entries() for row in _expand(entry, year)]
    keys = [row[0] for row in rows]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{DATA_FILE.name}: duplicate keys in {keys}")
    return [
        DefaultEntry(key, label, starts_on, due_on, note, order)
        for order, (key, label, starts_on, due_on, note) in enumerate(rows, start=1)
    ]
