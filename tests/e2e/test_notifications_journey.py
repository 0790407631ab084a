"""Journey (issue 14): an Anggota Pokja is given a task and finds it on the home page and
in the bell; uploads evidence and submits it; the Kanwil verifier returns it; the member
gets the notice and the e-mail (sent by the outbox, the worker's job), follows the notice
to the item, uploads a signed revision and submits again; the notice is read and the
Kanwil verifier is told the item waits for them."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from apps.core.outbox import outbox_send_pending
from apps.evidence.models import VerificationLevel
from apps.notifications.models import Notification
from apps.workplan import services as workplan
from tests.workplan.conftest import ratified_plan

from ..factories import MINIMAL_PDF, PASSWORD
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/akun/masuk/")


def confirm(page, button: str):
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name=button).click()


def test_a_member_is_told_of_a_task_and_of_a_returned_item_and_fixes_it(
    page, live_server, tree, cycle, question, ketua_tim, member, pokja_tl, unit_leader,
    anggota, verifier, tmp_path,
):  # fmt: skip
    mail.outbox.clear()
    with scopes_disabled():
        VerificationLevel.objects.filter(tenant=tree["root"].tenant, order__gt=1).update(
            is_active=False
        )
        plan = ratified_plan(cycle, ketua_tim, [member, pokja_tl], unit_leader)
        workplan.task_create(
            actor=member,
            item=plan.items.get(area="MP"),
            title="Unggah SK Tim Kerja",
            due_on=timezone.localdate() + datetime.timedelta(days=5),
            assignees=[anggota],
        )

    # The member: the task on the home page and in the bell.
    login(page, anggota.email, PASSWORD)
    expect(page.get_by_test_id("bell-count")).to_contain_text("1")
    expect(page.locator("main")).to_contain_text("Unggah SK Tim Kerja")
    page.screenshot(path="/tmp/notifications-home-desktop.png")
    page.get_by_test_id("bell").click()
    expect(page.get_by_test_id("notification").first).to_contain_text(
        "Tugas baru untuk Anda: Unggah SK Tim Kerja"
    )

    # Evidence uploaded and submitted.
    path = tmp_path / "sk-tim-kerja.pdf"
    path.write_bytes(MINIMAL_PDF + b"%sk\n")
    question_url = f"/bukti/siklus/{cycle.pk}/{question.code}/"
    page.goto(question_url)
    requirement = page.locator("#requirement option").nth(1).get_attribute("value")
    page.locator("#requirement").select_option(requirement)
    page.locator(".zi-uploader input[type=file]").first.set_input_files(str(path))
    expect(page.get_by_test_id("item")).to_have_count(1)
    page.get_by_test_id("item").get_by_role("button", name="Ajukan").click()
    confirm(page, "Ya, ajukan")
    expect(page.locator(".alert-success")).to_contain_text("diajukan")
    logout(page)

    # The verifier is told, and returns the item.
    login(page, verifier.email, PASSWORD)
    expect(page.get_by_test_id("bell-count")).to_contain_text("1")
    page.get_by_test_id("bell").click()
    page.get_by_test_id("notification-open").first.click()
    page.wait_for_url(re.compile(re.escape(question_url)))
    item = page.get_by_test_id("item").filter(has_text="sk-tim-kerja.pdf")
    item.get_by_placeholder("Alasan pengembalian (wajib)").fill("SK belum ditandatangani.")
    item.get_by_role("button", name="Kembalikan").click()
    confirm(page, "Ya, kembalikan")
    expect(page.locator(".alert-success")).to_contain_text("dikembalikan")
    logout(page)

    # The worker sends the e-mails: to the member who wrote it and to the area's Ketua
    # Pokja (both may fix it), with the reason and the link.
    with scopes_disabled():
        outbox_send_pending()
    returned_mail = {m.to[0]: m for m in mail.outbox if "dikembalikan" in m.subject}
    assert sorted(returned_mail) == sorted([anggota.email, member.email])
    assert "SK belum ditandatangani." in returned_mail[anggota.email].body
    assert question_url in returned_mail[anggota.email].body

    # The member follows the notice to the item and fixes it.
    login(page, anggota.email, PASSWORD)
    expect(page.get_by_test_id("bell-count")).to_contain_text("2")
    page.get_by_test_id("bell").click()
    notice = page.get_by_test_id("notification").filter(has_text="dikembalikan")
    expect(notice).to_have_attribute("data-state", "unread")
    notice.get_by_test_id("notification-open").click()
    page.wait_for_url(re.compile(re.escape(question_url)))
    card = page.get_by_test_id("item").filter(has_text="sk-tim-kerja.pdf")
    expect(card.get_by_test_id("return-comment")).to_contain_text("belum ditandatangani")
    signed = tmp_path / "sk-tim-kerja-ttd.pdf"
    signed.write_bytes(MINIMAL_PDF + b"%signed\n")
    card.locator(".zi-uploader input[type=file]").set_input_files(str(signed))
    card = page.get_by_test_id("item").filter(has_text="sk-tim-kerja.pdf")
    expect(card.get_by_text("sk-tim-kerja-ttd.pdf")).to_be_visible()
    card.get_by_role("button", name="Ajukan").click()
    confirm(page, "Ya, ajukan")
    expect(page.locator(".alert-success")).to_contain_text("diajukan")
    page.get_by_test_id("bell").click()
    expect(page.get_by_test_id("notification").filter(has_text="dikembalikan")).to_have_attribute(
        "data-state", "read"
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="/tmp/notifications-phone.png", full_page=True)

    with scopes_disabled():
        waiting = Notification.objects.filter(recipient=verifier, kind="evidence_waiting")
        assert waiting.count() == 2  # the first submission and the revised one
