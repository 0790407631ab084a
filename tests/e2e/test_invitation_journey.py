"""Journey (issue 10): an admin of agency A invites an e-mail that already has an account
in agency B. The answer looks exactly like the invitation of a new e-mail; the person
logs in, sees the invitation, declines; a second invitation, accepted, gives the
membership and the role."""

import re

import pytest
from playwright.sync_api import expect

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import Role
from apps.tenants.models import Membership

from ..factories import PASSWORD, UserFactory, grant
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def invite(page, email, role=None, unit=None, area=None) -> str:
    page.goto("/pengguna/baru/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Nama lengkap").fill("Nama Dari Admin")
    if role:
        page.get_by_label("Unit peran").select_option(str(unit.pk))
        page.get_by_label("Peran", exact=True).select_option(role)
        if area:
            page.get_by_label("Area").select_option(area)
    page.get_by_role("button", name="Kirim undangan").click()
    alert = page.locator(".alert-success")
    expect(alert).to_be_visible()
    return alert.inner_text().replace(email, "EMAIL")


def test_an_existing_person_declines_then_accepts_an_invitation(
    page, live_server, celery_worker_thread, admin, tree, other_tree, tenant, tmp_path
):
    person = UserFactory(
        full_name="Rahasia Beta", email="rahasia@beta.go.id", nip="198703032010012003"
    )
    grant(person, other_tree["upt"], Role.ANGGOTA_POKJA, "SDM")

    login(page, admin.email, PASSWORD)
    answer_new = invite(page, "orang.baru@contoh.go.id")
    answer_existing = invite(page, person.email)
    assert answer_new == answer_existing
    table = page.get_by_test_id("invitations")
    expect(table).not_to_contain_text("Rahasia Beta")
    expect(table).not_to_contain_text("198703032010012003")
    expect(page.get_by_test_id("people")).not_to_contain_text(person.email)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(tmp_path / "admin-invitations-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Keluar").click()

    login(page, person.email, PASSWORD)
    expect(page.get_by_test_id("invitation-banner")).to_contain_text(
        "Instansi Kementerian Alfa mengundang Anda"
    )
    page.get_by_role("link", name="Lihat undangan").click()
    page.get_by_role("button", name="Tolak").click()
    page.get_by_test_id("confirm-dialog").get_by_role("button", name="Ya, tolak").click()
    expect(page.locator(".alert-success")).to_contain_text("ditolak")
    assert not Membership.objects.filter(tenant=tenant, user=person).exists()
    page.get_by_role("button", name="Keluar").click()

    login(page, admin.email, PASSWORD)
    invite(page, person.email, role="ketua_pokja", unit=tree["upt"], area="MP")
    expect(page.get_by_test_id("invitations")).to_contain_text("ditolak")
    page.get_by_role("button", name="Keluar").click()

    login(page, person.email, PASSWORD)
    page.goto("/akun/undangan/")
    card = page.get_by_test_id("invitation-ALFA")
    expect(card).to_contain_text("Ketua Pokja")
    page.screenshot(path=str(tmp_path / "person-invitation.png"), full_page=True)
    card.get_by_role("button", name="Terima").click()
    page.get_by_test_id("confirm-dialog").get_by_role("button", name="Ya, bergabung").click()
    expect(page.locator(".alert-success")).to_contain_text("tergabung di Kementerian Alfa")
    expect(page.get_by_test_id("my-units")).to_contain_text("UPT Satu")
    assert Membership.objects.filter(tenant=tenant, user=person, is_active=True).exists()
    assert RoleAssignment.objects.filter(
        tenant=tenant, user=person, unit=tree["upt"], role="ketua_pokja", area="MP"
    ).exists()
    assert re.search("Kementerian Alfa", page.content())
