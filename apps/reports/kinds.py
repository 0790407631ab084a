"""What differs between the kinds of report: the period, the calendar deadline, the form's
title and code, the PDF template, how its sections are computed and when the portal
drafts one. Everything else (states, revisions, the PDF made once, access, the beat job)
is the one mechanism of this app.

A new kind (FRM-05, the annual report) adds a ``Kind`` choice and a ``KindSpec`` here,
its section builder, its PDF template, and its fields; the drafting job, the pages and
the API pick it up from ``SPECS``.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from apps.core.choices import Area

from .models import Kind
from .periods import add_months, first_working_day, month_label, period_end


@dataclass(frozen=True)
class KindSpec:
    kind: str
    title: str  # the document's title, as printed
    form_code: str  # the form number of seed 003
    months: int  # length of one period
    pdf_template: str
    # The calendar entry (apps.cycles, CalendarEntry.key) holding a period's deadline.
    calendar_key: Callable[[datetime.date], str]
    # The area whose Ketua Pokja writes the report with the Ketua Tim and Sekretaris
    # (capability ``report.edit``); None: only they.
    edit_area: str | None
    # Does its PDF list a meeting (section A)?
    has_meeting: bool = False
    # A period's name as the pages and the PDF print it ("Juni 2026", "Tahun 2026").
    label: Callable[[datetime.date], str] = month_label
    # The team's narrative parts (Report fields) it must fill before submitting.
    required_text: tuple[str, ...] = ()

    def period_end(self, start: datetime.date) -> datetime.date:
        return period_end(start, self.months)

    def period_label(self, start: datetime.date) -> str:
        return self.label(start)

    def name(self, report) -> str:
        label = f"{self.title} {self.period_label(report.period_start)}"
        return label + (f" (revisi {report.revision})" if report.revision > 1 else "")

    def draft_day(self, start: datetime.date) -> datetime.date:
        """The day the portal drafts the period's report: the first working day after it."""
        return first_working_day(add_months(start, self.months))


MONEV = KindSpec(
    kind=Kind.MONEV,
    title="Laporan Monitoring dan Evaluasi",
    form_code="FRM-04/SOP/UPM/DJBM-199 Rev:00",
    months=1,
    pdf_template="reports/monev_pdf.html",
    calendar_key=lambda start: f"laporan_monev_{start.month:02d}",
    # Seed 003 §5.e: monitoring and evaluation is the work of the Pokja Manajemen Perubahan.
    edit_area=Area.MP,
    has_meeting=True,
)

# The annual Laporan Pembangunan ZI (DOMAIN.md §7): one per cycle and year, compiled from
# the Rencana Kerja, the twelve monev reports, the change agents and the evidence; due by
# the second week of January of the next year (calendar entry ``laporan_zi``).
TAHUNAN = KindSpec(
    kind=Kind.TAHUNAN,
    title="Laporan Pembangunan Zona Integritas",
    form_code="Laporan Tahunan Pembangunan ZI",
    months=12,
    pdf_template="reports/annual_pdf.html",
    calendar_key=lambda start: "laporan_zi",
    # Monitoring and evaluation, and so its yearly account, is the Pokja MP's (seed 003).
    edit_area=Area.MP,
    label=lambda start: f"Tahun {start.year}",
    required_text=("introduction", "conclusions"),
)

SPECS: dict[str, KindSpec] = {MONEV.kind: MONEV, TAHUNAN.kind: TAHUNAN}


def spec_of(kind: str) -> KindSpec:
    return SPECS[kind]


KIND_HELP = _("Jenis laporan: monev (FRM-04, bulanan) atau tahunan (Laporan Pembangunan ZI).")
