"""Journey across the surveys, the public and the LKE (issue 16): the unit's Ketua Pokja
Pelayanan Publik creates an SKM in the pages, prints the QR poster and opens it; two
respondents answer on phone-sized pages through the code (no account, the proof-of-work
solved in their browsers); she closes it, sees the IKM and grade, reviews a suggestion and
publishes, and the public results page shows the grade. Then an IPKP survey of the same
year is set up and closed in the pages, and the TPU assessor finds its value in the
assessment's Hasil (HPA) with the survey named as its source.
"""

import io
import re

import pytest
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect
from pypdf import PdfReader

from apps.accounts.roles import Role
from apps.assessment import services as assessment_services
from apps.assessment.models import Answer
from apps.core.choices import Area
from apps.surveys import services
from apps.surveys.models import Link, Response, Survey

from ..browser import assert_no_csp_violations, watch_csp
from ..factories import PASSWORD, UserFactory, grant
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def logout(page) -> None:
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/akun/masuk/")


def _confirm(page, button: str) -> None:
    dialog = page.get_by_test_id("confirm-dialog")
    dialog.get_by_role("button", name=button).click()


def _create(page, *, kind: str, services_text: str = "", population: str = "") -> Survey:
    page.get_by_test_id("nav-surveys").click()
    page.get_by_test_id("survey-create").click()
    form = page.get_by_test_id("survey-form")
    form.get_by_label("Jenis survei").select_option(kind)
    form.get_by_label("Tahun", exact=True).fill("2026")
    form.get_by_label("Periode", exact=True).select_option("s1")
    if population:
        form.get_by_label("Populasi pengguna layanan").fill(population)
    form.get_by_label("Layanan yang disurvei").fill(services_text)
    page.get_by_test_id("survey-save").click()
    expect(page.locator(".alert-success")).to_contain_text("dibuat dari kuesioner standar")
    with scopes_disabled():
        return Survey.objects.get(kind=kind)


def _answer_on_a_phone(browser, live_server, url: str, values: list[int], **extra) -> None:
    """One respondent, in their own browser context (no session), at 390 × 844."""
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport=PHONE)
    violations = watch_csp(context)
    phone = context.new_page()
    phone.goto(url)
    for number, value in enumerate(values, start=1):
        group = phone.get_by_test_id(f"survey-item-U{number}")
        group.locator(f"input[type=radio][value='{value}']").check()
    if extra.get("sex"):
        phone.get_by_label(extra["sex"], exact=True).check()
    if extra.get("suggestion"):
        phone.get_by_label("Saran untuk perbaikan layanan").fill(extra["suggestion"])
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The widget solves its challenge on our own server's terms, in the phone's workers.
    expect(phone.get_by_text("Terverifikasi")).to_be_visible(timeout=90_000)
    phone.get_by_test_id("survey-submit").click()
    expect(phone.get_by_test_id("survey-thanks")).to_be_visible()
    context.close()
    assert_no_csp_violations(violations)


def test_an_skm_from_its_poster_to_its_published_grade_and_an_ipkp_into_the_lke(
    page, browser, live_server, celery_worker_thread, tree, admin, cycle
):
    pokja = UserFactory(full_name="Sari Pokja Pelayanan", email="pokja.pp@alfa.go.id")
    grant(pokja, tree["upt"], Role.KETUA_POKJA, Area.PP)
    lead = UserFactory(full_name="Ketua TPU", email="ketua.tpu@alfa.go.id")
    grant(lead, tree["es1"], Role.PENILAI_TPU, "MP")
    cycle.stage = "penilaian_pendahuluan"
    cycle.save(update_fields=["stage"])
    with scopes_disabled(), scope(tenant=cycle.tenant_id):
        tpu = assessment_services.assessment_open(actor=admin, cycle=cycle, level="tpu", lead=lead)

    # --- The SKM: created, its poster printed, opened ---------------------------------
    login(page, pokja.email, PASSWORD)
    skm = _create(page, kind="skm", services_text="Perizinan\nPengaduan", population="100")
    expect(page.get_by_test_id("respondents")).to_contain_text("0 dari sampel minimum 80")
    page.get_by_test_id("survey-tabs").get_by_role("link", name="Kode QR").click()
    with scopes_disabled():
        link = Link.objects.get(survey=skm)  # the unit's own code, made with the survey
    url = page.get_by_test_id(f"qr-url-{link.pk}").inner_text()
    assert url == f"{live_server.url}/s/{link.token}/"
    poster = page.request.get(page.get_by_test_id(f"poster-{link.pk}").get_attribute("href"))
    assert poster.ok and poster.headers["content-type"] == "application/pdf"
    words = " ".join(PdfReader(io.BytesIO(poster.body())).pages[0].extract_text().split())
    assert f"/s/{link.token}/" in words and skm.title in words

    page.get_by_test_id("survey-tabs").get_by_role("link", name="Ringkasan").click()
    page.get_by_test_id("survey-open").click()
    _confirm(page, "Ya, buka survei")
    expect(page.get_by_test_id("survey-status")).to_have_text("Dibuka untuk responden")

    # --- Two respondents scan the poster's code -----------------------------------------
    _answer_on_a_phone(browser, live_server, url, [4] * 9, sex="Perempuan")
    _answer_on_a_phone(
        browser,
        live_server,
        url,
        [4, 3, 4, 4, 3, 4, 4, 4, 4],
        sex="Laki-laki",
        suggestion="Antrean di loket perizinan dipercepat.",
    )
    with scopes_disabled():
        assert Response.objects.filter(survey=skm).count() == 2

    # --- Closed, read, reviewed, published ----------------------------------------------
    page.reload()
    expect(page.get_by_test_id("respondents")).to_contain_text("2 dari sampel minimum 80")
    page.get_by_test_id("survey-close").click()
    _confirm(page, "Ya, tutup survei")
    expect(page.get_by_test_id("survey-status")).to_have_text("Ditutup")
    page.get_by_test_id("survey-tabs").get_by_role("link", name="Hasil").click()
    # Σ NRR = 7 × 4 + 2 × 3.5 = 35 → IKM 35/9 = 3.888…, × 25 = 97.22 → A (Sangat Baik).
    expect(page.get_by_test_id("converted")).to_have_text("97,22")
    expect(page.get_by_test_id("grade")).to_contain_text("A")

    page.get_by_test_id("survey-tabs").get_by_role("link", name="Saran").click()
    page.get_by_label("Antrean di loket perizinan dipercepat.").check()
    page.get_by_test_id("approve").click()
    expect(page.locator(".alert-success")).to_contain_text("1 saran ditinjau.")
    page.get_by_test_id("survey-tabs").get_by_role("link", name="Publikasi").click()
    page.get_by_label("Analisis hasil").fill("Kecepatan pelayanan (U3) terendah; antrean ditata.")
    page.get_by_test_id("save-analysis").click()
    page.get_by_label("Saya memahami").check()
    page.get_by_test_id("publish").click()
    _confirm(page, "Ya, publikasikan")
    expect(page.get_by_test_id("published")).to_be_visible()

    public = browser.new_context(base_url=live_server.url, locale="id-ID", viewport=PHONE)
    violations = watch_csp(public)
    results = public.new_page()
    results.goto(f"/s/hasil/{skm.pk}/")
    expect(results.get_by_test_id("grade")).to_contain_text("Sangat Baik")
    expect(results.get_by_test_id("suggestions")).to_contain_text("Antrean di loket perizinan")
    public.close()
    assert_no_csp_violations(violations)

    # --- The IPKP of the same year: set up and closed in the pages ---------------------
    ipkp = _create(page, kind="ipkp")
    page.get_by_test_id("survey-open").click()
    _confirm(page, "Ya, buka survei")
    expect(page.get_by_test_id("survey-status")).to_have_text("Dibuka untuk responden")
    with scopes_disabled():
        ipkp_link = Link.objects.get(survey=ipkp)
        codes = list(ipkp.items.values_list("code", flat=True))
        # The respondents' answers through the same service the public form calls (the
        # form itself was walked above): two give 4 everywhere, two give 3.
        for value in (4, 4, 3, 3):
            services.response_record(link=ipkp_link, answers=dict.fromkeys(codes, value))
    page.reload()
    page.get_by_test_id("survey-close").click()
    _confirm(page, "Ya, tutup survei")
    expect(page.get_by_test_id("survey-status")).to_have_text("Ditutup")
    logout(page)

    # --- The TPU assessor reads HPA from it ----------------------------------------------
    login(page, lead.email, PASSWORD)
    page.goto(f"/penilaian/{tpu.pk}/")
    page.get_by_role("navigation", name="Area").get_by_role("link", name="HP").click()
    box = page.get_by_test_id("survey-HPA")
    expect(box).to_contain_text("Dari survei IPKP Semester I 2026")
    expect(box).to_contain_text("4 responden")
    expect(page.get_by_test_id("survey-value-HPA")).to_have_text("3,50")
    # Its source opens the survey's figures for the assessor (who may not read the
    # unit's survey pages themselves).
    with page.expect_popup() as opened:
        page.get_by_test_id("survey-link-HPA").click()
    figures = opened.value
    expect(figures).to_have_url(re.compile(rf"/penilaian/{tpu.pk}/survei/{ipkp.pk}/$"))
    expect(figures.get_by_test_id("survey-lke-value")).to_have_text("3,50")
    figures.close()
    with scopes_disabled():
        answer = Answer.objects.get(assessment=tpu, question__code="HPA")
    assert (answer.value, answer.source_survey_id) == ("3.5", ipkp.pk)
