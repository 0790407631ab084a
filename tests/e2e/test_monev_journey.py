"""Journey: the monthly monev report (FRM-04). On the first working day of July the portal
drafts June's report (the beat job's fan-out, run by the Celery worker); the Ketua Tim
completes the meeting and a recommendation and submits; the head returns it once with a
reason, then approves; the PDF (made by the worker) downloads with seed 003's figures; on
the first working day of August July's draft carries the open recommendation."""

import io
import re
from pathlib import Path

import pytest
import time_machine
from django_scopes import scopes_disabled
from playwright.sync_api import expect
from pypdf import PdfReader

from apps.reports.models import Report
from apps.reports.tasks import draft_due_reports
from tests.core.support import wait_until
from tests.reports.conftest import at, june_plan

from ..a11y import assert_accessible, assert_no_horizontal_scroll
from ..factories import PASSWORD
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/akun/masuk/")


def drafted(cycle, month) -> Report:
    """Beat fires; the worker drafts the agency's due reports."""
    assert draft_due_reports() == 1
    with scopes_disabled():
        return wait_until(
            lambda: Report.objects.filter(unit=cycle.unit, period_start__month=month).first(),
            timeout=30,
            what=f"the draft of month {month}",
        )


def open_report(page, label):
    page.get_by_role("link", name="Laporan", exact=True).first.click()
    page.get_by_role("link", name=f"Laporan Monitoring dan Evaluasi {label}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(label)


def test_the_monev_report_from_draft_to_pdf_and_the_next_months_carry_over(
    page,
    live_server,
    celery_worker_thread,
    cycle,
    ketua_tim,
    member,
    pokja_tl,
    unit_leader,
    anggota,
    tmp_path,
):
    with scopes_disabled():
        june_plan(cycle, ketua_tim, member, pokja_tl, unit_leader, anggota)

    with time_machine.travel(at(2026, 7, 1, 8), tick=True):
        june = drafted(cycle, 6)
        assert june.created_by is None and june.status == "draft"

        login(page, ketua_tim.email, PASSWORD)
        open_report(page, "Juni 2026")
        expect(page.get_by_test_id("report-status")).to_have_text("Draf")
        expect(page.get_by_test_id("figures-c")).to_contain_text(
            "5 (lima) kegiatan dari 8 (delapan) rencana kerja"
        )
        expect(page.get_by_test_id("figures-c")).to_contain_text("62,50%")
        expect(page.get_by_test_id("missing")).to_contain_text("Tanggal rapat monev belum diisi.")
        assert_accessible(page, label="draf laporan monev")

        form = page.get_by_test_id("report-form")
        form.get_by_label("Tanggal rapat").fill("2026-07-01")
        form.get_by_label("Tempat").fill("Ruang Rapat UPT Satu")
        form.get_by_label("Pimpinan rapat").fill(unit_leader.full_name)
        form.get_by_label("Pimpinan Unit hadir dalam rapat?").select_option("1")
        form.get_by_label("Peserta rapat").fill(f"{unit_leader.full_name}\n{ketua_tim.full_name}")
        form.get_by_label("D. Hambatan dan kendala").fill("Beban kerja Pokja SDM tinggi.")
        form.get_by_role("button", name="Simpan isian tim").click()
        expect(page.locator(".alert-success")).to_contain_text("Isi laporan disimpan.")

        rec = page.get_by_test_id("recommendation-form")
        rec.get_by_label("Area").select_option("SDM")
        rec.get_by_label("Rekomendasi", exact=True).fill("Susun analisis beban kerja pegawai")
        rec.get_by_label("PIC (penanggung jawab)").select_option(label=anggota.full_name)
        rec.get_by_label("Target waktu").fill("2026-10-31")
        rec.get_by_role("button", name="Tambah rekomendasi").click()
        expect(page.get_by_test_id("recommendation")).to_contain_text("31 Oktober 2026")

        page.get_by_test_id("submit").click()
        expect(page.get_by_test_id("report-status")).to_have_text("Diajukan ke Pimpinan Unit")
        logout(page)

        login(page, unit_leader.email, PASSWORD)
        open_report(page, "Juni 2026")
        decide = page.get_by_test_id("decide")
        decide.get_by_label("Alasan").fill("Lengkapi peserta rapat dengan Ketua Pokja.")
        decide.get_by_role("button", name="Kembalikan ke tim").click()
        expect(page.get_by_test_id("report-status")).to_have_text("Dikembalikan")
        logout(page)

        login(page, ketua_tim.email, PASSWORD)
        open_report(page, "Juni 2026")
        expect(page.get_by_test_id("return-reason")).to_contain_text("Lengkapi peserta rapat")
        form = page.get_by_test_id("report-form")
        form.get_by_label("Peserta rapat").fill(
            f"{unit_leader.full_name}\n{ketua_tim.full_name}\n{member.full_name}"
        )
        form.get_by_role("button", name="Simpan isian tim").click()
        page.get_by_test_id("submit").click()
        expect(page.get_by_test_id("report-status")).to_have_text("Diajukan ke Pimpinan Unit")
        logout(page)

        login(page, unit_leader.email, PASSWORD)
        open_report(page, "Juni 2026")
        page.get_by_role("button", name="Setujui dan terbitkan").click()
        page.get_by_test_id("confirm-dialog").get_by_role("button", name="Ya, setujui").click()
        expect(page.get_by_test_id("report-status")).to_have_text("Terbit")
        # The worker renders the PDF once; the download serves the stored file.
        with scopes_disabled():
            wait_until(
                lambda: Report.objects.filter(pk=june.pk, pdf_state="ready").exists(),
                timeout=60,
                what="the worker's PDF",
            )
        with page.expect_download() as download:
            page.get_by_test_id("pdf").click()
        data = Path(download.value.path()).read_bytes()
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        text = re.sub(r"\s+", " ", text)
        assert "LAPORAN MONITORING DAN EVALUASI" in text and "62,50%" in text
        assert "Susun analisis beban kerja pegawai" in text and unit_leader.full_name in text
        page.screenshot(path=str(tmp_path / "monev-issued.png"), full_page=True)
        assert_accessible(page, label="laporan monev terbit")
        page.set_viewport_size({"width": 390, "height": 844})
        assert_no_horizontal_scroll(page, label="laporan monev terbit, ponsel")
        page.set_viewport_size({"width": 1280, "height": 900})
        logout(page)

    with time_machine.travel(at(2026, 8, 3, 8), tick=True):
        drafted(cycle, 7)
        login(page, ketua_tim.email, PASSWORD)
        open_report(page, "Juli 2026")
        carried = page.get_by_test_id("section-b").get_by_test_id("carried")
        expect(carried).to_have_count(1)
        expect(carried).to_contain_text("Susun analisis beban kerja pegawai")
        expect(carried).to_contain_text(anggota.full_name)
        expect(page.get_by_test_id("figures-b")).to_contain_text(
            "0 (nol) rekomendasi dari 1 (satu) rekomendasi"
        )

    with scopes_disabled():
        june.refresh_from_db()
        assert june.status == "issued" and june.pdf_file is not None
        assert Report.objects.filter(unit=cycle.unit, period_start__month=6).count() == 1
