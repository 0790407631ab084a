"""Journey: a Pokja member uploads two files to an LKE question (one progress bar each)
and submits; the Kanwil verifier returns one with a comment; the member uploads a new
revision; both levels verify; the completeness figure rises."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.evidence.chain import verification_levels_ensure
from apps.evidence.models import EvidenceItem, VerificationLevel

from ..evidence.conftest import MINIMAL_PDF
from ..factories import PASSWORD, UserFactory, grant
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/akun/masuk/")


def test_evidence_is_uploaded_returned_revised_and_verified(
    page, live_server, tree, member, verifier, cycle, question, tmp_path
):
    es1_verifier = UserFactory(full_name="Verifikator Eselon Satu")
    grant(es1_verifier, tree["es1"], Role.VERIFIKATOR)
    with scopes_disabled():
        verification_levels_ensure(tree["root"].tenant)
        # This agency verifies at two levels only: Kanwil, then Eselon I.
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
    expect(page.locator(".alert-success")).to_contain_text("2 bukti diajukan")
    expect(page.get_by_test_id("status").first).to_have_text("verifikasi 1 dari 2")
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
    expect(page.locator(".alert-success")).to_contain_text("dikembalikan")
    kept = page.get_by_test_id("item").filter(has_text="sk-tim-kerja.pdf")
    kept.get_by_role("button", name="Verifikasi").click()
    expect(
        page.get_by_test_id("item").filter(has_text="sk-tim-kerja.pdf").get_by_test_id("status")
    ).to_have_text("verifikasi 2 dari 2")
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
    expect(page.locator(".alert-success")).to_contain_text("diajukan")
    logout(page)

    login(page, verifier.email, PASSWORD)
    page.goto(question_url)
    page.get_by_test_id("item").filter(has_text="daftar-hadir.pdf").get_by_role(
        "button", name="Verifikasi"
    ).click()
    expect(page.locator(".alert-success")).to_contain_text("diverifikasi")
    logout(page)

    login(page, es1_verifier.email, PASSWORD)
    page.goto("/bukti/antrian/")
    expect(page.get_by_test_id("queue").locator("tbody tr")).to_have_count(2)
    page.goto(question_url)
    for _ in range(2):
        page.get_by_test_id("item").get_by_role("button", name="Verifikasi").first.click()
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
