"""Journeys: a Pokja member uploads two files to an LKE question (one progress bar each)
and submits; the Kanwil verifier returns one with a comment; the member uploads a new
revision; both levels verify; the completeness figure rises. And the default three-level
chain (Kanwil → Eselon I → TPI) finished in the browser, from the queue, up to an assessor
who then reads the verified evidence."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.evidence.models import EvidenceItem, VerificationLevel

from ..factories import MINIMAL_PDF, PASSWORD, UserFactory, grant
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/akun/masuk/")


def confirm(page, button: str):
    """The shared confirmation dialog (data-confirm) of an irreversible step."""
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name=button).click()


def test_evidence_is_uploaded_returned_revised_and_verified(
    page, live_server, tree, member, verifier, cycle, question, tmp_path
):
    es1_verifier = UserFactory(full_name="Verifikator Eselon Satu")
    grant(es1_verifier, tree["es1"], Role.VERIFIKATOR)
    with scopes_disabled():
        # The agency has its levels since its creation; this agency verifies at two levels only: Kanwil, then Eselon I.
        VerificationLevel.objects.filter(tenant=tree["root"].tenant, order=3).update(
            is_active=False
        )
    files = []
    for name in ("sk-tim-kerja.pdf", "daftar-hadir.pdf"):
        path = tmp_path / name
        path.write_bytes(MINIMAL_PDF + b"%" + name.encode() + b"\n" + b"0" * 200_000)
        files.append(str(path))
    question_url = f"/bukti/siklus/{cycle.pk}/{question.code}/"
    cycle_url = f"/bukti/siklus/{cycle.pk}/"

    login(page, member.email, PASSWORD)
    page.goto(cycle_url)
    before = page.get_by_test_id("area-MP").inner_text()
    assert before.startswith("0/")
    page.goto(question_url)
    first_requirement = page.locator("#requirement option").nth(1)
    page.locator("#requirement").select_option(first_requirement.get_attribute("value"))
    page.locator(".zi-uploader input[type=file]").first.set_input_files(files)
    uploads = page.locator(".zi-upload-item")
    expect(uploads).to_have_count(2)
    expect(uploads.locator(".progress")).to_have_count(2)
    expect(uploads.nth(0).locator(".zi-upload-status")).to_have_text("Selesai")
    expect(uploads.nth(1).locator(".zi-upload-status")).to_have_text("Selesai")
    items = page.get_by_test_id("item")
    expect(items).to_have_count(2)
    page.get_by_test_id("submit-all").click()
    confirm(page, "Ya, ajukan semua")
    expect(page.locator(".alert-success")).to_contain_text("2 bukti diajukan")
    expect(page.get_by_test_id("status").first).to_have_text(
        "Menunggu Verifikasi Unit Kerja/Kanwil (1 dari 2)"
    )
    logout(page)

    login(page, verifier.email, PASSWORD)
    page.goto("/bukti/antrian/")
    expect(page.get_by_test_id("queue")).to_contain_text("daftar-hadir.pdf")
    page.get_by_role("link", name="daftar-hadir.pdf").click()
    returned = page.get_by_test_id("item").filter(has_text="daftar-hadir.pdf")
    returned.get_by_placeholder("Alasan pengembalian (wajib)").fill(
        "Daftar hadir belum ditandatangani pimpinan."
    )
    returned.get_by_role("button", name="Kembalikan").click()
    confirm(page, "Ya, kembalikan")
    expect(page.locator(".alert-success")).to_contain_text("dikembalikan")
    kept = page.get_by_test_id("item").filter(has_text="sk-tim-kerja.pdf")
    kept.get_by_role("button", name="Verifikasi").click()
    confirm(page, "Ya, verifikasi")
    expect(page.locator(".alert-success")).to_contain_text("diverifikasi tingkat 1 dari 2")
    # Opened from the queue: with nothing left there, the queue itself opens.
    expect(page.get_by_role("alert").filter(has_text="Antrian Anda kosong")).to_be_visible()
    page.goto(question_url)
    expect(
        page.get_by_test_id("item").filter(has_text="sk-tim-kerja.pdf").get_by_test_id("status")
    ).to_have_text("Menunggu Verifikasi Eselon I (2 dari 2)")
    logout(page)

    login(page, member.email, PASSWORD)
    page.goto(question_url)
    card = page.get_by_test_id("item").filter(has_text="daftar-hadir.pdf")
    expect(card.get_by_test_id("return-comment")).to_contain_text("belum ditandatangani")
    revised = tmp_path / "daftar-hadir-ttd.pdf"
    revised.write_bytes(MINIMAL_PDF + b"%signed\n")
    card.locator(".zi-uploader input[type=file]").set_input_files(str(revised))
    card = page.get_by_test_id("item").filter(has_text="daftar-hadir.pdf")
    expect(card.get_by_text("daftar-hadir-ttd.pdf")).to_be_visible()
    card.get_by_role("button", name="Ajukan").click()
    confirm(page, "Ya, ajukan")
    expect(page.locator(".alert-success")).to_contain_text("diajukan")
    logout(page)

    login(page, verifier.email, PASSWORD)
    page.goto(question_url)
    page.get_by_test_id("item").filter(has_text="daftar-hadir.pdf").get_by_role(
        "button", name="Verifikasi"
    ).click()
    confirm(page, "Ya, verifikasi")
    expect(page.locator(".alert-success")).to_contain_text("diverifikasi")
    logout(page)

    login(page, es1_verifier.email, PASSWORD)
    page.goto("/bukti/antrian/")
    expect(page.get_by_test_id("queue").locator("tbody tr")).to_have_count(2)
    page.goto(question_url)
    for _ in range(2):
        page.get_by_test_id("item").get_by_role("button", name="Verifikasi").first.click()
        confirm(page, "Ya, verifikasi")
        expect(page.locator(".alert-success")).to_contain_text("diverifikasi")
    expect(page.get_by_test_id("status").filter(has_text="Terverifikasi")).to_have_count(2)
    page.goto(cycle_url)
    after = page.get_by_test_id("area-MP").inner_text()
    assert after.startswith("1/"), after
    page.screenshot(path=str(tmp_path / "evidence-complete.png"), full_page=True)

    with scopes_disabled():
        item = EvidenceItem.objects.get(title="daftar-hadir.pdf")
        assert item.status == "verified"
        assert list(item.revisions.values_list("number", "is_current")) == [(2, True), (1, False)]


def test_the_default_chain_is_finished_in_the_browser_up_to_the_tpi(
    page, live_server, tree, member, verifier, cycle, question, tmp_path
):
    """Kanwil (from the queue, the next item opens), Eselon I (bulk verification), TPI (on
    the item page); the unit answers in the item's thread; an assessor sees it verified."""
    es1_verifier = UserFactory(full_name="Verifikator Eselon Satu")
    grant(es1_verifier, tree["es1"], Role.VERIFIKATOR)
    tpi = UserFactory(full_name="Penilai TPI")
    grant(tpi, tree["root"], Role.PENILAI_TPI)
    tpu = UserFactory(full_name="Penilai TPU")
    grant(tpu, tree["es1"], Role.PENILAI_TPU, "MP")
    question_url = f"/bukti/siklus/{cycle.pk}/{question.code}/"

    login(page, member.email, PASSWORD)
    expect(page.get_by_test_id("nav-queue")).to_have_count(0)  # not a verifier
    page.goto(question_url)
    for name in ("sk-tim.pdf", "notulen.pdf"):
        path = tmp_path / name
        path.write_bytes(MINIMAL_PDF + b"%" + name.encode() + b"\n")
        page.locator(".zi-uploader input[type=file]").first.set_input_files(str(path))
        expect(page.get_by_test_id("item").filter(has_text=name)).to_have_count(1)
    page.get_by_test_id("submit-all").click()
    confirm(page, "Ya, ajukan semua")
    expect(page.locator(".alert-success")).to_contain_text("2 bukti diajukan")
    logout(page)

    # Kanwil: from the queue; after each decision the next item opens.
    login(page, verifier.email, PASSWORD)
    page.get_by_role("button", name="Bukti dukung").click()
    page.get_by_test_id("nav-queue").click()
    queue = page.get_by_test_id("queue")
    expect(queue).to_contain_text(question.text[:30])
    expect(queue).to_contain_text("UPT Satu")
    expect(page.get_by_test_id("waited").first).to_have_text("hari ini")
    queue.get_by_role("link", name="sk-tim.pdf").click()
    expect(page.get_by_test_id("queue-mode")).to_be_visible()
    page.get_by_test_id("item").filter(has_text="sk-tim.pdf").get_by_role(
        "button", name="Verifikasi"
    ).click()
    confirm(page, "Ya, verifikasi")
    expect(page.locator(".alert-success")).to_contain_text("diteruskan ke Verifikasi Eselon I")
    expect(page).to_have_url(re.compile(r"antrian=1.*#item-\d+-title"))
    expect(page.get_by_test_id("queue-mode")).to_be_visible()
    page.get_by_test_id("item").filter(has_text="notulen.pdf").get_by_role(
        "button", name="Verifikasi"
    ).click()
    confirm(page, "Ya, verifikasi")
    expect(page.get_by_role("alert").filter(has_text="Antrian Anda kosong")).to_be_visible()
    logout(page)

    # Eselon I: both at once, with one comment.
    login(page, es1_verifier.email, PASSWORD)
    page.goto("/bukti/antrian/")
    rows = page.get_by_test_id("queue-row")
    expect(rows).to_have_count(2)
    for i in range(2):
        rows.nth(i).locator("input[type=checkbox]").check()
    page.get_by_label("Komentar untuk semua bukti yang dipilih").fill("Sesuai checklist.")
    page.get_by_test_id("bulk-verify").click()
    confirm(page, "Ya, verifikasi yang dipilih")
    expect(page.locator(".alert-success")).to_contain_text("2 bukti diverifikasi")
    logout(page)

    # The unit asks a question in the thread; the TPI sees it next to the buttons.
    login(page, member.email, PASSWORD)
    page.goto(question_url)
    card = page.get_by_test_id("item").filter(has_text="sk-tim.pdf")
    expect(card.get_by_test_id("status")).to_have_text("Menunggu Verifikasi TPI (3 dari 3)")
    card.get_by_test_id("thread").locator("summary").click()
    card.get_by_label("Tulis pesan untuk unit/verifikator").fill("SK asli ada di lemari arsip.")
    card.get_by_role("button", name="Kirim pesan").click()
    expect(page.locator(".alert-success")).to_contain_text("Pesan dikirim")
    logout(page)

    login(page, tpi.email, PASSWORD)
    page.goto(question_url)
    for name in ("sk-tim.pdf", "notulen.pdf"):
        card = page.get_by_test_id("item").filter(has_text=name)
        expect(card.get_by_test_id("awaits-you")).to_be_visible()
        card.get_by_role("button", name="Verifikasi").click()
        confirm(page, "Ya, verifikasi")
        expect(page.locator(".alert-success")).to_contain_text("kini terverifikasi")
    expect(page.get_by_text("SK asli ada di lemari arsip.")).to_be_attached()
    expect(page.get_by_test_id("status").filter(has_text="Terverifikasi")).to_have_count(2)
    logout(page)

    login(page, tpu.email, PASSWORD)
    page.goto(question_url)
    items = page.get_by_test_id("item")
    expect(items).to_have_count(2)
    expect(items.get_by_test_id("status")).to_have_text(["Terverifikasi", "Terverifikasi"])
    expect(page.get_by_role("button", name="Verifikasi")).to_have_count(0)
    page.goto(f"/bukti/siklus/{cycle.pk}/?status=terverifikasi")
    expect(page.get_by_test_id("cycle-item")).to_have_count(2)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(tmp_path / "evidence-assessor-390.png"), full_page=True)

    with scopes_disabled():
        assert set(EvidenceItem.objects.filter(cycle=cycle).values_list("status", flat=True)) == {
            "verified"
        }
