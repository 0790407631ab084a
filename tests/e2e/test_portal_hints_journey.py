"""Journey: a TPU assessor scores MP with the "menurut data portal" hints beside the
questions – reads what the portal holds, follows a hint's link to the Tim Kerja, uses
two suggestions (saved by the question's own autosave) and keeps an answer of their own
where they disagree; nothing is saved by the hints themselves."""

import pytest
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.assessment import services
from apps.assessment.models import Answer
from apps.workplan.models import TaskStatus
from tests.assessment import hint_data

from ..a11y import assert_accessible
from ..factories import PASSWORD, UserFactory, grant
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_assessor_reads_a_hint_follows_its_link_uses_suggestions_and_saves(
    page, live_server, tree, admin, ketua_tim, member, unit_leader, cycle
):
    lead = UserFactory(full_name="Ketua TPU", email="ketua.tpu@alfa.go.id")
    grant(lead, tree["es1"], Role.PENILAI_TPU, "MP")
    cycle.stage = "penilaian_pendahuluan"
    cycle.save(update_fields=["stage"])
    # The unit's records: its Tim Kerja with the SK, a ratified plan whose activity of
    # January was done and whose activity of February was not.
    hint_data.team(cycle, admin, [ketua_tim, member])
    revision = hint_data.plan(cycle, ketua_tim, member, unit_leader, ([1, 2],))
    with scopes_disabled():
        (item,) = hint_data.items(revision)
        hint_data.tasks(item, 1, [TaskStatus.TELAH])
        hint_data.tasks(item, 2, [TaskStatus.SEDANG])
    with scopes_disabled(), scope(tenant=cycle.tenant_id):
        tpu = services.assessment_open(actor=admin, cycle=cycle, level="tpu", lead=lead)
        # The lead already answered PPA2A otherwise: the hint must leave it alone.
        services.answer_save(
            actor=lead, assessment=tpu, question_code="PPA2A", value="Tidak", expected_version=0
        )

    login(page, lead.email, PASSWORD)
    page.goto(f"/penilaian/{tpu.pk}/")
    expect(page.get_by_test_id("progress")).to_have_text("1 dari 113 terjawab")
    team = page.get_by_test_id("hint-PPA1A")
    expect(team).to_contain_text("Menurut data portal")
    expect(team).to_contain_text("2 anggota tercatat")
    expect(page.get_by_test_id("hint-suggestion-PPA1A")).to_have_text("Ya")
    assert_accessible(page, label="scoring page with hints")

    # The link opens the unit's Tim Kerja beside the worksheet.
    with page.expect_popup() as opened:
        team.get_by_role("link", name="Tim Kerja", exact=True).click()
    records = opened.value
    expect(records.get_by_role("heading", level=1)).to_contain_text("Tim Kerja Pembangunan ZI")
    expect(records.get_by_text("Ketua Tim Satu").first).to_be_visible()
    records.close()

    # Using the suggestion answers like a click on the option, saved by the autosave.
    question = page.get_by_test_id("question-PPA1A")
    expect(question.get_by_label("Ya", exact=True)).not_to_be_checked()
    page.get_by_test_id("hint-use-PPA1A").click()
    expect(question.get_by_label("Ya", exact=True)).to_be_checked()
    expect(page.get_by_test_id("saved-PPA1A")).to_contain_text("Tersimpan")
    expect(page.get_by_test_id("progress")).to_have_text("2 dari 113 terjawab")

    # The share of activities done: 1 of 2 → B; the assessor takes it.
    share = page.get_by_test_id("hint-PPA3A")
    expect(share).to_contain_text("1 dari 2 kegiatan terjadwal")
    expect(page.get_by_test_id("hint-suggestion-PPA3A")).to_have_text("B: sebagian besar")
    page.get_by_test_id("hint-use-PPA3A").click()
    expect(page.get_by_test_id("saved-PPA3A")).to_contain_text("Tersimpan")

    # Where they disagree the stored answer stays, and says so.
    plan = page.get_by_test_id("hint-PPA2A")
    expect(plan).to_contain_text("berbeda dari jawaban tersimpan")
    expect(page.get_by_test_id("question-PPA2A").get_by_label("Tidak", exact=True)).to_be_checked()

    # After a reload the used suggestions read as the stored answers.
    page.reload()
    expect(page.get_by_test_id("hint-PPA1A")).to_contain_text("sama dengan jawaban tersimpan")
    expect(page.get_by_test_id("hint-use-PPA1A")).to_have_count(0)
    expect(page.get_by_test_id("progress")).to_have_text("3 dari 113 terjawab")

    with scopes_disabled():
        answers = {
            a.question.code: (a.value, a.version, a.updated_by_id)
            for a in Answer.objects.select_related("question")
        }
    assert answers == {
        "PPA1A": ("Ya", 1, lead.pk),
        "PPA2A": ("Tidak", 1, lead.pk),
        "PPA3A": ("B", 1, lead.pk),
    }
