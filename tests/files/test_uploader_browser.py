"""static/js/uploader.js in Chromium: picker, keyboard, progress, server messages, refresh."""

import os

import pytest

from apps.files.models import StoredFile

from ..browser import assert_no_csp_violations, watch_csp
from . import samples

pytestmark = [pytest.mark.e2e, pytest.mark.urls("tests.files.urls")]


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    context.set_default_timeout(15_000)
    csp_violations = watch_csp(context)
    page = context.new_page()
    # Intercept file choosers from the start: otherwise Chromium opens the first one as a
    # real (headless) dialog before Playwright's interception is on.
    page.on("filechooser", lambda chooser: None)
    yield page
    context.close()
    assert_no_csp_violations(csp_violations)


def log_in(page, live_server, client, user):
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_files_upload_with_progress_and_refused_ones_show_the_servers_message(
    page, live_server, client, member, tree
):
    log_in(page, live_server, client, member)
    page.goto(f"/page/{tree['upt'].pk}/")
    zone = page.locator("[data-uploader]")
    assert zone.get_attribute("role") == "button"

    # Enter on the focused zone opens the file picker.
    zone.focus()
    with page.expect_file_chooser() as chooser_info:
        page.keyboard.press("Enter")
    chooser = chooser_info.value
    assert chooser.is_multiple()
    chooser.set_files(
        [
            {"name": "Surat Tugas.pdf", "mimeType": "application/pdf", "buffer": samples.pdf()},
            {"name": "palsu.pdf", "mimeType": "application/pdf", "buffer": samples.exe()},
            {"name": "kosong.pdf", "mimeType": "application/pdf", "buffer": b""},
        ]
    )

    items = page.locator(".zi-upload-item")
    page.wait_for_selector(".zi-upload-item[data-upload-state='done']")
    page.wait_for_function(
        "() => document.querySelectorAll('.zi-upload-item[data-upload-state]').length === 3"
    )
    assert items.count() == 3
    done = items.filter(has_text="Surat Tugas.pdf")
    assert done.get_attribute("data-upload-state") == "done"
    assert done.locator(".progress-bar").get_attribute("style") == "width: 100%;"
    assert "Selesai" in done.inner_text()

    disguised = items.filter(has_text="palsu.pdf")
    assert disguised.get_attribute("data-upload-state") == "error"
    assert "program Windows (EXE)" in disguised.locator(".zi-upload-status").inner_text()
    empty = items.filter(has_text="kosong.pdf")
    assert "Berkas kosong" in empty.inner_text()

    # The list named by data-refresh was reloaded through htmx.
    page.wait_for_function(
        "() => document.getElementById('stored-list').textContent.startsWith('1 berkas')"
    )
    assert StoredFile.objects.get().original_name == "Surat Tugas.pdf"
    if os.environ.get("UPLOADER_SCREENSHOT"):
        page.screenshot(path=os.environ["UPLOADER_SCREENSHOT"], full_page=True)


def test_space_opens_the_picker_and_done_events_carry_the_answer(
    page, live_server, client, member, tree
):
    log_in(page, live_server, client, member)
    page.goto(f"/page/{tree['upt'].pk}/")
    page.evaluate(
        "window.answers = [];"
        "document.addEventListener('uploader:done', e => window.answers.push(e.detail));"
    )
    page.locator("[data-uploader]").focus()
    with page.expect_file_chooser() as chooser_info:
        page.keyboard.press(" ")
    chooser_info.value.set_files(
        {"name": "foto.png", "mimeType": "image/png", "buffer": samples.png()}
    )
    # A function, not an expression: Playwright would eval() an expression in the page,
    # which the Content-Security-Policy refuses.
    page.wait_for_function("() => window.answers.length === 1")
    answer = page.evaluate("window.answers[0]")
    assert answer["id"] == StoredFile.objects.get().pk


def test_a_stored_file_can_be_previewed_in_a_frame_but_pages_cannot_be_framed(
    browser, live_server, client, member, tree
):
    """The PDF preview: the portal's own page frames a stored file; a page itself may not
    be framed, not even by the portal (X-Frame-Options DENY, frame-ancestors 'none').
    The CSP watcher sees the refusal, so it would catch any other violation too."""
    from apps.files.services import file_store_bytes

    stored = file_store_bytes(
        actor=member, unit=tree["upt"], name="Surat Tugas.pdf", data=samples.pdf()
    )
    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    violations = watch_csp(context)
    page = context.new_page()
    log_in(page, live_server, client, member)
    page.goto(f"/page/{tree['upt'].pk}/")
    page.evaluate(
        """([file, own]) => {
            for (const [id, src] of [["file", file], ["own", own]]) {
                const frame = document.createElement("iframe");
                frame.id = id;
                frame.src = src;
                document.body.append(frame);
            }
        }""",
        [f"/download/{stored.pk}/", f"/page/{tree['upt'].pk}/"],
    )
    page.wait_for_function("() => document.querySelectorAll('iframe').length === 2")
    page.wait_for_timeout(1500)  # let both frames finish (or be refused)
    assert any("frame-ancestors" in v for v in violations), violations
    assert not any(f"/download/{stored.pk}/" in v for v in violations), violations
    # Inline code injected into the page is blocked and reported as well.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')")
    page.wait_for_function("() => true")
    page.wait_for_timeout(300)
    assert any(v.startswith("style-src") for v in violations), violations
    context.close()
