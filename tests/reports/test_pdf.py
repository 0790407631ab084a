"""The FRM-04 PDF read back with pypdf: the kop, sections A–E in the form's wording, the
figures as seed 003 writes them, and the signature block."""

import datetime
import io
import re

import pytest
from django_scopes import scope
from pypdf import PdfReader

from apps.reports import services
from apps.reports.tasks import render_report_pdf

from .conftest import JUNE, at, draft_all, issue, report_of, travel

pytestmark = pytest.mark.django_db


def pdf_text(report) -> str:
    report.refresh_from_db()
    with report.pdf_file.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def june(plan, cycle, tenant, tree, ketua_tim, unit_leader, anggota, member):
    unit = tree["upt"]
    unit.address = "Jl. Soekarno-Hatta No. 1, Bandung"
    unit.head_title = "Kepala UPT"
    unit.save(update_fields=["address", "head_title"])
    unit_leader.nip = "197805102003121001"
    unit_leader.save(update_fields=["nip"])
    draft_all(tenant, at(2026, 6, 2))
    may = report_of(cycle, 5)
    with scope(tenant=tenant.pk):
        rec = services.recommendation_add(
            actor=ketua_tim,
            report=may,
            area="SDM",
            text="Penyusunan Analisa Beban Kerja, Peta Jabatan dan usulan kebutuhan pegawai",
            pic=anggota,
            target_on=datetime.date(2026, 10, 31),
        )
        services.recommendation_add(
            actor=ketua_tim,
            report=may,
            area="SDM",
            text="Penyusunan Penetapan Kinerja Individu",
            pic=member,
            target_on=datetime.date(2026, 12, 31),
        )
    issue(may, ketua_tim, unit_leader, at(2026, 6, 5))
    draft_all(tenant, at(2026, 7, 1))
    june = report_of(cycle, 6)
    with scope(tenant=tenant.pk), travel(at(2026, 7, 6)):
        services.recommendation_follow_up(
            actor=ketua_tim,
            report=june,
            recommendation=rec,
            status="in_progress",
            follow_up="Dalam proses draf dokumen ABK.",
            evidence_note="Undangan, notulensi, daftar hadir",
        )
        services.recommendation_add(
            actor=ketua_tim,
            report=june,
            area="PW",
            text="Sosialisasi pengendalian gratifikasi kepada seluruh pegawai",
            pic=member,
            target_on=datetime.date(2026, 8, 31),
        )
    june = issue(june, ketua_tim, unit_leader, at(2026, 7, 7))
    assert render_report_pdf(june.tenant_id, june.pk) is True
    return june


def test_the_pdf_has_the_kop_and_every_section_of_frm_04(june):
    text = pdf_text(june)
    for expected in [
        "KEMENTERIAN ALFA",
        "UPT SATU",
        "Jl. Soekarno-Hatta No. 1, Bandung",
        "LAPORAN MONITORING DAN EVALUASI PEMBANGUNAN ZONA INTEGRITAS UPT SATU",
        "A. Pelaksanaan Rapat Monitoring dan Evaluasi",
        "Tanggal/Hari : Jumat, 3 Juli 2026",
        "Agenda Rapat : Monitoring dan Evaluasi Pembangunan ZI Bulan Juni Tahun 2026",
        "Kehadiran Pimpinan Unit : Hadir",
        "B. Tindak Lanjut Monitoring Evaluasi Bulan Mei 2026",
        "C. Realisasi Kegiatan Bulan Juni 2026",
        "D. Hambatan dan Kendala Realisasi Kegiatan Bulan Juni 2026",
        "E. Kesimpulan dan Rekomendasi",
        "FRM-04/SOP/UPM/DJBM-199 Rev:00",
    ]:
        assert expected in text, expected


def test_the_pdf_prints_the_figures_as_the_seed_does(june):
    text = pdf_text(june)
    assert (
        "rekomendasi yang telah ditindaklanjuti adalah 0 (nol) rekomendasi dari 2 (dua) "
        "rekomendasi sehingga progres tindak lanjut monitoring dan evaluasi bulan Mei 2026 "
        "adalah 0,00%."
    ) in text
    assert "pada bulan Juni 2026 terdapat 8 (delapan) kegiatan" in text
    assert (
        "rencana kerja yang telah selesai dilaksanakan adalah 5 (lima) kegiatan dari 8 "
        "(delapan) rencana kerja sehingga progres rencana kerja pembangunan zona integritas "
        "bulan Juni 2026 adalah 62,50%."
    ) in text
    assert "Progres rencana kerja pembangunan zona integritas bulan Juni 2026 adalah 62,50%" in text
    for number, (_area, action, *_rest) in enumerate(JUNE, start=1):
        assert f"{number}. {action.split()[0]}" in text, action  # numbered across areas
    assert text.count("Telah dilaksanakan") == 5
    assert text.count("Sedang dilaksanakan") == 2
    assert text.count("Belum dilaksanakan") == 1
    assert "Dalam proses draf dokumen ABK." in text and "Sedang ditindaklanjuti" in text
    assert "Sosialisasi pengendalian gratifikasi kepada seluruh pegawai" in text
    assert "31 Agustus 2026" in text


def test_the_pdf_is_signed_by_the_head_with_name_and_nip(june):
    text = pdf_text(june)
    assert "Kepala UPT Satu" in text
    assert "NIP 197805102003121001" in text
    assert "7 Juli 2026" in text


def test_a_correction_prints_its_revision_and_reason(june, ketua_tim, unit_leader, tenant):
    with scope(tenant=tenant.pk), travel(at(2026, 7, 9)):
        correction = services.report_correct(
            actor=ketua_tim, report=june, reason="Nama peserta rapat salah ketik."
        )
    correction = issue(correction, ketua_tim, unit_leader, at(2026, 7, 10))
    assert render_report_pdf(correction.tenant_id, correction.pk) is True
    text = pdf_text(correction)
    assert "Revisi 2 dari laporan yang terbit sebelumnya" in text
    assert "Nama peserta rapat salah ketik." in text
    assert june.pdf_file_id != correction.pdf_file_id
    june.refresh_from_db()
    assert june.status == "superseded" and june.pdf_file is not None  # still readable
