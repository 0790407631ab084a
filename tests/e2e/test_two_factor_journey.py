"""Journey: an Admin Instansi's first login after 2FA became required. The portal holds
them at the enrolment page; they read the secret for manual entry, confirm with the code
their authenticator app would show (computed here from that secret), see the ten recovery
codes once, log out, and log in again with the password and a code."""

from pathlib import Path
from urllib.parse import urlparse

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from apps.audit.models import AuditEvent

from ..factories import PASSWORD
from ..otp import code_for_key, key_from_secret_text, next_code
from .conftest import ENROL_PATH, LOGIN_PATH, VERIFY_PATH

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def path_of(page) -> str:
    return urlparse(page.url).path


def password_step(page, email):
    page.goto(LOGIN_PATH)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: urlparse(url).path != LOGIN_PATH)


def test_admin_enrols_on_first_login_and_then_logs_in_with_a_code(page, live_server, admin):
    password_step(page, admin.email)
    assert path_of(page) == ENROL_PATH
    expect(page.get_by_test_id("two-factor-required")).to_contain_text("Admin Instansi")
    expect(page.get_by_test_id("totp-qr").locator("svg")).to_be_visible()
    # Until enrolled, the rest of the portal sends them back here.
    page.goto("/unit/")
    assert path_of(page) == ENROL_PATH
    expect(page.get_by_role("link", name="Unit", exact=True)).to_have_count(0)

    key = key_from_secret_text(page.get_by_test_id("totp-secret").inner_text())
    page.get_by_label("Kode 6 angka").fill("000000" if code_for_key(key) != "000000" else "111111")
    page.get_by_role("button", name="Aktifkan").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Kode salah")

    # A wrong code makes the device wait a second before the next try.
    page.wait_for_timeout(1100)
    page.get_by_label("Kode 6 angka").fill(code_for_key(key))
    page.get_by_role("button", name="Aktifkan").click()
    codes = page.get_by_test_id("recovery-codes").locator("li")
    expect(codes).to_have_count(10)
    expect(page.get_by_role("button", name="Cetak")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh (.txt)").click()
    download = download_info.value
    assert download.suggested_filename == "kode-pemulihan-zi-portal.txt"
    assert codes.first.inner_text() in Path(download.path()).read_text(encoding="utf-8")
    page.get_by_role("button", name="Saya sudah menyimpan kode ini").click()
    page.wait_for_url(lambda url: urlparse(url).path == "/unit/")
    assert AuditEvent.objects.filter(action="two_factor.enable", actor=admin).exists()

    # Shown once: the page of the codes now only says so.
    page.goto("/akun/dua-langkah/kode-pemulihan/")
    expect(page.get_by_role("alert")).to_contain_text("hanya ditampilkan sekali")
    expect(page.get_by_test_id("two-factor-status")).to_contain_text("Aktif")

    page.get_by_role("button", name="Keluar").click()
    password_step(page, admin.email)
    assert path_of(page) == VERIFY_PATH
    expect(page.get_by_role("heading", name="Kode verifikasi")).to_be_visible()
    code, wait = next_code(TOTPDevice.objects.get(user=admin, confirmed=True))
    if wait:
        page.wait_for_timeout(wait * 1000)
    page.get_by_label("Kode verifikasi").fill(code)
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_url(lambda url: urlparse(url).path == "/")
    page.get_by_role("link", name="Pengguna & Peran").click()
    expect(page.get_by_role("heading", name="Pengguna & peran")).to_be_visible()


def test_enrolment_and_code_pages_fit_a_phone(page, live_server, admin):
    page.set_viewport_size({"width": 390, "height": 844})
    password_step(page, admin.email)
    assert path_of(page) == ENROL_PATH
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
