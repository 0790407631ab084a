"""Journey: the annual Laporan Pembangunan ZI. After the monthly reports of the year, on the
first working day of January the portal drafts the year's report (the beat job, run by
the Celery worker); the Ketua Tim writes the narrative and submits; the head approves; the
PDF (made by the worker) and the .docx download, both from the one document."""

import io
import re
from pathlib import Path

import pytest
import time_machine
from django_scopes import scopes_disabled
from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader

from apps.reports.models import Report
from apps.reports.tasks import draft_due_reports
from tests.core.support import wait_until
from tests.reports.conftest import at, draft_all, issue, june_plan, report_of

from ..a11y import assert_accessible, assert_no_horizontal_scroll
from ..factories import PASSWORD
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Laporan Pembangunan Zona Integritas Tahun 2026"


def logout(page):
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/akun/masuk/")


def open_annual(page):
    page.get_by_role("link", name="Laporan", exact=True).first.click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tahun 2026")


def test_the_annual_report_from_draft_to_pdf_and_docx(
    page,
    live_server,
    celery_worker_thread,
    tenant,
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
        draft_all(tenant, at(2026, 7, 1))
        issue(report_of(cycle, 6), ketua_tim, unit_leader, at(2026, 7, 7))

    with time_machine.travel(at(2027, 1, 4, 8), tick=True):
        assert draft_due_reports() == 1
        with scopes_disabled():
            annual = wait_until(
                lambda: Report.objects.filter(unit=cycle.unit, kind="tahunan").first(),
                timeout=30,
                what="the annual draft",
            )
        assert annual.created_by is None and annual.status == "draft"

        login(page, ketua_tim.email, PASSWORD)
        open_annual(page)
        document = page.get_by_test_id("annual-document")
        expect(document).to_contain_text("II. Rencana Kerja dan Realisasi")
        form = page.get_by_test_id("annual-form")
        form.get_by_label("I. Pendahuluan").fill("Satker membangun Zona Integritas sepanjang 2026.")
        form.get_by_label("VIII. Kesimpulan").fill("Rencana kerja sebagian besar terlaksana.")
        form.get_by_role("button", name="Simpan").click()
        expect(page.locator(".alert-success")).to_be_visible()
        assert_accessible(page, label="draf laporan tahunan")
        page.get_by_test_id("submit").click()
        expect(page.get_by_test_id("report-status")).to_have_text("Diajukan ke Pimpinan Unit")
        logout(page)

        login(page, unit_leader.email, PASSWORD)
        open_annual(page)
        page.get_by_role("button", name="Setujui dan terbitkan").click()
        page.get_by_test_id("confirm-dialog").get_by_role("button", name="Ya, setujui").click()
        expect(page.get_by_test_id("report-status")).to_have_text("Terbit")
        with scopes_disabled():
            wait_until(
                lambda: Report.objects.filter(pk=annual.pk, pdf_state="ready").exists(),
                timeout=60,
                what="the worker's PDF",
            )
        with page.expect_download() as download:
            page.get_by_test_id("pdf").click()
        pdf = Path(download.value.path()).read_bytes()
        text = re.sub(
            r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        )
        assert "Satker membangun Zona Integritas sepanjang 2026." in text
        assert unit_leader.full_name in text

        with page.expect_download() as download:
            page.get_by_test_id("docx").click()
        doc = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
        paragraphs = " ".join(p.text for p in doc.paragraphs)
        assert "Satker membangun Zona Integritas sepanjang 2026." in paragraphs
        assert "Rencana kerja sebagian besar terlaksana." in paragraphs
        assert doc.tables, "the docx carries the plan's table"

        page.set_viewport_size({"width": 390, "height": 844})
        assert_no_horizontal_scroll(page, label="laporan tahunan, ponsel")
        page.screenshot(path=str(tmp_path / "annual-phone.png"), full_page=True)
