"""Exact arithmetic helpers: every figure is computed as a Fraction and
rounded half-up only when it is shown or compared (LKE_SCORING.md §2)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

CENT = Decimal("0.01")


def round_half_up(value: Fraction | Decimal | int, places: int = 2) -> Decimal:
    """Round exactly, half away from zero, to ``places`` decimals."""
    if not isinstance(value, Fraction):
        value = Fraction(value)
    scaled = value.numerator * 10**places
    quotient, remainder = divmod(abs(scaled), value.denominator)
    if 2 * remainder >= value.denominator:
        quotient += 1
    if scaled < 0:
        quotient = -quotient
    return Decimal(quotient).scaleb(-places)


def fmt2(value: Fraction | Decimal | int) -> str:
    """The two-decimal string of a figure ("75.00")."""
    return str(round_half_up(value, 2))


def fmt_bound(value: Decimal) -> str:
    """A bound as written, with at least two decimals ("75.00", "2.625")."""
    quantized = value.quantize(CENT) if value == value.quantize(CENT) else value
    return format(quantized, "f")


def parse_decimal(raw: object) -> Decimal | None:
    """A finite Decimal from a JSON-ish number or numeric string, else None.

    Booleans are not numbers here (``True`` would otherwise read as 1); a
    decimal comma ("3,75") is accepted because users type it.
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, Decimal):
        number = raw
    elif isinstance(raw, int):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(repr(raw))
    elif isinstance(raw, str):
        text = raw.strip()
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None
