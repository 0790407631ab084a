"""Journey: the head of UPT1 opens "Kirim pengingat" from the cycle page, previews who
has tasks past their due date (with the wa.me link for the member's phone), sends; the
member sees the bell's count and the notice, and opening it leads to their tasks."""

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from apps.notifications.kinds import Kind
from apps.notifications.models import Notification

from ..a11y import assert_accessible, assert_no_horizontal_scroll
from ..factories import PASSWORD, TaskFactory
from ..workplan.conftest import ratified_plan
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/akun/masuk/")


def test_the_head_nudges_and_the_member_sees_it_in_the_bell(
    page, live_server, cycle, ketua_tim, member, pokja_tl, unit_leader, anggota
):
    with scopes_disabled():
        anggota.phone = "0812-3456-7890"
        anggota.save(update_fields=["phone"])
        plan = ratified_plan(cycle, ketua_tim, [member, pokja_tl], unit_leader)
        yesterday = datetime.date.today() - datetime.timedelta(days=1)
        TaskFactory(
            actor=member,
            item=plan.items.get(area="MP"),
            title="Unggah notulen rapat",
            due_on=yesterday - datetime.timedelta(days=7),
            assignees=[anggota],
        )
        # The notice of the assignment is read: the bell counts the nudge alone.
        Notification.objects.filter(recipient=anggota).update(read_at=timezone.now())

    login(page, unit_leader.email, PASSWORD)
    page.goto(f"/siklus/{cycle.pk}/")
    page.get_by_test_id("nudge-link").click()
    expect(page.get_by_role("heading", name="Kirim pengingat", level=1)).to_be_visible()
    page.get_by_label("tugas melewati batas waktu").check()
    page.get_by_test_id("nudge-preview").click()

    rows = page.get_by_test_id("nudge-recipient")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Anggota Pokja MP")
    expect(rows.first).to_contain_text("Unggah notulen rapat")
    expect(rows.first).to_contain_text("0812-3456-7890")
    whatsapp = rows.first.get_by_test_id("whatsapp")
    assert whatsapp.get_attribute("href").startswith("https://wa.me/6281234567890?text=")
    # The preview sent nothing.
    with scopes_disabled():
        assert not Notification.objects.filter(kind=Kind.NUDGE).exists()
    assert_accessible(page, label="halaman kirim pengingat")

    page.set_viewport_size({"width": 390, "height": 844})
    assert_no_horizontal_scroll(page, label="kirim pengingat, ponsel")
    page.screenshot(path="/tmp/nudge-mobile.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_test_id("nudge-confirm").click()
    expect(page.locator(".alert-success")).to_contain_text("Pengingat dikirim kepada 1 orang.")
    expect(page.get_by_test_id("nudge-recipient").first).to_contain_text("sudah diingatkan")
    expect(page.get_by_test_id("nudge-confirm")).to_have_count(0)
    logout(page)

    login(page, anggota.email, PASSWORD)
    expect(page.get_by_test_id("bell-count")).to_contain_text("1")
    page.get_by_test_id("bell").click()
    notice = page.get_by_test_id("notification").filter(has_text="Pengingat: 1 tugas")
    expect(notice).to_have_attribute("data-state", "unread")
    expect(notice).to_contain_text("Kepala UPT Satu mengingatkan Anda.")
    notice.get_by_test_id("notification-open").click()
    page.wait_for_url(lambda url: "/rencana-kerja/tugas/" in url)
    expect(page.get_by_text("Unggah notulen rapat").first).to_be_visible()
    expect(page.get_by_test_id("bell-count")).to_have_count(0)
