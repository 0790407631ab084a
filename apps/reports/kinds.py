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

from apps.core.capabilities import Capability
from apps.core.choices import Area

from .models import Kind
from .periods import add_months, first_working_day, month_label, period_end, quarter_label


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
    # Who writes it (the capability over the unit; ``edit_area`` narrows area roles).
    edit_capability: str = Capability.REPORT_EDIT
    # Its sections and document (dotted paths: they read the database and this module
    # is imported by it); None: the monev's (``sections.build``, ``document.document``).
    builder: str | None = None
    documenter: str | None = None
    # Its period as printed: a month ("Juni 2026") or a quarter ("Triwulan II 2026").
    label: Callable[[datetime.date], str] = month_label
    # May be one report per change agent (the agency's setting, ``AgentReportSettings``).
    per_agent: bool = False
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

AGEN_PERUBAHAN = KindSpec(
    kind=Kind.AGEN_PERUBAHAN,
    title="Laporan Triwulan Agen Perubahan",
    form_code="FRM-05/SOP/UPM/DJBM-199 Rev:00",
    months=3,
    pdf_template="reports/agent_pdf.html",
    # The agency calendar's quarterly entries (apps/cycles/data/calendar_defaults.json).
    calendar_key=lambda start: f"laporan_agen_tw{(start.month - 1) // 3 + 1}",
    edit_area=None,
    edit_capability=Capability.REPORT_AGENT_EDIT,
    builder="apps.reports.agents.sections.build",
    documenter="apps.reports.agents.document.document",
    label=quarter_label,
    per_agent=True,
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
    builder="apps.reports.annual.build",
)

SPECS: dict[str, KindSpec] = {
    MONEV.kind: MONEV,
    AGEN_PERUBAHAN.kind: AGEN_PERUBAHAN,
    TAHUNAN.kind: TAHUNAN,
}


def spec_of(kind: str) -> KindSpec:
    return SPECS[kind]


KIND_HELP = _(
    "Jenis laporan: monev (FRM-04, bulanan), agen_perubahan (FRM-05, triwulanan) atau "
    "tahunan (Laporan Pembangunan ZI)."
)
