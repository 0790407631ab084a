"""Journey: a person mistypes their password until the login is locked, sees the portal's
Indonesian lockout page (also on a phone), their Admin Instansi unlocks them on the
person page, and they log in. Then they make an API token on the "Token API" page."""

import pytest
from playwright.sync_api import expect

from ..factories import PASSWORD
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def try_login(page, email, password):
    page.goto("/akun/masuk/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi", exact=True).fill(password)
    page.get_by_role("button", name="Masuk").click()


def test_lockout_message_unlock_and_api_token(page, live_server, admin, member, settings):
    settings.AXES_FAILURE_LIMIT = 3  # the live server runs in this process
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        try_login(page, member.email, "salah-sekali")
        expect(page.locator("main form")).to_contain_text("E-mail atau kata sandi salah")
    try_login(page, member.email, "salah-sekali")
    message = page.get_by_test_id("lockout-message")
    expect(message).to_contain_text("Masuk dikunci sementara")
    expect(message).to_contain_text("30 menit")

    # The right password does not get through either; the page reads well on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    try_login(page, member.email, PASSWORD)
    expect(page.get_by_test_id("lockout-message")).to_contain_text("Admin Instansi")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})

    # The Admin Instansi unlocks the person.
    login(page, admin.email, PASSWORD)
    page.goto(f"/pengguna/{member.pk}/")
    expect(page.get_by_test_id("login-lock")).to_contain_text("dikunci")
    page.get_by_role("button", name="Buka kunci masuk").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_contain_text("Buka kunci masuk")
    dialog.get_by_role("button", name="Ya, buka kunci").click()
    expect(page.locator(".alert-success")).to_contain_text("Kunci masuk")
    expect(page.get_by_test_id("login-lock")).to_contain_text("normal")
    page.get_by_role("button", name="Keluar").click()

    # The person logs in and makes a token for a script.
    login(page, member.email, PASSWORD)
    page.get_by_test_id("account-menu").click()
    page.get_by_role("link", name="Token API").click()
    page.get_by_label("Nama token").fill("Skrip rekap")
    page.get_by_role("button", name="Buat token").click()
    expect(page.get_by_test_id("new-token")).to_contain_text("hanya ditampilkan sekali")
    key = page.get_by_test_id("new-token-key").inner_text().strip()
    assert len(key) == 48
    expect(page.get_by_test_id("tokens")).to_contain_text("Skrip rekap")
    page.get_by_test_id("tokens").get_by_role("button", name="Cabut").click()
    page.get_by_test_id("confirm-dialog").get_by_role("button", name="Ya, cabut").click()
    expect(page.get_by_test_id("tokens")).to_contain_text("Belum ada token")
