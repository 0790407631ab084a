"""The FRM-04 document in its own words (seed 003, Contoh Laporan Monitoring dan
Evaluasi): what the PDF prints and the report page shows, from a report and its
sections (``sections.py``). No database: everything it needs is on the report (unit,
cycle, agency loaded) and in the sections.

The sentences are the form's own Indonesian wording (a document the head signs), not
interface strings, so they are not translated.
"""

import copy
import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.module_loading import import_string

from apps.core.dates import long_date
from apps.declaration.texts import day_name

from .kinds import spec_of
from .periods import counted, month_label, percent_text
from .sections import as_date, percent_of


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _target(value: str) -> str:
    return long_date(as_date(value))


def _b(sections: dict, previous: str) -> dict:
    b = sections["b"]
    rows = [row for area in b["areas"] for row in area["rows"]]
    if rows:
        intro = (
            f"Berdasarkan hasil monitoring dan evaluasi yang dilakukan pada bulan {previous}, "
            "terdapat rekomendasi perbaikan yang perlu ditindaklanjuti, antara lain:"
        )
        summary = (
            f"Dari tabel di atas, maka rekomendasi yang telah ditindaklanjuti adalah "
            f"{counted(b['done'])} rekomendasi dari {counted(b['total'])} rekomendasi "
            f"sehingga progres tindak lanjut monitoring dan evaluasi bulan {previous} "
            f"adalah {percent_text(percent_of(b))}."
        )
    else:
        intro = (
            "Tidak terdapat rekomendasi monitoring dan evaluasi periode sebelumnya yang "
            "perlu ditindaklanjuti."
        )
        summary = ""
    for number, row in enumerate(rows, start=1):
        row["no"] = number
        row["target_label"] = _target(row["target_on"])
        row["made_in_label"] = month_label(as_date(row["made_in"]))
    return {**b, "intro": intro, "summary": summary, "percent_text": percent_text(percent_of(b))}


def _c(sections: dict, period: str) -> dict:
    c = sections["c"]
    if c["plan_revision"] is None:
        intro = (
            "Rencana Kerja Pembangunan ZI belum disahkan Pimpinan Unit, sehingga belum ada "
            f"kegiatan yang dijadwalkan pada bulan {period}."
        )
        summary = ""
    else:
        intro = (
            f"Berdasarkan rencana kerja yang telah disusun, pada bulan {period} terdapat "
            f"{counted(c['total'])} kegiatan. Realisasi dari kegiatan pembangunan Zona "
            "Integritas antara lain:"
        )
        summary = (
            f"Dari tabel di atas, maka rencana kerja yang telah selesai dilaksanakan adalah "
            f"{counted(c['done'])} kegiatan dari {counted(c['total'])} rencana kerja "
            f"sehingga progres rencana kerja pembangunan zona integritas bulan {period} "
            f"adalah {percent_text(percent_of(c))}."
        )
        if not c["total"]:
            summary = f"Tidak ada kegiatan rencana kerja yang dijadwalkan pada bulan {period}."
    for number, row in enumerate((row for area in c["areas"] for row in area["rows"]), start=1):
        row["no"] = number
    return {**c, "intro": intro, "summary": summary, "percent_text": percent_text(percent_of(c))}


def _meeting(report, period: str) -> dict:
    day: datetime.date | None = report.meeting_on
    return {
        "date": f"{day_name(day)}, {long_date(day)}" if day else "",
        "place": report.meeting_place,
        "agenda": report.meeting_agenda or default_agenda(report),
        "chair": report.meeting_chair,
        "attendees": _lines(report.attendees),
        "head_attended": report.head_attended,
    }


def default_agenda(report) -> str:
    return (
        "Monitoring dan Evaluasi Pembangunan ZI Bulan "
        f"{month_label(report.period_start).replace(' ', ' Tahun ')}"
    )


def local_date(moment: datetime.datetime, unit) -> datetime.date:
    """The day ``moment`` falls on in the unit's own time zone (WIB, WITA or WIT)."""
    return timezone.localtime(moment, ZoneInfo(unit.time_zone)).date()


def document(report, sections: dict) -> dict:
    """Everything the FRM-04 page and PDF print, in the form's order (another kind's
    document: its own, ``KindSpec.documenter``)."""
    spec = spec_of(report.kind)
    if spec.documenter:
        return import_string(spec.documenter)(report, sections)
    sections = copy.deepcopy(sections)
    period = month_label(as_date(sections["period"]))
    previous = month_label(as_date(sections["previous"]))
    b = _b(sections, previous)
    c = _c(sections, period)
    obstacles = _lines(report.obstacles)
    conclusions = [
        f"Progres tindak lanjut monitoring dan evaluasi bulan {previous} adalah "
        f"{b['percent_text']};"
        if b["total"]
        else f"Tidak terdapat rekomendasi bulan {previous} yang perlu ditindaklanjuti;",
        f"Progres rencana kerja pembangunan zona integritas bulan {period} adalah "
        f"{c['percent_text']};",
        *_lines(report.conclusions),
    ]
    recommendations = sections["e"]["rows"]
    for row in recommendations:
        row["target_label"] = _target(row["target_on"])
    unit = report.unit
    return {
        "spec": spec,
        "title": spec.title.upper(),
        "form_code": spec.form_code,
        "agency": report.tenant.name,
        "unit": unit,
        "period": period,
        "previous": previous,
        "meeting": _meeting(report, period),
        "b": b,
        "c": c,
        "obstacles": obstacles,
        "obstacles_intro": (
            "Berdasarkan hasil pembahasan, terdapat kendala dalam pembangunan zona integritas "
            "antara lain:"
            if obstacles
            else "Berdasarkan hasil pembahasan, tidak terdapat kendala dalam pembangunan zona "
            "integritas."
        ),
        "conclusions": conclusions,
        "recommendations": recommendations,
        "recommendations_intro": (
            "Atas uraian di atas, maka terdapat rekomendasi yang perlu ditindaklanjuti antara lain:"
            if recommendations
            else "Atas uraian di atas, maka tidak terdapat rekomendasi yang perlu ditindaklanjuti."
        ),
        "revision": (
            {"number": report.revision, "reason": report.revision_reason}
            if report.revision > 1
            else None
        ),
        "signer": {
            "title": report.signer_title,
            "name": report.signer_name,
            "nip": report.signer_nip,
            "date": long_date(local_date(report.issued_at, report.unit))
            if report.issued_at
            else "",
            "day": local_date(report.issued_at, report.unit) if report.issued_at else None,
        },
    }
