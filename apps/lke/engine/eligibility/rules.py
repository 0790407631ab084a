"""The rules, each answering pass or fail with an Indonesian reason, and
``check_eligibility`` over all of them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..numbers import parse_decimal, round_half_up
from .facts import Check, EligibilityResult, UnitFacts, add_years, tanggal
from .policy import DEFAULT_POLICY, EligibilityPolicy, TargetPolicy


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
