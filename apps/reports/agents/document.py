"""The FRM-05 document in the form's own words (seed 003, Contoh Laporan Triwulan Agen
Perubahan): what the PDF prints and the report page shows. No database: everything is
on the report (unit, cycle, agency loaded) and in its sections. The sentences are the
form's wording (a document the head and the agents sign), not interface strings."""

import copy
import datetime

from apps.core.dates import MONTHS, long_date
from apps.units.letterhead import letterhead

from ..document import local_date
from ..kinds import spec_of
from ..periods import counted, month_label, percent_text, quarter_label
from ..sections import percent_of


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]


def document(report, sections: dict) -> dict:
    """Everything the FRM-05 page and PDF print, in the form's order."""
    spec = spec_of(report.kind)
    sections = copy.deepcopy(sections)
    start = datetime.date.fromisoformat(sections["period"])
    previous = datetime.date.fromisoformat(sections["previous"])
    months = [datetime.date.fromisoformat(m) for m in sections["months"]]
    quarter = quarter_label(start)
    plan_actual = sections["plan_actual"]
    for number, row in enumerate(sections["ideas"], start=1):
        row["no"] = number
    for number, row in enumerate(sections["schedule"], start=1):
        row["no"] = number
    for number, row in enumerate(plan_actual["rows"], start=1):
        row["no"] = number
    for number, row in enumerate(sections["follow_up"]["rows"], start=1):
        row["no"] = number
    decree = sections["decree"]
    if plan_actual["total"]:
        summary = (
            f"Dari tabel di atas, rencana kerja Agen Perubahan yang terealisasi adalah "
            f"{counted(plan_actual['done'])} dari {counted(plan_actual['total'])} rencana "
            f"bulanan sehingga realisasi rencana kerja {quarter} adalah "
            f"{percent_text(percent_of(plan_actual))}."
        )
    else:
        summary = f"Belum ada rencana aksi Agen Perubahan untuk {quarter}."
    same_year = previous.year == start.year
    follow_up = sections["follow_up"]
    if not same_year:
        follow_up_intro = f"{quarter} adalah triwulan pertama siklus ini."
    elif follow_up["rows"]:
        follow_up_intro = (
            f"Rencana kerja yang belum terealisasi pada {quarter_label(previous)} dan "
            "tindak lanjutnya:"
        )
    else:
        follow_up_intro = (
            f"Tidak terdapat rencana kerja {quarter_label(previous)} yang belum terealisasi."
        )
    obstacles = _lines(report.obstacles)
    return {
        "spec": spec,
        "kop": letterhead(report.unit),
        "title": spec.title.upper(),
        "form_code": spec.form_code,
        "agency": report.tenant.name,
        "unit": report.unit,
        "period": quarter,
        "previous": quarter_label(previous),
        "month_names": [MONTHS[m.month - 1] for m in months],
        "month_labels": [month_label(m) for m in months],
        "background": _paragraphs(report.background),
        "purpose": _paragraphs(report.purpose),
        "scope": _paragraphs(report.scope),
        "agents": sections["agents"],
        "decree": (
            f"Surat Keputusan Agen Perubahan nomor {decree['number']} tanggal "
            f"{long_date(datetime.date.fromisoformat(decree['signed_on']))}"
            if decree
            else ""
        ),
        "ideas": sections["ideas"],
        "schedule": sections["schedule"],
        "follow_up": {**follow_up, "intro": follow_up_intro},
        "plan_actual": {
            **plan_actual,
            "summary": summary,
            "percent_text": percent_text(percent_of(plan_actual)),
        },
        "obstacles": obstacles,
        "contribution": sections["contribution"],
        "integrated": sum(1 for row in sections["contribution"] if row["integrated"]),
        "recommendations": _lines(report.agent_recommendations),
        "documentation": sections["documentation"],
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
        },
        "signed_on": local_date(report.issued_at, report.unit) if report.issued_at else None,
        "authors": [
            {**agent, "title": f"Agen Perubahan {n}" if len(sections["signers"]) > 1 else ""}
            for n, agent in enumerate(sections["signers"], start=1)
        ],
    }
