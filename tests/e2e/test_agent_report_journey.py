"""Journey: the quarterly Agen Perubahan report (FRM-05). During the quarter the change
agent records plan vs actual of their Rencana Aksi per month (one month partly, with a
note) and the change an item brought (integrated); on the first working day after the
quarter the portal drafts the quarter's report (the beat job, run by the Celery worker);
the agent writes the texts and submits; the head returns it once with a reason, the agent
resubmits, the head approves; the PDF (made by the worker) downloads with the agent, the
head and the plan-vs-actual figure; the recording page is readable on a phone."""

import io
import re
from pathlib import Path

import pytest
import time_machine
from django_scopes import scopes_disabled
from playwright.sync_api import expect
from pypdf import PdfReader

from apps.reports.models import Kind, Report
from apps.reports.tasks import draft_due_reports
from tests.core.support import wait_until
from tests.reports import conftest as reports_fixtures
from tests.reports.conftest import at

from ..a11y import assert_accessible, assert_no_horizontal_scroll
from ..factories import PASSWORD
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Two agents appointed in January, each with two items of their Rencana Aksi.
agents = reports_fixtures.agents

QUARTER = "Triwulan I 2026"
# Two items over three months, one of the six months only partly realised.
FIGURE = "5 (lima) dari 6 (enam) rencana bulanan"
PERCENT = "83,33%"


def logout(page):
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/akun/masuk/")


def record(page, item, month: str, status: str, note: str = ""):
    """One month of one item on the recording page (the month's own form)."""
    cell = page.locator(f"#item-{item.pk}").get_by_test_id(f"month-{month}")
    form = cell.get_by_test_id("realisation-form")
    form.get_by_label("Realisasi").select_option(status)
    if note:
        form.get_by_label("Catatan").fill(note)
    form.get_by_role("button", name="Simpan").click()
    expect(page.locator(".alert-success")).to_contain_text("disimpan")
    return cell


def open_report_as_agent(page):
    """From the menu to the recording page of the first quarter, then its report."""
    page.get_by_test_id("nav-my-agent").click()
    page.get_by_test_id("quarters").get_by_role("link", name="Triwulan I", exact=True).click()
    page.get_by_test_id("quarter-report").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(QUARTER)


def open_report_as_head(page, agent_name):
    page.get_by_role("link", name="Laporan", exact=True).first.click()
    row = page.get_by_test_id("report-row").filter(has_text=agent_name)
    row.get_by_role("link", name=re.compile(QUARTER)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(QUARTER)


def test_the_agents_quarter_from_recording_to_the_issued_pdf(
    page, live_server, celery_worker_thread, cycle, agents, unit_leader, tmp_path
):
    user, agent, items = agents[0]

    # During the quarter: the agent records January to March and the change.
    with time_machine.travel(at(2026, 3, 20, 8), tick=True):
        login(page, user.email, PASSWORD)
        page.get_by_test_id("nav-my-agent").click()
        expect(page.get_by_role("heading", level=2)).to_contain_text(QUARTER)
        record(page, items[0], "01", "yes")
        partly = record(
            page, items[0], "02", "partly", "Foto pegawai teladan baru terpasang di lantai 1."
        )
        expect(partly).to_contain_text("Terealisasi sebagian")
        expect(partly).to_contain_text("baru terpasang di lantai 1")
        record(page, items[0], "03", "yes")
        for month in ("01", "02", "03"):
            record(page, items[1], month, "yes")

        change = page.locator(f"#item-{items[0].pk}").get_by_test_id("change")
        change.get_by_text("Catat kontribusi perubahan").click()
        change.get_by_label("Kondisi sebelum perubahan").fill("Pegawai teladan tidak dikenal.")
        change.get_by_label("Kondisi sesudah perubahan").fill("Foto pegawai teladan dipajang.")
        change.get_by_label("Sudah terintegrasi ke dalam sistem manajemen?").select_option("1")
        change.get_by_role("button", name="Simpan kontribusi").click()
        expect(page.locator(".alert-success")).to_contain_text("Kontribusi perubahan disimpan.")
        expect(change).to_contain_text("terintegrasi ke sistem manajemen sejak 20 Mar 2026")
        expect(change.get_by_text("Ubah kontribusi perubahan")).to_be_visible()
        assert_accessible(page, label="halaman realisasi rencana aksi")

        page.set_viewport_size({"width": 390, "height": 844})
        assert_no_horizontal_scroll(page, label="halaman realisasi, ponsel")
        page.screenshot(path=str(tmp_path / "agent-record-phone.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        logout(page)

    # The first working day of April: the beat drafts the quarter's reports.
    with time_machine.travel(at(2026, 4, 1, 8), tick=True):
        assert draft_due_reports() == 1
        with scopes_disabled():
            report = wait_until(
                lambda: Report.objects.filter(
                    kind=Kind.AGEN_PERUBAHAN, agent=agent, period_start__month=1
                ).first(),
                timeout=30,
                what="the agent's quarterly draft",
            )
        assert report.created_by is None and report.status == "draft"

        login(page, user.email, PASSWORD)
        open_report_as_agent(page)
        expect(page.get_by_test_id("report-status")).to_have_text("Draf")
        expect(page.locator("main")).to_contain_text(FIGURE)
        texts = page.get_by_test_id("texts-form")
        texts.get_by_label("A. Latar belakang").fill("Agen Perubahan menggerakkan budaya kerja.")
        texts.get_by_label("B. Maksud dan tujuan").fill("Melaporkan rencana aksi triwulan I.")
        texts.get_by_label("C. Ruang lingkup").fill("Rencana aksi Agen Satu di UPT.")
        texts.get_by_label("Hambatan dan kendala").fill("Lantai 2 belum memiliki papan.")
        texts.get_by_label("Rekomendasi").fill("Pengadaan papan informasi lantai 2.")
        texts.get_by_role("button", name="Simpan teks").click()
        expect(page.locator(".alert-success")).to_contain_text("Isi laporan disimpan.")
        expect(page.get_by_test_id("missing")).to_have_count(0)
        assert_accessible(page, label="draf laporan Agen Perubahan")
        page.get_by_test_id("submit").click()
        page.get_by_test_id("confirm-dialog").get_by_role("button", name="Ya, ajukan").click()
        expect(page.get_by_test_id("report-status")).to_have_text("Diajukan ke Pimpinan Unit")
        logout(page)

        login(page, unit_leader.email, PASSWORD)
        open_report_as_head(page, user.full_name)
        decide = page.get_by_test_id("decide")
        decide.get_by_label("Alasan").fill("Sebutkan lantai yang sudah dipasang di latar belakang.")
        decide.get_by_role("button", name="Kembalikan ke Agen Perubahan").click()
        expect(page.get_by_test_id("report-status")).to_have_text("Dikembalikan")
        logout(page)

        login(page, user.email, PASSWORD)
        open_report_as_agent(page)
        expect(page.get_by_test_id("return-reason")).to_contain_text("Sebutkan lantai")
        texts = page.get_by_test_id("texts-form")
        texts.get_by_label("A. Latar belakang").fill(
            "Agen Perubahan menggerakkan budaya kerja; foto dipasang di lantai 1."
        )
        texts.get_by_role("button", name="Simpan teks").click()
        expect(page.locator(".alert-success")).to_contain_text("Isi laporan disimpan.")
        page.get_by_test_id("submit").click()
        page.get_by_test_id("confirm-dialog").get_by_role("button", name="Ya, ajukan").click()
        expect(page.get_by_test_id("report-status")).to_have_text("Diajukan ke Pimpinan Unit")
        logout(page)

        login(page, unit_leader.email, PASSWORD)
        open_report_as_head(page, user.full_name)
        page.get_by_role("button", name="Setujui dan terbitkan").click()
        page.get_by_test_id("confirm-dialog").get_by_role("button", name="Ya, setujui").click()
        expect(page.get_by_test_id("report-status")).to_have_text("Terbit")
        with scopes_disabled():
            wait_until(
                lambda: Report.objects.filter(pk=report.pk, pdf_state="ready").exists(),
                timeout=60,
                what="the worker's PDF",
            )
        page.reload()
        assert_accessible(page, label="laporan Agen Perubahan terbit")
        with page.expect_download() as download:
            page.get_by_test_id("pdf").click()
        pdf = Path(download.value.path()).read_bytes()
        text = re.sub(
            r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        )
        assert user.full_name in text and unit_leader.full_name in text
        assert FIGURE in text and PERCENT in text
        assert "foto dipasang di lantai 1" in text
        assert "Foto pegawai teladan dipajang." in text

    with scopes_disabled():
        report.refresh_from_db()
        assert report.status == "issued" and report.pdf_file
