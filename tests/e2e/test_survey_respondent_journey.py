"""Journey: a respondent answers a unit's SKM on a phone (390 × 844) through its QR code.

No account; the page runs under the strict Content-Security-Policy (the e2e ``page``
fixture fails on any violation); the proof-of-work widget (vendored ALTCHA) fetches its
challenge from our server and solves it in the browser's workers before the answer is
accepted; the document never scrolls sideways and axe-core finds no serious violation.
"""

import time

import pytest
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.core.choices import Area
from apps.surveys import services
from apps.surveys.models import Link, Response, ResponseAnswer

from ..a11y import assert_accessible, assert_no_horizontal_scroll
from ..conftest import person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_respondent_answers_on_a_phone(page, live_server, tree):
    pokja = person(tree["upt"], Role.KETUA_POKJA, Area.PP, full_name="Ketua Pokja Pelayanan")
    survey = services.survey_create(
        actor=pokja,
        unit=tree["upt"],
        kind="skm",
        year=2027,
        period="s1",
        services=["Perizinan", "Pengaduan"],
        intro="Bantu kami memperbaiki layanan.",
    )
    survey = services.survey_open(actor=pokja, survey=survey)
    link = Link.objects.get(survey=survey)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/s/{link.token}/")
    expect(page.get_by_role("heading", name=survey.title)).to_be_visible()
    expect(page.get_by_text("Bantu kami memperbaiki layanan.")).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    started = time.monotonic()
    # The widget solves its challenge while the respondent reads and answers.
    for item in survey.items.order_by("order"):
        group = page.get_by_test_id(f"survey-item-{item.code}")
        label = item.labels[-1] if item.code != "U3" else item.labels[2]
        group.get_by_label(label, exact=True).check()
    page.get_by_label("Perempuan", exact=True).check()
    page.get_by_label("Usia").select_option("30")
    page.get_by_label("Layanan yang Anda terima").select_option(label="Pengaduan")
    page.get_by_label("Saran untuk perbaikan layanan").fill("Ruang tunggu lebih sejuk.")
    expect(page.locator("#suggestion-counter")).to_have_text("25 / 2000")
    expect(page.locator("altcha-widget input[name=altcha]")).to_have_count(1)
    expect(page.get_by_text("Terverifikasi")).to_be_visible(timeout=60_000)
    solved_in = time.monotonic() - started
    page.get_by_test_id("survey-submit").click()

    expect(page.get_by_test_id("survey-thanks")).to_be_visible()
    assert page.url.endswith(f"/s/{link.token}/terima-kasih/")
    response = Response.objects.get()
    assert (response.sex, response.age_band, response.service.name) == ("p", "30", "Pengaduan")
    assert response.suggestion == "Ruang tunggu lebih sejuk."
    values = dict(ResponseAnswer.objects.values_list("item__code", "value"))
    assert values == {**{f"U{i}": 4 for i in range(1, 10)}, "U3": 3}
    print(f"challenge solved in the browser within {solved_in:.1f} s of the page")
