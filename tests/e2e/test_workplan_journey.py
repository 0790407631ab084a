"""Journey: the Ketua Tim drafts a Rencana Kerja with items in two areas, both Ketua
Pokja approve their area, the head ratifies and downloads the plan as a PDF, the MP Ketua
Pokja makes a task and the member it is assigned to marks it done."""

import io
from pathlib import Path

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect
from pypdf import PdfReader

from apps.lke.models import Question
from apps.workplan.models import PlanRevision, Task

from ..factories import PASSWORD
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/akun/masuk/")


def add_item(page, area, action, months, question):
    form = page.locator("form", has=page.get_by_role("button", name="Tambahkan butir"))
    form.get_by_label("Area").select_option(area)
    form.get_by_label("Kegiatan (rencana aksi)").fill(action)
    form.get_by_label("Output").fill("Laporan dan dokumentasi")
    form.get_by_label("PIC").fill(f"Ketua Pokja {area}")
    for month in months:
        form.get_by_label(month, exact=True).check()
    # The filter above the questions narrows the list to the one searched for.
    questions = form.get_by_test_id("choices-questions").locator("[data-choice]")
    total = questions.count()
    form.get_by_role("searchbox", name="Saring Pertanyaan LKE yang dilayani").fill(question.code)
    expect(questions.filter(visible=True)).not_to_have_count(total)
    form.locator(f'input[name="questions"][value="{question.pk}"]').check()
    form.get_by_role("button", name="Tambahkan butir").click()
    expect(page.locator(".alert-success")).to_contain_text(action)


def test_a_plan_is_drafted_approved_ratified_and_a_task_done(
    page,
    live_server,
    cycle,
    ketua_tim,
    member,
    pokja_tl,
    unit_leader,
    anggota,
    tmp_path,
):
    with scopes_disabled():
        ppa = Question.objects.get(version=cycle.template, code="PPA1A")
        ppb = Question.objects.get(version=cycle.template, code="PPB1A")
    plan_url = f"/rencana-kerja/siklus/{cycle.pk}/"

    login(page, ketua_tim.email, PASSWORD)
    page.goto(plan_url)
    page.get_by_role("button", name="Mulai menyusun Rencana Kerja").click()
    add_item(page, "MP", "Rapat pembentukan agen perubahan", ["Januari", "Februari"], ppa)
    add_item(page, "TL", "Penyusunan peta proses bisnis", ["Maret"], ppb)
    expect(page.get_by_test_id("area-MP").get_by_test_id("item")).to_have_count(1)
    expect(page.get_by_test_id("area-TL").get_by_test_id("item")).to_contain_text("Mar")
    # Deleting asks first; the deleted item comes back with "Pulihkan" while it is a draft.
    page.get_by_test_id("area-TL").get_by_role("button", name="Hapus").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_contain_text("dapat dipulihkan")
    dialog.get_by_role("button", name="Ya, hapus").click()
    expect(page.get_by_test_id("area-TL").get_by_test_id("item")).to_have_count(0)
    page.get_by_test_id("removed-item").get_by_role("button", name="Pulihkan").click()
    expect(page.locator(".alert-success")).to_contain_text("dipulihkan")
    expect(page.get_by_test_id("area-TL").get_by_test_id("item")).to_have_count(1)
    logout(page)

    for who, area in ((member, "MP"), (pokja_tl, "TL")):
        login(page, who.email, PASSWORD)
        page.goto(plan_url)
        expect(
            page.get_by_role(
                "button", name="Setujui area TL" if area == "MP" else "Setujui area MP"
            )
        ).to_have_count(0)
        page.get_by_role("button", name=f"Setujui area {area}").click()
        expect(page.locator(".alert-success")).to_contain_text("disetujui")
        expect(page.get_by_test_id(f"approval-{area}")).to_contain_text(who.full_name)
        logout(page)

    login(page, unit_leader.email, PASSWORD)
    page.goto(plan_url)
    page.get_by_role("button", name="Sahkan Rencana Kerja").click()
    page.get_by_test_id("confirm-dialog").get_by_role("button", name="Ya, sahkan").click()
    expect(page.locator(".alert-success")).to_contain_text("disahkan dan berlaku")
    expect(page.get_by_test_id("revision-status")).to_contain_text("Disahkan")
    # The ratified revision as a PDF: the unit's kop, the items per area, the months, the
    # head who ratified it.
    with page.expect_download() as download:
        page.get_by_test_id("plan-pdf").click()
    assert download.value.suggested_filename == f"rencana-kerja-UPT1-{cycle.year}-rev1.pdf"
    response = page.request.get(page.get_by_test_id("plan-pdf").get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert Path(download.value.path()).read_bytes() == response.body()
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.body())).pages
    )
    assert "UPT SATU" in text and "RENCANA KERJA PEMBANGUNAN ZONA INTEGRITAS" in text
    assert "1. Manajemen Perubahan (MP)" in text and "2. Penataan Tata Laksana (TL)" in text
    assert "Rapat pembentukan agen perubahan" in text and "Penyusunan peta proses bisnis" in text
    assert f"disetujui {member.full_name} (Ketua Pokja)" in text
    assert text.count("■") == 3  # January and February, March
    assert f"Mengesahkan, Pimpinan Unit UPT Satu {unit_leader.full_name}" in text
    logout(page)

    login(page, member.email, PASSWORD)
    page.goto(plan_url)
    page.get_by_test_id("area-MP").get_by_role("link", name="Buat tugas").click()
    page.get_by_label("Tugas").fill("Susun notulen rapat pembentukan")
    page.get_by_label("Batas waktu").fill("2026-02-20")
    page.get_by_label(anggota.full_name).check()
    page.get_by_role("button", name="Buat tugas").click()
    expect(page.locator(".alert-success")).to_contain_text("dibuat")
    logout(page)

    login(page, anggota.email, PASSWORD)
    page.goto("/rencana-kerja/tugas-saya/")
    page.get_by_role("link", name="Susun notulen rapat pembentukan").click()
    expect(page.get_by_test_id("task-status")).to_have_text("Belum dilaksanakan")
    page.get_by_role("button", name="Telah dilaksanakan").click()
    expect(page.get_by_test_id("task-status")).to_have_text("Telah dilaksanakan")
    page.goto(f"/rencana-kerja/siklus/{cycle.pk}/linimasa/?area=MP")
    expect(page.get_by_test_id("timeline")).to_contain_text("Telah dilaksanakan")
    page.screenshot(path=str(tmp_path / "workplan-timeline.png"), full_page=True)

    with scopes_disabled():
        revision = PlanRevision.objects.get(cycle=cycle)
        assert revision.status == "ratified" and revision.ratified_by == unit_leader
        assert sorted(revision.approvals.values_list("area", flat=True)) == ["MP", "TL"]
        task = Task.objects.get()
        assert task.status == "telah" and list(task.assignees.all()) == [anggota]


def test_an_area_without_ketua_pokja_is_approved_by_the_ketua_tim_in_place(
    page, live_server, cycle, ketua_tim, unit_leader, tmp_path
):
    """No dead end: the SDM area has no Ketua Pokja; the head is told who must act, the
    Ketua Tim approves in place (after a confirmation) and the head ratifies."""
    with scopes_disabled():
        sdm = Question.objects.filter(
            version=cycle.template, indicator__aspect__area__code="SDM"
        ).first()
    plan_url = f"/rencana-kerja/siklus/{cycle.pk}/"
    login(page, ketua_tim.email, PASSWORD)
    page.goto(plan_url)
    page.get_by_role("button", name="Mulai menyusun Rencana Kerja").click()
    add_item(page, "SDM", "Penyusunan pola karier", ["April"], sdm)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: checkboxes, no Ctrl
    page.screenshot(path=str(tmp_path / "workplan-draft-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    logout(page)

    login(page, unit_leader.email, PASSWORD)
    page.goto(plan_url)
    expect(page.get_by_test_id("waiting")).to_contain_text("belum ada Ketua Pokja")
    expect(page.get_by_test_id("headless-help")).to_contain_text("Minta Admin Instansi")
    logout(page)

    login(page, ketua_tim.email, PASSWORD)
    page.goto(plan_url)
    page.get_by_role("button", name="Setujui area SDM sebagai Ketua Tim").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_contain_text("menggantikan Ketua Pokja")
    dialog.get_by_role("button", name="Ya, setujui sebagai Ketua Tim").click()
    expect(page.get_by_test_id("approval-SDM")).to_contain_text("menggantikan Ketua Pokja")
    logout(page)

    login(page, unit_leader.email, PASSWORD)
    page.goto(plan_url)
    page.get_by_role("button", name="Sahkan Rencana Kerja").click()
    page.get_by_test_id("confirm-dialog").get_by_role("button", name="Ya, sahkan").click()
    expect(page.get_by_test_id("revision-status")).to_contain_text("Disahkan")
    expect(page.get_by_test_id("approval-SDM")).to_contain_text(ketua_tim.full_name)
    page.screenshot(path=str(tmp_path / "workplan-in-place.png"), full_page=True)
