"""Journey: the Ketua Pokja MP gives a member a task, and the member finds it on the home
page under "Yang perlu Anda kerjakan" and opens it from there; an employee whose only
duty is the Pakta Integritas finds it there too and signs through the link. The home page
is photographed at desktop and at phone width (/tmp/home-*.png)."""

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from apps.declaration import services as declaration_services
from tests.workplan.conftest import ratified_plan

from ..factories import PASSWORD
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/akun/masuk/")


def test_a_member_finds_their_task_and_an_employee_their_pact_on_the_home_page(
    page,
    live_server,
    cycle,
    ketua_tim,
    member,
    pokja_tl,
    unit_leader,
    anggota,
    admin,
    tree,
    staff_user,
):
    with scopes_disabled():
        ratified_plan(cycle, ketua_tim, [member, pokja_tl], unit_leader)
        placement = declaration_services.employee_add(
            actor=admin,
            unit=tree["upt"],
            nip=staff_user.nip,
            name=staff_user.full_name,
            position="Pengadministrasi Umum",
            lhkpn_obliged=False,
        )
    due = timezone.localdate() + datetime.timedelta(days=3)

    # Before: nothing waits for the member.
    login(page, anggota.email, PASSWORD)
    page.goto("/")
    expect(page.get_by_test_id("todo-empty")).to_have_text(
        "Tidak ada pekerjaan yang menunggu Anda."
    )
    logout(page)

    login(page, member.email, PASSWORD)
    page.goto(f"/rencana-kerja/siklus/{cycle.pk}/")
    page.get_by_test_id("area-MP").get_by_role("link", name="Buat tugas").click()
    page.get_by_label("Tugas").fill("Susun notulen rapat pembentukan")
    page.get_by_label("Batas waktu").fill(due.isoformat())
    page.get_by_label(anggota.full_name).check()
    page.get_by_role("button", name="Buat tugas").click()
    expect(page.locator(".alert-success")).to_contain_text("dibuat")
    logout(page)

    login(page, anggota.email, PASSWORD)
    page.goto("/")
    line = page.get_by_test_id("todo-item")
    expect(line).to_have_count(1)
    expect(line).to_contain_text("Tugas Pokja · UPT Satu")
    expect(line).to_contain_text("3 hari lagi")
    page.screenshot(path="/tmp/home-desktop.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="/tmp/home-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    line.get_by_role("link", name="Susun notulen rapat pembentukan").click()
    expect(page.get_by_test_id("task-status")).to_have_text("Belum dilaksanakan")
    logout(page)

    # The employee with no role: the pact, instead of "ask your admin".
    login(page, staff_user.email, PASSWORD)
    page.goto("/")
    expect(page.get_by_text("Hubungi Admin Instansi")).to_have_count(0)
    line = page.get_by_test_id("todo-item")
    expect(line).to_have_count(1)
    expect(line).to_contain_text("Pakta Integritas · UPT Satu")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="/tmp/home-pact-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    line.get_by_role("link", name="Tandatangani Pakta Integritas").click()
    page.wait_for_url(f"**/pencanangan/penempatan/{placement.pk}/pakta/")
    page.get_by_label("Saya telah membaca dan menyetujui").check()
    page.get_by_role("button", name="Tandatangani Pakta Integritas").click()
    expect(page.get_by_test_id("pact-signed")).to_contain_text("Ditandatangani secara daring")
    page.goto("/")
    expect(page.get_by_test_id("todo-empty")).to_be_visible()
