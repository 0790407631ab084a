"""Report periods, working days and the figures of a report, as Indonesian documents
write them ("5 (lima) kegiatan dari 8 (delapan)", "62,50%"). Pure: no database."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from apps.core.dates import MONTHS

# National holidays on a fixed date that can fall on the first days of a month (Tahun
# Baru, Hari Buruh, Hari Lahir Pancasila): the first working day of that month is later.
# Holidays that move every year (Idul Fitri, Nyepi …) are not known to the portal; on such
# a day the drafts simply appear a day early.
FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (6, 1)})


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` after the month of ``start``."""
    years, month = divmod(start.month - 1 + months, 12)
    return datetime.date(start.year + years, month + 1, 1)


def period_end(start: datetime.date, months: int = 1) -> datetime.date:
    """The last day of the period of ``months`` months that begins on ``start``."""
    return add_months(start, months) - datetime.timedelta(days=1)


def month_label(start: datetime.date) -> str:
    """``Juni 2026``."""
    return f"{MONTHS[start.month - 1]} {start.year}"


ROMAN = ("I", "II", "III", "IV")


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, (quarter_of(day) - 1) * 3 + 1, 1)


def quarter_label(start: datetime.date) -> str:
    """``Triwulan II 2026``."""
    return f"Triwulan {ROMAN[quarter_of(start) - 1]} {start.year}"


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS


def first_working_day(start: datetime.date) -> datetime.date:
    """The first working day of the month that begins on ``start``."""
    day = month_start(start)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def percent(done: int, total: int) -> Decimal | None:
    """``done`` of ``total`` as a percentage with two decimals, exact halves rounded up
    (seed 003, FRM-04: 5 of 8 = 62,50; 1 of 32 = 3,13); None when there is nothing."""
    if not total:
        return None
    return (Decimal(done) * 100 / Decimal(total)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def percent_text(value: Decimal | None) -> str:
    """``62,50%``; ``–`` for nothing to count."""
    if value is None:
        return "–"
    whole, _dot, cents = f"{value:.2f}".partition(".")
    return f"{whole},{cents}%"


_ONES = (
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
)


def terbilang(number: int) -> str:
    """A whole number in Indonesian words: 8 → ``delapan``, 115 → ``seratus lima belas``."""
    if number < 0:
        return "minus " + terbilang(-number)
    if number < 12:
        return _ONES[number]
    if number < 20:
        return f"{_ONES[number - 10]} belas"
    if number < 100:
        tens, ones = divmod(number, 10)
        return f"{_ONES[tens]} puluh" + (f" {_ONES[ones]}" if ones else "")
    for size, word in ((10**9, "miliar"), (10**6, "juta"), (1000, "ribu"), (100, "ratus")):
        if number >= size:
            head, rest = divmod(number, size)
            lead = "se" + word if head == 1 and size in (1000, 100) else f"{terbilang(head)} {word}"
            return lead + (f" {terbilang(rest)}" if rest else "")
    raise AssertionError(number)


def counted(number: int) -> str:
    """``8 (delapan)``."""
    return f"{number} ({terbilang(number)})"
