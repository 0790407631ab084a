"""The annual Laporan Pembangunan ZI as one neutral document: sections of headings,
paragraphs, lists and tables, built once from the report and its sections
(``annual.build``) and rendered twice – to the PDF (``reports/annual_pdf.html`` on the
shared layout) and to ``.docx`` (``docx_render``). Neither renderer words anything: what
the report says is decided here, so the two files cannot drift apart.

The sentences are the document's own Indonesian wording (a report the head signs), not
interface strings, so they are not translated. No database: everything comes from the
report (unit, agency loaded) and its sections.
"""

import datetime
from dataclasses import dataclass, field

from apps.core.dates import long_date

from .document import local_date
from .periods import counted, percent_text
from .sections import as_date, percent_of


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "paragraph"


@dataclass(frozen=True)
class Bullets:
    items: list[str]
    kind: str = "bullets"


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    # Columns holding figures (right-aligned in both renderers).
    numeric: tuple[int, ...] = ()
    kind: str = "table"


@dataclass(frozen=True)
class Heading:
    text: str
    kind: str = "heading"


@dataclass
class Section:
    key: str
    title: str
    blocks: list = field(default_factory=list)
    # A part the team writes (the .docx "bagian yang disunting" holds only these).
    narrative: bool = False


@dataclass
class Signer:
    title: str
    name: str
    nip: str
    day: datetime.date | None


@dataclass
class AnnualDocument:
    title: str
    subtitle: str
    unit_name: str
    agency: str
    year: int
    form_code: str
    sections: list[Section]
    signer: Signer
    revision: dict | None = None

    def only(self, keys: set[str]) -> "AnnualDocument":
        """The same document with only the sections ``keys``."""
        return AnnualDocument(
            **{**self.__dict__, "sections": [s for s in self.sections if s.key in keys]}
        )

    @property
    def narrative_keys(self) -> set[str]:
        return {s.key for s in self.sections if s.narrative}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _narrative(text: str, empty: str) -> list:
    lines = _lines(text)
    return [Paragraph(line) for line in lines] if lines else [Paragraph(empty)]


def _pct(figures: dict | None) -> str:
    return percent_text(percent_of(figures)) if figures else "–"


def _plan(sections: dict, year: int) -> list:
    plan = sections["plan"]
    if plan["revision"] is None:
        return [Paragraph(f"Rencana Kerja Pembangunan ZI tahun {year} belum disahkan.")]
    ratified = (
        f", disahkan {long_date(as_date(plan['ratified_on']))}" if plan["ratified_on"] else ""
    )
    blocks = [
        Paragraph(
            f"Rencana Kerja Pembangunan ZI tahun {year} (revisi {plan['revision']}{ratified}) "
            f"memuat {counted(plan['items'])} kegiatan. Sepanjang tahun terjadwal "
            f"{counted(plan['total'])} kegiatan bulanan, {counted(plan['done'])} di antaranya "
            f"telah dilaksanakan dan {counted(plan['ongoing'])} sedang dilaksanakan, sehingga "
            f"realisasi rencana kerja tahun {year} adalah {_pct(plan)}."
        ),
        Table(
            ["No.", "Area Perubahan", "Kegiatan", "Terjadwal", "Terlaksana", "Sedang", "Realisasi"],
            [
                [
                    f"{n}.",
                    area["label"],
                    str(area["items"]),
                    str(area["total"]),
                    str(area["done"]),
                    str(area["ongoing"]),
                    _pct(area),
                ]
                for n, area in enumerate(plan["areas"], start=1)
            ]
            + [
                [
                    "",
                    "Jumlah",
                    str(plan["items"]),
                    str(plan["total"]),
                    str(plan["done"]),
                    str(plan["ongoing"]),
                    _pct(plan),
                ]
            ],
            numeric=(2, 3, 4, 5, 6),
        ),
    ]
    return blocks


def _monev(sections: dict, year: int) -> list:
    monev = sections["monev"]
    rows = []
    for m in monev["months"]:
        head = {True: "Hadir", False: "Tidak hadir"}.get(m["head_attended"], "–")
        activities, recs = m["activities"], m["recommendations"]
        rows.append(
            [
                m["label"],
                m["status_label"],
                long_date(as_date(m["issued_on"])) if m["issued_on"] else "–",
                head if m["issued_on"] else "–",
                f"{activities['done']}/{activities['total']} ({_pct(activities)})"
                if activities
                else "–",
                f"{recs['done']}/{recs['total']} ({_pct(recs)})" if recs and recs["total"] else "–",
            ]
        )
    return [
        Paragraph(
            f"Monitoring dan evaluasi pembangunan ZI tahun {year} dilaporkan bulanan (FRM-04). "
            f"Laporan yang telah terbit: {counted(monev['issued'])} dari 12 (dua belas) bulan; "
            f"Pimpinan Unit hadir dalam {counted(monev['head_present'])} rapat monev."
        ),
        Table(
            [
                "Bulan",
                "Status Laporan",
                "Terbit",
                "Pimpinan Unit",
                "Kegiatan Terlaksana",
                "Rekomendasi Ditindaklanjuti",
            ],
            rows,
            numeric=(4, 5),
        ),
    ]


def _recommendations(sections: dict, year: int) -> list:
    recs = sections["recommendations"]
    if not recs["total"]:
        return [Paragraph(f"Laporan monev tahun {year} tidak memuat rekomendasi.")]
    blocks = [
        Paragraph(
            f"Dari {counted(recs['total'])} rekomendasi hasil monev tahun {year}, "
            f"{counted(recs['done'])} telah ditindaklanjuti dan "
            f"{counted(recs['in_progress'])} sedang ditindaklanjuti; progres tindak lanjut "
            f"adalah {_pct(recs)}."
        )
    ]
    if recs["open"]:
        blocks += [
            Heading("Rekomendasi yang belum selesai ditindaklanjuti"),
            Table(
                ["No.", "Area", "Rekomendasi", "PIC", "Target", "Status"],
                [
                    [
                        f"{n}.",
                        row["area_label"],
                        f"{row['text']} (bulan {row['made_in']})",
                        row["pic"],
                        long_date(as_date(row["target_on"])),
                        row["status_label"],
                    ]
                    for n, row in enumerate(recs["open"], start=1)
                ],
            ),
        ]
    return blocks


def _agents(sections: dict, year: int) -> list:
    agents = sections["agents"]
    if not agents["agents"]:
        blocks = [Paragraph("Agen Perubahan belum ditetapkan untuk siklus ini.")]
    else:
        blocks = [
            Paragraph(
                f"Agen Perubahan yang ditetapkan: {counted(len(agents['agents']))} orang, "
                "dengan Rencana Aksi sebagai berikut."
            )
        ]
        for agent in agents["agents"]:
            name = agent["name"] + (f", NIP {agent['nip']}" if agent["nip"] else "")
            blocks.append(Heading(name + (f" – {agent['position']}" if agent["position"] else "")))
            if agent["items"]:
                blocks.append(
                    Table(
                        ["Nilai", "Sasaran Output/Outcome", "Indikator", "Target", "Waktu"],
                        [
                            [i["value"], i["outcome"], i["indicator"], i["target"], i["timing"]]
                            for i in agent["items"]
                        ],
                    )
                )
            else:
                blocks.append(Paragraph("Rencana Aksi belum diisi."))
    # The agents' quarterly reports (FRM-05), once the portal issues them.
    if agents["reports"]:
        blocks += [
            Heading("Laporan Triwulan Agen Perubahan"),
            Table(
                ["Triwulan", "Laporan", "Terbit"],
                [
                    [
                        r["label"],
                        r["title"],
                        long_date(as_date(r["issued_on"])) if r["issued_on"] else "–",
                    ]
                    for r in agents["reports"]
                ],
            ),
        ]
    return blocks


def _evidence(sections: dict, year: int) -> list:
    evidence = sections["evidence"]
    if not evidence["total"]:
        return [Paragraph("Daftar bukti dukung LKE siklus ini belum memuat butir.")]
    return [
        Paragraph(
            f"Kelengkapan bukti dukung terverifikasi: {evidence['done']} dari "
            f"{evidence['total']} butir daftar periksa ({_pct(evidence)})."
        ),
        Table(
            ["Area", "Butir Terpenuhi", "Butir Daftar Periksa", "Kelengkapan"],
            [[a["label"], str(a["done"]), str(a["total"]), _pct(a)] for a in evidence["areas"]],
            numeric=(1, 2, 3),
        ),
    ]


def annual_document(report, sections: dict) -> AnnualDocument:
    """The annual report as one neutral document (the PDF and the .docx render it)."""
    from .kinds import spec_of

    spec = spec_of(report.kind)
    year = sections["year"]
    unit = report.unit
    return AnnualDocument(
        title=spec.title.upper(),
        subtitle=f"{unit.name.upper()} TAHUN {year}",
        unit_name=unit.name,
        agency=report.tenant.name,
        year=year,
        form_code=spec.form_code,
        sections=[
            Section(
                "pendahuluan",
                "I. Pendahuluan",
                _narrative(report.introduction, "Pendahuluan belum ditulis."),
                narrative=True,
            ),
            Section("rencana_kerja", "II. Rencana Kerja dan Realisasi", _plan(sections, year)),
            Section("monev", "III. Monitoring dan Evaluasi Bulanan", _monev(sections, year)),
            Section(
                "rekomendasi",
                "IV. Tindak Lanjut Rekomendasi Monev",
                _recommendations(sections, year),
            ),
            Section("agen", "V. Agen Perubahan", _agents(sections, year)),
            Section("bukti", "VI. Bukti Dukung per Area", _evidence(sections, year)),
            Section(
                "hambatan",
                "VII. Hambatan dan Kendala",
                _narrative(report.obstacles, "Tidak terdapat kendala yang dicatat."),
                narrative=True,
            ),
            Section(
                "kesimpulan",
                "VIII. Kesimpulan",
                _narrative(report.conclusions, "Kesimpulan belum ditulis."),
                narrative=True,
            ),
            Section(
                "tindak_lanjut",
                "IX. Rencana Tindak Lanjut",
                _narrative(report.next_steps, "Rencana tindak lanjut belum ditulis."),
                narrative=True,
            ),
        ],
        signer=Signer(
            title=report.signer_title,
            name=report.signer_name,
            nip=report.signer_nip,
            day=local_date(report.issued_at, unit) if report.issued_at else None,
        ),
        revision=(
            {"number": report.revision, "reason": report.revision_reason}
            if report.revision > 1
            else None
        ),
    )
