"""Scoring data the CSVs do not carry, written out from LKE_SCORING.md.

Answer values (§1), count-input formulas (§3), thresholds (§4, §5) and the
eligibility policy (§6) of each template version, as plain data for
``build_lke_fixtures.py``. The engine reads them only from the fixtures.
"""

from __future__ import annotations

import lke_evidence

# ---------------------------------------------------------------------------
# Answer types (LKE_SCORING.md §1)
# ---------------------------------------------------------------------------


def _choice(code, label, pairs):
    return {
        "code": code,
        "label": label,
        "kind": "choice",
        "options": [{"code": c, "label": c, "value": v} for c, v in pairs],
    }


ANSWER_TYPES = [
    _choice("ya_tidak", "Ya/Tidak", [("Ya", "1"), ("Tidak", "0")]),
    _choice("abc", "A/B/C", [("A", "1"), ("B", "0.5"), ("C", "0")]),
    _choice("abcd", "A/B/C/D", [("A", "1"), ("B", "0.67"), ("C", "0.33"), ("D", "0")]),
    _choice(
        "abcde",
        "A/B/C/D/E",
        [("A", "1"), ("B", "0.75"), ("C", "0.5"), ("D", "0.25"), ("E", "0")],
    ),
    {"code": "nilai_0_4", "label": "Nilai (0-4)", "kind": "score", "min": "0", "max": "4"},
    {"code": "persen", "label": "Persen (0-100)", "kind": "percent", "min": "0", "max": "100"},
    {"code": "persen_hitung", "label": "% (dihitung)", "kind": "computed"},
]
TYPE_BY_CSV = {t["label"]: t for t in ANSWER_TYPES}
TYPE_BY_CSV["%"] = TYPE_BY_CSV["% (dihitung)"]

# ---------------------------------------------------------------------------
# Computed % questions (LKE_SCORING.md §3)
# ---------------------------------------------------------------------------

COUNT_LABELS = {
    "agents": "Jumlah agen perubahan",
    "changes": "Jumlah perubahan yang dibuat agen perubahan",
    "integrated": "Jumlah perubahan yang terintegrasi ke sistem manajemen",
    "last_year": "Jumlah pelanggaran disiplin tahun lalu",
    "this_year": "Jumlah pelanggaran disiplin tahun ini",
    "sanctioned": "Jumlah pelanggaran yang telah dijatuhi sanksi",
    "targets": "Jumlah sasaran kinerja",
    "achieved": "Jumlah sasaran kinerja dengan capaian ≥ 100%",
    "due": "Jumlah pengaduan yang harus ditindaklanjuti",
    "in_process": "Jumlah pengaduan yang sedang diproses",
    "resolved": "Jumlah pengaduan yang selesai ditindaklanjuti",
    "required": "Jumlah pegawai wajib lapor",
    "reported": "Jumlah pegawai yang sudah melapor",
    "services": "Jumlah jenis layanan/perizinan",
    "simplified": "Jumlah layanan/perizinan yang dipermudah",
}


def _ratio(numerator, denominator, if_zero):
    return {
        "rule": "ratio",
        "numerator": numerator,
        "denominator": denominator,
        "if_zero": if_zero,
    }


COMPUTATIONS = {
    "PRA1A": _ratio("changes", "agents", "0"),
    "PRA1B": _ratio("integrated", "changes", "0"),
    # (previous - current) / previous; never this_year / last_year, which
    # would reward more violations. previous == 0: 1 if current == 0 else 0.
    "PRC3A": {"rule": "decrease", "previous": "last_year", "current": "this_year"},
    "PRD1A": _ratio("achieved", "targets", "0"),
    "PRE2A": _ratio("resolved", "due", "1"),
    "PRE3A": _ratio("reported", "required", "1"),
    "PRE3B": _ratio("reported", "required", "1"),
    "PRF1B": _ratio("simplified", "services", "0"),
}


# ---------------------------------------------------------------------------
# Versions
# ---------------------------------------------------------------------------

AREA_CODES_2021 = {
    "Manajemen Perubahan": "MP",
    "Penataan Tatalaksana": "TL",
    "Penataan Sistem Manajemen SDM": "SDM",
    "Penguatan Akuntabilitas": "AK",
    "Penguatan Pengawasan": "PW",
    "Peningkatan Kualitas Pelayanan Publik": "PP",
    "Birokrasi yang Bersih dan Akuntabel": "HB",
    "Pelayanan Publik yang Prima": "HP",
}
COMPONENTS = {
    "pengungkit": ("Komponen Pengungkit", "pengungkit"),
    "hasil": ("Komponen Hasil", "hasil"),
}


def _rule(code, label, measure, ref=None, bound=None, percent=None, note=None):
    rule = {"code": code, "label": label, "measure": measure}
    if ref is not None:
        rule["ref"] = ref
    if bound is not None:
        rule["bound"] = bound
    if percent is not None:
        rule["percent"] = percent
    if note:
        rule["note"] = note
    return rule


PRIOR_WBK = _rule("predikat_wbk", "Telah memperoleh predikat Menuju WBK", "prior_predicate", "WBK")


def _rules_2021(total, pengungkit, area_pct, bersih, ipak, kinerja, ipkp, notes):
    return [
        _rule("total", "Nilai total", "total", bound=total),
        _rule("pengungkit", "Nilai komponen pengungkit", "component", "pengungkit", pengungkit),
        _rule(
            "area_min",
            f"Nilai setiap area pengungkit minimal {area_pct}% dari bobotnya",
            "area_percent",
            "pengungkit",
            percent=area_pct,
        ),
        _rule("bersih_akuntabel", "Birokrasi yang bersih dan akuntabel", "area", "HB", bersih),
        _rule(
            "ipak", "Indeks Persepsi Anti Korupsi (IPAK)", "question", "HBA", ipak, note=notes[0]
        ),
        _rule("capaian_kinerja", "Capaian kinerja", "question", "HBB", kinerja, note=notes[1]),
        _rule(
            "ipkp",
            "Indeks Persepsi Kualitas Pelayanan (IPKP)",
            "question",
            "HPA",
            ipkp,
            note=notes[2],
        ),
    ]


def _rules_2014(total, with_hp1):
    rules = [
        _rule("total", "Nilai total", "total", bound=total),
        _rule(
            "bersih_bebas_kkn",
            "Pemerintah yang bersih dan bebas KKN (HB1 + HB2)",
            "area",
            "HB",
            "18",
        ),
        _rule(
            "persepsi_korupsi",
            "Nilai survei persepsi korupsi",
            "question",
            "HB1",
            "13.5",
            note="setara nilai survei ≥ 3,60",
        ),
        _rule(
            "tlhp",
            "Persentase tindak lanjut hasil pemeriksaan (TLHP)",
            "question",
            "HB2",
            "3.5",
            note="setara 70% temuan ditindaklanjuti",
        ),
    ]
    if with_hp1:
        rules.append(
            _rule(
                "kualitas_pelayanan",
                "Nilai persepsi kualitas pelayanan",
                "question",
                "HP1",
                "16",
                note="setara nilai survei ≥ 3,20",
            )
        )
    return rules


VERSIONS = {
    "lke-2021": {
        "csv": "lke_2021_questions.csv",
        "name": "LKE Zona Integritas 2021 (PermenPANRB 90/2021)",
        "legal_basis": (
            "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi "
            "Nomor 90 Tahun 2021 tentang Pembangunan dan Evaluasi Zona Integritas Menuju "
            "Wilayah Bebas dari Korupsi dan Wilayah Birokrasi Bersih dan Melayani di "
            "Instansi Pemerintah"
        ),
        "status": "published",
        "questions": lke_evidence.QUESTIONS_2021,
        "counts": {"pemenuhan": 87, "reform": 23, "hasil": 3},
        "aspect_weights": {
            "MP": ("4", "4"),
            "TL": ("3.5", "3.5"),
            "SDM": ("5", "5"),
            "AK": ("5", "5"),
            "PW": ("7.5", "7.5"),
            "PP": ("5", "5"),
            "HB": ("22.5",),
            "HP": ("17.5",),
        },
        "predicates": [
            {
                "code": "WBBM",
                "name": "Menuju WBBM",
                "title": "Wilayah Birokrasi Bersih dan Melayani",
                "rules": [
                    *_rules_2021(
                        "85",
                        "48",
                        "75",
                        "19.5",
                        "15.75",
                        "3.75",
                        "15.75",
                        (
                            "setara nilai survei ≥ 3,60",
                            "jawaban B atau lebih baik",
                            "setara nilai survei ≥ 3,60",
                        ),
                    ),
                    PRIOR_WBK,
                ],
            },
            {
                "code": "WBK",
                "name": "Menuju WBK",
                "title": "Wilayah Bebas dari Korupsi",
                "rules": _rules_2021(
                    "75",
                    "40",
                    "60",
                    "18.25",
                    "15.75",
                    "2.5",
                    "14",
                    (
                        "setara nilai survei ≥ 3,60",
                        "jawaban C atau lebih baik",
                        "setara nilai survei ≥ 3,20",
                    ),
                ),
            },
        ],
        "eligibility": {
            "legal_basis": "PermenPANRB 90/2021 Tabel 5; SOP/UPM/DJBM-199 §5.i",
            "sakip_grades": ["AA", "A", "BB", "B", "CC", "C", "D"],
            "revocation_wait_years": 2,
            "targets": {
                "WBK": {
                    "min_building_years": 1,
                    "min_pengungkit": "40",
                    "min_area_percent": "60",
                    "min_sakip": "B",
                    "min_tlhp_percent": "100",
                    "min_lhkan_percent": "100",
                    "min_key_target_percent": "100",
                    "key_target_better_than_previous": False,
                    "min_wbk_years": None,
                },
                "WBBM": {
                    "min_building_years": 1,
                    "min_pengungkit": "48",
                    "min_area_percent": "75",
                    "min_sakip": "BB",
                    "min_tlhp_percent": "100",
                    "min_lhkan_percent": "100",
                    "min_key_target_percent": "100",
                    "key_target_better_than_previous": True,
                    "min_wbk_years": 1,
                },
            },
        },
    },
    "lke-2014": {
        "csv": "lke_2014_questions.csv",
        "name": "LKE Zona Integritas 2014 (PermenPANRB 52/2014)",
        "legal_basis": (
            "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi "
            "Nomor 52 Tahun 2014 tentang Pedoman Pembangunan Zona Integritas Menuju "
            "Wilayah Bebas dari Korupsi dan Wilayah Birokrasi Bersih dan Melayani di "
            "Lingkungan Instansi Pemerintah"
        ),
        "status": "retired",
        "questions": lke_evidence.QUESTIONS_2014,
        "counts": {"proses": 81, "hasil": 3},
        "aspect_weights": {
            "MP": ("5",),
            "TL": ("5",),
            "SDM": ("15",),
            "AK": ("10",),
            "PW": ("15",),
            "PP": ("10",),
            "HB": ("20",),
            "HP": ("20",),
        },
        "predicates": [
            {
                "code": "WBBM",
                "name": "Menuju WBBM",
                "title": "Wilayah Birokrasi Bersih dan Melayani",
                "rules": [*_rules_2014("85", with_hp1=True), PRIOR_WBK],
            },
            {
                "code": "WBK",
                "name": "Menuju WBK",
                "title": "Wilayah Bebas dari Korupsi",
                "rules": _rules_2014("75", with_hp1=False),
            },
        ],
        "eligibility": None,
    },
}

SETTINGS = {
    # "per_area": pemenuhan + reform together against the area minimum;
    # "per_aspect": each aspect against the same % of its own weight.
    "area_rule": "per_area",
    # area minimum compares the area's rounded % of weight ("percent") or its
    # rounded score against weight × % ("score").
    "area_compare": "percent",
    "decimal_places": 2,
}
