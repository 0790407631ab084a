"""What the rules read (a unit's facts) and answer (one check per rule, the result), and
dates as the reasons write them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from apps.core.dates import long_date


@dataclass(frozen=True)
class UnitFacts:
    """What is known about a unit on ``as_of`` (None: not known / never)."""

    as_of: date
    declared: date | None = None  # pencanangan
    building_start: date | None = None  # start of building toward the target
    tpu_pengungkit: Decimal | None = None  # TPU preliminary assessment
    tpu_area_percents: Mapping[str, Decimal] = field(default_factory=dict)
    sakip_grade: str | None = None
    tlhp_percent: Decimal | None = None
    lhkan_percent: Decimal | None = None
    key_target_percent: Decimal | None = None
    key_target_prev_percent: Decimal | None = None
    holds_wbk_since: date | None = None
    revoked_at: date | None = None


@dataclass(frozen=True, slots=True)
class Check:
    code: str
    label: str
    passed: bool
    reason: str

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "label": self.label,
            "passed": self.passed,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class EligibilityResult:
    target: str
    checks: tuple[Check, ...]

    @property
    def eligible(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def failed(self) -> list[Check]:
        return [check for check in self.checks if not check.passed]

    def __iter__(self):
        return iter(self.checks)

    def to_dict(self) -> dict:
        return {
            "target": self.target,
            "eligible": self.eligible,
            "checks": [check.to_dict() for check in self.checks],
        }


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap year
        return date(day.year + years, 3, 1)


# Dates as the reasons write them ("15 Januari 2026").
tanggal = long_date
