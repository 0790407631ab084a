"""May a unit be proposed to the TPI? (LKE_SCORING.md §6, seed 003 §5.i).

A pure function over a unit's facts: every rule answers pass or fail with an
Indonesian reason. The thresholds are an :class:`EligibilityPolicy`, read from
the template document (``eligibility``) or, by default, the rules of
PermenPANRB 90/2021 Tabel 5 (:data:`DEFAULT_POLICY`).

Choices made where the sources are silent:

- TLHP and LHKAN at 100 % and the declaration apply to WBBM as well (seed 003
  §5.i item 8 replaces items 2, 3, 4 and 7 for WBBM, not the others);
- "built toward WBBM for a year" counts from ``building_start`` and "holds
  WBK for a year" from ``holds_wbk_since``: both must hold;
- a predicate revoked on or after ``holds_wbk_since`` is no longer held;
- one year after 29 February is 1 March.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .numbers import parse_decimal, round_half_up

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


def tanggal(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _pct(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",") + "%"


def _num(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def _r(raw: object) -> Decimal | None:
    number = parse_decimal(raw) if raw is not None else None
    return None if number is None else round_half_up(number, 2)


def _since(code, label, start: date | None, years: int, as_of: date, what: str) -> Check:
    if start is None:
        return Check(code, label, False, f"Tanggal {what} belum dicatat.")
    due = add_years(start, years)
    if as_of >= due:
        return Check(
            code,
            label,
            True,
            f"Sejak {tanggal(start)}; {years} tahun tercapai pada {tanggal(due)}.",
        )
    return Check(
        code,
        label,
        False,
        f"Sejak {tanggal(start)}; {years} tahun baru tercapai pada {tanggal(due)}.",
    )


def _at_least(code, label, raw, minimum: Decimal, what: str, percent: bool = True) -> Check:
    value = _r(raw)
    show = _pct if percent else _num
    if value is None:
        return Check(code, label, False, f"{what} belum dicatat.")
    if value >= minimum:
        return Check(code, label, True, f"{what} {show(value)} (minimal {show(minimum)}).")
    return Check(code, label, False, f"{what} {show(value)}, di bawah minimal {show(minimum)}.")


def _areas(facts: UnitFacts, policy: EligibilityPolicy, minimum: Decimal) -> Check:
    label = f"Nilai setiap area pada penilaian pendahuluan minimal {_pct(minimum)} dari bobotnya"
    low, missing = [], []
    for code in policy.area_codes:
        value = _r(facts.tpu_area_percents.get(code))
        if value is None:
            missing.append(code)
        elif value < minimum:
            low.append(f"{code} {_pct(value)}")
    if not low and not missing:
        return Check(
            "area_min",
            label,
            True,
            f"Semua area ({', '.join(policy.area_codes)}) minimal {_pct(minimum)}.",
        )
    parts = []
    if low:
        parts.append(f"area di bawah {_pct(minimum)}: {', '.join(low)}")
    if missing:
        parts.append(f"area belum dinilai: {', '.join(missing)}")
    reason = "; ".join(parts)
    return Check("area_min", label, False, reason[0].upper() + reason[1:] + ".")


def _sakip(facts: UnitFacts, policy: EligibilityPolicy, minimum: str) -> Check:
    label = f"Nilai SAKIP minimal {minimum}"
    grade = (facts.sakip_grade or "").strip().upper()
    if not grade:
        return Check("sakip", label, False, "Nilai SAKIP belum dicatat.")
    if grade not in policy.sakip_grades:
        return Check(
            "sakip",
            label,
            False,
            f"Nilai SAKIP '{grade}' tidak dikenal ({', '.join(policy.sakip_grades)}).",
        )
    rank = policy.sakip_grades.index
    if rank(grade) <= rank(minimum):
        return Check("sakip", label, True, f"Nilai SAKIP {grade} (minimal {minimum}).")
    return Check("sakip", label, False, f"Nilai SAKIP {grade}, di bawah minimal {minimum}.")


def _key_target(facts: UnitFacts, target: TargetPolicy) -> Check:
    minimum = target.min_key_target_percent
    if not target.key_target_better_than_previous:
        return _at_least(
            "kinerja_utama",
            f"Realisasi target kinerja utama {_pct(minimum)}",
            facts.key_target_percent,
            minimum,
            "Realisasi target kinerja utama",
        )
    code = "kinerja_utama"
    label = f"Realisasi target kinerja utama {_pct(minimum)} dan lebih baik dari tahun sebelumnya"
    current, previous = _r(facts.key_target_percent), _r(facts.key_target_prev_percent)
    if current is None or previous is None:
        return Check(
            code,
            label,
            False,
            "Realisasi target kinerja utama tahun ini dan tahun sebelumnya belum dicatat.",
        )
    if current < minimum:
        return Check(
            code, label, False, f"Realisasi {_pct(current)}, di bawah minimal {_pct(minimum)}."
        )
    if current <= previous:
        return Check(
            code,
            label,
            False,
            f"Realisasi {_pct(current)} tidak lebih baik dari tahun sebelumnya ({_pct(previous)}).",
        )
    return Check(
        code,
        label,
        True,
        f"Realisasi {_pct(current)}, lebih baik dari tahun sebelumnya ({_pct(previous)}).",
    )


def _holds_wbk(facts: UnitFacts, years: int) -> Check:
    label = f"Telah memperoleh predikat Menuju WBK sekurang-kurangnya {years} tahun"
    since, revoked = facts.holds_wbk_since, facts.revoked_at
    if since is None:
        return Check("predikat_wbk", label, False, "Unit belum memperoleh predikat Menuju WBK.")
    if revoked is not None and revoked >= since:
        return Check(
            "predikat_wbk", label, False, f"Predikat Menuju WBK dicabut pada {tanggal(revoked)}."
        )
    return _since("predikat_wbk", label, since, years, facts.as_of, "perolehan predikat WBK")


def _revocation(facts: UnitFacts, policy: EligibilityPolicy) -> Check:
    years = policy.revocation_wait_years
    label = f"Tidak sedang dalam masa {years} tahun setelah pencabutan predikat"
    if facts.revoked_at is None:
        return Check("pencabutan", label, True, "Predikat unit tidak pernah dicabut.")
    until = add_years(facts.revoked_at, years)
    if facts.as_of >= until:
        return Check(
            "pencabutan",
            label,
            True,
            f"Predikat dicabut pada {tanggal(facts.revoked_at)}; masa tunggu telah lewat.",
        )
    return Check(
        "pencabutan",
        label,
        False,
        f"Predikat dicabut pada {tanggal(facts.revoked_at)}; unit baru dapat "
        f"diusulkan kembali mulai {tanggal(until)}.",
    )


def check_eligibility(
    facts: UnitFacts, target: str, policy: EligibilityPolicy | None = None
) -> EligibilityResult:
    """Check whether a unit may be proposed to the TPI for ``target`` (WBK/WBBM)."""
    policy = policy or DEFAULT_POLICY
    rules = policy.target(target)
    checks = []
    if facts.declared is not None and facts.declared <= facts.as_of:
        checks.append(
            Check(
                "pencanangan",
                "Telah melakukan pencanangan pembangunan ZI",
                True,
                f"Pencanangan pada {tanggal(facts.declared)}.",
            )
        )
    else:
        checks.append(
            Check(
                "pencanangan",
                "Telah melakukan pencanangan pembangunan ZI",
                False,
                "Unit belum melakukan pencanangan pembangunan ZI.",
            )
        )
    if rules.min_wbk_years is not None:
        checks.append(_holds_wbk(facts, rules.min_wbk_years))
    years = rules.min_building_years
    checks.append(
        _since(
            "lama_pembangunan",
            f"Telah membangun ZI menuju {target} sekurang-kurangnya {years} tahun",
            facts.building_start,
            years,
            facts.as_of,
            "mulai pembangunan ZI",
        )
    )
    checks.append(
        _at_least(
            "pengungkit",
            f"Nilai pengungkit penilaian pendahuluan TPU minimal {_num(rules.min_pengungkit)}",
            facts.tpu_pengungkit,
            rules.min_pengungkit,
            "Nilai pengungkit penilaian pendahuluan",
            percent=False,
        )
    )
    checks.append(_areas(facts, policy, rules.min_area_percent))
    checks.append(_sakip(facts, policy, rules.min_sakip))
    checks.append(
        _at_least(
            "tlhp",
            f"Tindak lanjut temuan hasil pemeriksaan (TLHP) {_pct(rules.min_tlhp_percent)}",
            facts.tlhp_percent,
            rules.min_tlhp_percent,
            "Tindak lanjut temuan hasil pemeriksaan",
        )
    )
    checks.append(
        _at_least(
            "lhkan",
            f"Penyampaian LHKAN (LHKPN dan LHKASN) {_pct(rules.min_lhkan_percent)}",
            facts.lhkan_percent,
            rules.min_lhkan_percent,
            "Penyampaian LHKAN",
        )
    )
    checks.append(_key_target(facts, rules))
    checks.append(_revocation(facts, policy))
    return EligibilityResult(target, tuple(checks))
