"""Dates as Indonesian documents write them: month names and "15 Januari 2026". Pure."""

import datetime

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def long_date(day: datetime.date) -> str:
    """``15 Januari 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
