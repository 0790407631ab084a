"""The thresholds of the rules: read from the template document, or PermenPANRB 90/2021
Tabel 5 by default."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from ..numbers import parse_decimal


@dataclass(frozen=True, slots=True)
class TargetPolicy:
    min_building_years: int
    min_pengungkit: Decimal
    min_area_percent: Decimal
    min_sakip: str
    min_tlhp_percent: Decimal
    min_lhkan_percent: Decimal
    min_key_target_percent: Decimal
    key_target_better_than_previous: bool
    min_wbk_years: int | None  # None: holding WBK is not required


@dataclass(frozen=True, slots=True)
class EligibilityPolicy:
    targets: tuple[tuple[str, TargetPolicy], ...]
    sakip_grades: tuple[str, ...]  # best first
    revocation_wait_years: int
    area_codes: tuple[str, ...]
    legal_basis: str = ""

    def target(self, code: str) -> TargetPolicy:
        for key, policy in self.targets:
            if key == code:
                return policy
        known = ", ".join(key for key, _ in self.targets)
        raise ValueError(f"Sasaran predikat '{code}' tidak dikenal (yang sah: {known}).")


def _target_from_doc(doc: Mapping) -> TargetPolicy:
    def dec(key: str) -> Decimal:
        number = parse_decimal(doc[key])
        if number is None:
            raise ValueError(f"{key} bukan angka")
        return number

    wbk_years = doc.get("min_wbk_years")
    return TargetPolicy(
        min_building_years=int(doc["min_building_years"]),
        min_pengungkit=dec("min_pengungkit"),
        min_area_percent=dec("min_area_percent"),
        min_sakip=str(doc["min_sakip"]),
        min_tlhp_percent=dec("min_tlhp_percent"),
        min_lhkan_percent=dec("min_lhkan_percent"),
        min_key_target_percent=dec("min_key_target_percent"),
        key_target_better_than_previous=bool(doc["key_target_better_than_previous"]),
        min_wbk_years=None if wbk_years is None else int(wbk_years),
    )


def policy_from_doc(doc: Mapping, area_codes: tuple[str, ...]) -> EligibilityPolicy:
    """The ``eligibility`` section of a template document as a policy."""
    grades = tuple(str(g) for g in doc["sakip_grades"])
    targets = tuple((str(k), _target_from_doc(v)) for k, v in doc["targets"].items())
    for key, target in targets:
        if target.min_sakip not in grades:
            raise ValueError(f"{key}: nilai SAKIP minimum {target.min_sakip} tidak dikenal")
    return EligibilityPolicy(
        targets,
        grades,
        int(doc["revocation_wait_years"]),
        tuple(area_codes),
        str(doc.get("legal_basis", "")),
    )


_D = Decimal
DEFAULT_POLICY = EligibilityPolicy(
    targets=(
        ("WBK", TargetPolicy(1, _D(40), _D(60), "B", _D(100), _D(100), _D(100), False, None)),
        ("WBBM", TargetPolicy(1, _D(48), _D(75), "BB", _D(100), _D(100), _D(100), True, 1)),
    ),
    sakip_grades=("AA", "A", "BB", "B", "CC", "C", "D"),
    revocation_wait_years=2,
    area_codes=("MP", "TL", "SDM", "AK", "PW", "PP"),
    legal_basis="PermenPANRB 90/2021 Tabel 5; SOP/UPM/DJBM-199 §5.i",
)
