"""Journey: two TPU assessors score two different areas of a unit's LKE and watch the
live panel change; a stale page gets the conflict message; the lead finalises and
releases; the unit reads the released result and its recommendations."""

import pytest
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.assessment import services
from apps.assessment.models import Answer
from apps.evidence.models import EvidenceItem, EvidenceRevision

from ..factories import PASSWORD, UserFactory, grant
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/akun/masuk/")


def panel_row(page, code):
    """The area's score cell of the live panel ("0,33 / 7")."""
    return page.get_by_test_id("live-panel").get_by_test_id(f"panel-{code}").locator("td").first


def test_two_tpu_assessors_score_the_lead_finalises_and_the_unit_reads_the_result(
    page, live_server, tree, admin, member, cycle, question, tmp_path
):
    lead = UserFactory(full_name="Ketua TPU", email="ketua.tpu@alfa.go.id")
    grant(lead, tree["es1"], Role.PENILAI_TPU, "MP")
    second = UserFactory(full_name="Penilai Tata Laksana", email="tpu.tl@alfa.go.id")
    grant(second, tree["es1"], Role.PENILAI_TPU, "TL")
    cycle.stage = "penilaian_pendahuluan"  # the TPU assesses from this stage on
    cycle.save(update_fields=["stage"])
    with scopes_disabled(), scope(tenant=cycle.tenant_id):
        tpu = services.assessment_open(actor=admin, cycle=cycle, level="tpu", lead=lead)
        services.assessor_assign(actor=lead, assessment=tpu, user=second, area="TL")
        # One verified piece of the unit's evidence for PPA1A, shown beside the question.
        item = EvidenceItem.objects.create(
            tenant_id=cycle.tenant_id,
            cycle=cycle,
            unit=cycle.unit,
            question=question,
            area_code="MP",
            title="SK Tim Kerja ZI",
            status="verified",
            created_by=member,
        )
        EvidenceRevision.objects.create(
            item=item, number=1, url="https://contoh.go.id/sk-tim", created_by=member
        )
    detail = f"/penilaian/{tpu.pk}/"

    # The Tata Laksana assessor scores TL with the keyboard; MP is not theirs.
    login(page, second.email, PASSWORD)
    page.goto(detail)
    expect(page.get_by_test_id("progress")).to_have_text("0 dari 113 terjawab")
    before = panel_row(page, "TL").inner_text()
    expect(page.get_by_test_id("question-PPA1A").get_by_label("Ya", exact=True)).to_be_disabled()
    tl = page.get_by_test_id("question-PPB1A")
    tl.get_by_label("A", exact=True).focus()
    expect(tl.get_by_label("A", exact=True)).to_be_focused()
    page.keyboard.press("Space")
    expect(page.get_by_test_id("saved-PPB1A")).to_contain_text("Tersimpan")
    expect(page.get_by_test_id("progress")).to_have_text("1 dari 113 terjawab")
    expect(panel_row(page, "TL")).not_to_have_text(before)
    tl_after = panel_row(page, "TL").inner_text()
    logout(page)

    # The lead scores MP, reads the verified evidence, writes a recommendation.
    login(page, lead.email, PASSWORD)
    page.goto(detail)
    expect(panel_row(page, "TL")).to_have_text(tl_after)
    mp_before = panel_row(page, "MP").inner_text()
    first = page.get_by_test_id("question-PPA1A")
    first.get_by_text("Panduan dan bukti dukung").click()
    expect(first.get_by_role("link", name="SK Tim Kerja ZI")).to_be_visible()
    first.get_by_label("Ya", exact=True).check()
    expect(page.get_by_test_id("saved-PPA1A")).to_contain_text("Tersimpan")
    expect(panel_row(page, "MP")).not_to_have_text(mp_before)
    computed = page.get_by_test_id("question-PRA1A")
    # An impossible count is refused at the field; nothing says "tersimpan".
    computed.get_by_label("Jumlah agen perubahan", exact=False).fill("-5")
    computed.get_by_label("Jumlah agen perubahan", exact=False).press("Tab")
    expect(page.get_by_test_id("field-error-PRA1A")).to_contain_text("tidak boleh negatif")
    expect(page.get_by_test_id("save-error")).to_contain_text("Belum tersimpan")
    expect(page.get_by_test_id("computed-PRA1A")).to_have_text("belum tersimpan")
    computed.get_by_label("Jumlah agen perubahan", exact=False).fill("4")
    computed.get_by_label("Jumlah perubahan", exact=False).fill("3")
    computed.get_by_label("Jumlah perubahan", exact=False).press("Tab")
    expect(page.get_by_test_id("computed-PRA1A")).to_contain_text("75")
    rec = page.get_by_test_id("question-PPA1B")
    rec.get_by_label("B", exact=True).check()
    expect(page.get_by_test_id("saved-PPA1B")).to_contain_text("Tersimpan")
    rec.get_by_label("Catatan penilai").fill("Susun SOP pemilihan anggota Tim Kerja.")
    rec.get_by_label("Jadikan rekomendasi").check()
    expect(page.get_by_test_id("progress")).to_have_text("4 dari 113 terjawab")

    # A stale page: the TL assessor changes PPB1A meanwhile; the lead's save is refused.
    with scopes_disabled(), scope(tenant=cycle.tenant_id):
        services.answer_save(
            actor=second,
            assessment=tpu,
            question_code="PPB1A",
            value="B",
            expected_version=1,
        )
    page.get_by_test_id("question-PPB1A").get_by_label("D", exact=True).check()
    expect(page.get_by_test_id("save-error")).to_contain_text(
        "sudah diubah oleh Penilai Tata Laksana"
    )
    page.get_by_role("button", name="Muat ulang pertanyaan").click()
    expect(page.get_by_test_id("question-PPB1A").get_by_label("B", exact=True)).to_be_checked()

    # Tablet width: the live panel stays in view while the assessor scrolls the questions.
    page.set_viewport_size({"width": 820, "height": 1180})
    page.get_by_test_id("question-PPE2A").scroll_into_view_if_needed()
    expect(page.get_by_test_id("live-panel")).to_be_in_viewport()
    page.set_viewport_size({"width": 1280, "height": 900})

    # Irreversible steps ask first and say what will happen.
    page.get_by_test_id("finalise").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_contain_text("tidak dapat mengubah jawaban lagi")
    dialog.get_by_role("button", name="Ya, finalkan").click()
    page.wait_for_url(f"**/penilaian/{tpu.pk}/hasil/")
    expect(page.get_by_test_id("status").first).to_have_text("Final")
    page.get_by_test_id("release").click()
    expect(dialog).to_contain_text("Seluruh pegawai unit akan melihat")
    dialog.get_by_role("button", name="Ya, rilis ke unit").click()
    expect(page.locator(".alert-success")).to_contain_text("dirilis")
    logout(page)

    # The unit reads the released result and its recommendation.
    login(page, member.email, PASSWORD)
    page.goto(f"/penilaian/siklus/{cycle.pk}/")
    page.get_by_role("link", name="Hasil").click()
    expect(page.get_by_test_id("recommendations")).to_contain_text(
        "Susun SOP pemilihan anggota Tim Kerja."
    )
    expect(page.get_by_test_id("row-PPB1A")).to_contain_text("B")
    page.screenshot(path=str(tmp_path / "assessment-result.png"), full_page=True)

    with scopes_disabled():
        answers = {a.question.code: a.value for a in Answer.objects.select_related("question")}
    assert answers["PPA1A"] == "Ya" and answers["PPB1A"] == "B"
    assert answers["PRA1A"] == {"agents": 4, "changes": 3}
