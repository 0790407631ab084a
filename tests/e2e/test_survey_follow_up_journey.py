"""Journey: on a phone-sized page, the unit's survey manager opens the follow-up page of a
closed SKM, plans an action from its weakest element, starts it, and marks it done with
the result and an uploaded PDF (after the confirmation); the evidence opens from the list."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.core.choices import Area
from apps.surveys import services
from apps.surveys.models import FollowUpAction, FollowUpStatus, Kind, Link, Period

from ..factories import MINIMAL_PDF, PASSWORD, UserFactory, grant
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROWS = [
    (4, 4, 2, 4, 4, 4, 4, 3, 3),
    (4, 3, 2, 4, 4, 4, 4, 4, 3),
    (3, 4, 3, 4, 3, 4, 4, 4, 2),
]


def test_a_manager_follows_up_the_weakest_element_with_evidence(page, live_server, tree, tmp_path):
    manager = UserFactory(full_name="Rina Pokja Pelayanan", email="rina.pp@alfa.go.id")
    grant(manager, tree["upt"], Role.KETUA_POKJA, Area.PP)
    with scopes_disabled():
        survey = services.survey_create(
            actor=manager,
            unit=tree["upt"],
            kind=Kind.SKM,
            year=2026,
            period=Period.S1,
            services=["Perizinan"],
        )
        survey = services.survey_open(actor=manager, survey=survey)
        link = Link.objects.get(survey=survey)
        for row in ROWS:
            services.response_record(
                link=link, answers={f"U{i}": v for i, v in enumerate(row, start=1)}
            )
        survey = services.survey_close(actor=manager, survey=survey)
    evidence = tmp_path / "laporan-tindak-lanjut.pdf"
    evidence.write_bytes(MINIMAL_PDF)

    page.set_viewport_size({"width": 390, "height": 844})
    login(page, manager.email, PASSWORD)
    page.goto(f"/survei/{survey.pk}/tindak-lanjut/")
    expect(page.get_by_role("heading", name="Tindak lanjut hasil survei")).to_be_visible()
    # The weakest element comes first and is marked weak, with the rule explained.
    first = page.get_by_test_id("elements").locator("tbody tr").first
    expect(first).to_contain_text("U3")
    expect(first).to_contain_text("Lemah")
    expect(page.get_by_test_id("weak-rule")).to_contain_text("76,61")
    # The page never scrolls sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    page.get_by_test_id("plan-U3").click()
    form = page.get_by_test_id("add-form")
    expect(form.get_by_label("Unsur yang ditindaklanjuti")).to_have_value(
        str(survey.items.get(code="U3").pk)
    )
    form.get_by_label("Rencana tindak lanjut").fill(
        "Menambah loket pada jam sibuk dan memasang nomor antrean elektronik."
    )
    form.get_by_label("Penanggung jawab").fill("Kepala Subbagian Umum")
    form.get_by_label("Batas waktu").fill("2026-09-30")
    form.get_by_role("button", name="Simpan rencana").click()
    expect(page.get_by_text("Tindak lanjut dicatat.")).to_be_visible()
    item = page.get_by_test_id("follow-up")
    expect(item).to_contain_text("U3")
    expect(item.get_by_test_id("follow-up-status")).to_have_text("Direncanakan")

    item.get_by_test_id("start").click()
    expect(page.get_by_test_id("follow-up").get_by_test_id("follow-up-status")).to_have_text(
        "Sedang dikerjakan"
    )
    page.get_by_test_id("follow-up").get_by_test_id("finish").click()
    done_form = page.get_by_test_id("done-form")
    done_form.get_by_label("Hasil tindak lanjut").fill(
        "Loket 3 dibuka pada jam sibuk; waktu tunggu turun dari 42 menjadi 18 menit."
    )
    done_form.get_by_label("Berkas bukti").set_input_files(str(evidence))
    done_form.get_by_role("button", name="Tandai selesai").click()
    page.get_by_test_id("confirm-dialog").get_by_role("button", name="Ya, tandai selesai").click()
    expect(page.get_by_text("Tindak lanjut selesai; buktinya tersimpan.")).to_be_visible()
    item = page.get_by_test_id("follow-up")
    expect(item.get_by_test_id("follow-up-status")).to_have_text("Selesai")
    expect(item.get_by_test_id("follow-up-result")).to_contain_text("18 menit")
    expect(item.get_by_test_id("evidence-link")).to_contain_text("laporan-tindak-lanjut.pdf")
    href = item.get_by_test_id("evidence-link").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200 and response.body().startswith(b"%PDF")

    with scopes_disabled():
        follow_up = FollowUpAction.objects.get()
    assert follow_up.status == FollowUpStatus.DONE and follow_up.evidence is not None
