"""Journey: the unit opens the results of a closed SKM (IKM and grade), reviews the
respondents' suggestions, publishes after confirming, and the public page (no login, a
phone) shows the grade, the approved suggestion only and the report PDF made by the
worker."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from apps.surveys import services
from apps.surveys.models import Link

from ..browser import assert_no_csp_violations, watch_csp
from ..factories import PASSWORD
from ..surveys import conftest as surveys_cast
from .conftest import login

# The surveys' cast (tests/surveys/conftest.py) for this journey.
skm, open_skm, pokja_pp = surveys_cast.skm, surveys_cast.open_skm, surveys_cast.pokja_pp

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _answers(*values):
    return {f"U{i}": v for i, v in enumerate(values, start=1)}


def test_the_unit_reviews_publishes_and_the_public_sees_the_grade(
    page, browser, live_server, celery_worker_thread, open_skm, pokja_pp
):
    with scopes_disabled():
        link = Link.objects.get(survey=open_skm)
        services.response_record(
            link=link, answers=_answers(4, 4, 4, 4, 4, 4, 4, 4, 4), suggestion="Ruang tunggu nyaman"
        )
        services.response_record(
            link=link, answers=_answers(4, 3, 4, 4, 3, 4, 4, 4, 4), suggestion="Nomor HP saya 0812"
        )
        survey = services.survey_close(actor=pokja_pp, survey=open_skm)

    login(page, pokja_pp.email, PASSWORD)
    page.goto(f"/survei/{survey.pk}/hasil/")
    # Σ NRR = 7 × 4 + 2 × 3.5 = 35 → IKM 35/9 = 3.89, converted 97.22 → A.
    expect(page.get_by_test_id("converted")).to_have_text("97,22")
    expect(page.get_by_test_id("grade")).to_contain_text("A")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Saran").first.click()
    page.get_by_label("Ruang tunggu nyaman").check()
    page.get_by_test_id("approve").click()
    expect(page.locator(".alert-success")).to_contain_text("1 saran ditinjau.")
    page.get_by_label("Nomor HP saya 0812").check()
    page.get_by_test_id("hide").click()
    expect(page.get_by_test_id("empty")).to_be_visible()

    page.get_by_role("link", name="Publikasi").first.click()
    page.get_by_label("Analisis hasil").fill("Semua unsur bernilai sangat baik.")
    page.get_by_test_id("save-analysis").click()
    expect(page.locator(".alert-success")).to_contain_text("Analisis hasil disimpan.")
    page.get_by_label("Saya memahami").check()
    page.get_by_test_id("publish").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_contain_text("tidak dapat ditarik kembali")
    dialog.get_by_role("button", name="Ya, publikasikan").click()
    expect(page.get_by_test_id("published")).to_be_visible()

    # The public, on a phone, without an account.
    phone = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 390, "height": 844}
    )
    violations = watch_csp(phone)
    public = phone.new_page()
    public.goto(f"/s/hasil/{survey.pk}/")
    expect(public.get_by_test_id("grade")).to_contain_text("A")
    expect(public.get_by_test_id("grade")).to_contain_text("Sangat Baik")
    expect(public.get_by_test_id("suggestions")).to_contain_text("Ruang tunggu nyaman")
    expect(public.locator("main")).not_to_contain_text("Nomor HP saya")
    width = public.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    with public.expect_download() as download:
        public.get_by_test_id("report-pdf").click()
    assert download.value.suggested_filename.startswith("laporan-skm-")
    phone.close()
    assert_no_csp_violations(violations)
