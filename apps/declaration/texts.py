"""The wording of FRM-01 (Piagam Pencanangan) and FRM-02 (Pakta Integritas), seed 003
(SOP/UPM/DJBM-199 Rev:00). Pure: no database.

The texts are the documents' own Indonesian wording (legal documents the signer reads),
not interface strings, so they are not translated.
"""

import datetime
import re

from apps.core.dates import long_date

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

CHARTER_VERSION = "FRM-01/SOP/UPM/DJBM-199 Rev:00"
PACT_VERSION = "FRM-02/SOP/UPM/DJBM-199 Rev:00"


def day_name(day: datetime.date) -> str:
    return DAYS[day.weekday()]


def pact_statements(unit_name: str) -> list[str]:
    """The seven statements of FRM-02; the sixth names the signer's unit."""
    return [
        "Berperan secara proaktif dalam upaya pencegahan dan pemberantasan Korupsi, Kolusi "
        "dan Nepotisme serta tidak melibatkan diri dalam perbuatan tercela;",
        "Tidak meminta atau menerima pemberian secara langsung atau tidak langsung berupa "
        "suap, hadiah, bantuan, atau bentuk lainnya yang tidak sesuai dengan ketentuan yang "
        "berlaku;",
        "Bersikap transparan, jujur, obyektif, dan akuntabel dalam melaksanakan tugas;",
        "Menghindari benturan kepentingan (conflict of interest) dalam pelaksanaan tugas;",
        "Memberi contoh dalam kepatuhan terhadap peraturan perundang-undangan dalam "
        "melaksanakan tugas, terutama kepada karyawan yang berada di bawah pengawasan saya "
        "dan sesama pegawai di lingkungan kerja saya secara konsisten;",
        f"Akan menyampaikan informasi penyimpangan integritas di {unit_name} serta turut "
        "menjaga kerahasiaan saksi atas pelanggaran peraturan yang dilaporkannya kepada "
        "Inspektorat Jenderal; dan",
        "Bila saya melanggar hal-hal tersebut di atas, saya siap menghadapi konsekuensinya.",
    ]


def pact_opening(name: str, position: str) -> str:
    return f"Saya, {name}, {position}, menyatakan sebagai berikut:"


def pact_text(*, name: str, position: str, unit_name: str) -> str:
    """The whole statement as one text: what the signer saw, stored with the pact."""
    lines = [f"PAKTA INTEGRITAS ({PACT_VERSION})", pact_opening(name, position)]
    lines += [f"{i}. {s}" for i, s in enumerate(pact_statements(unit_name), start=1)]
    return "\n".join(lines)


_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")
_VERSION = re.compile(r"^PAKTA INTEGRITAS(?:\s*\((.*)\))?$")


def pact_parts(statement: str) -> tuple[str, str, list[str]]:
    """A stored statement (``pact_text``) split back into (form version, opening, the
    numbered statements): the PDF prints exactly what the signer saw, even after the
    wording of a later version changes."""
    lines = [" ".join(line.split()) for line in (statement or "").splitlines()]
    lines = [line for line in lines if line]
    version = ""
    if lines and (match := _VERSION.match(lines[0])):
        version = match.group(1) or ""
        lines = lines[1:]
    opening: list[str] = []
    items: list[str] = []
    for line in lines:
        match = _NUMBERED.match(line)
        if match:
            items.append(match.group(2))
        elif items:  # a statement that went on over another line
            items[-1] = f"{items[-1]} {line}"
        else:
            opening.append(line)
    return version, " ".join(opening), items


def pact_signed_note(*, online: bool, when: datetime.datetime, ip_address: str = "") -> str:
    """How the pact was signed, printed under the signer's name in its PDF (``when`` in
    local time)."""
    if not online:
        return "Ditandatangani di atas kertas; pindaiannya tersimpan di ZI Portal."
    note = f"Ditandatangani secara elektronik di ZI Portal pada {long_date(when.date())}"
    note += f" pukul {when:%H.%M} {when.tzname() or ''}".rstrip()
    if ip_address:
        note += f" dari alamat IP {ip_address}"
    return note + "."


def charter_sentence(
    *, declared_on: datetime.date, head_name: str, head_title: str, unit_name: str
) -> str:
    """The body of FRM-01."""
    return (
        f"Pada hari ini, {day_name(declared_on)}, tanggal {long_date(declared_on)}, "
        f"Saya {head_name} selaku {head_title} mencanangkan Pembangunan Zona Integritas "
        f"di lingkungan {unit_name}."
    )


def title_with_unit(title: str, unit_name: str) -> str:
    """The head's title followed by the unit's name, without saying the unit type twice:
    "Kepala Satker" + "Satker PJN Wilayah I" → "Kepala Satker PJN Wilayah I" (not
    "Kepala Satker Satker …"). A title that already names the unit stays as it is."""
    title = " ".join((title or "").split())
    name = " ".join((unit_name or "").split())
    if not title:
        return name
    if not name or name.casefold() in title.casefold():
        return title
    words, name_words = title.split(" "), name.split(" ")
    # The longest tail of the title that the name starts with ("Satker", "Balai Besar").
    for size in range(min(len(words), len(name_words)), 0, -1):
        tail = [w.casefold() for w in words[-size:]]
        if tail == [w.casefold() for w in name_words[:size]]:
            return " ".join(words[:-size] + name_words)
    return f"{title} {name}"
