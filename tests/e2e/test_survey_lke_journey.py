"""Journey: the IPKP survey of UPT1 closes and its value appears in the TPU assessment's
Hasil – the assessor reads HPA with its source (survey, rule, respondents, link), replaces
it only after writing a reason, and sees the override kept on the page."""

import re

import pytest
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.assessment import services
from apps.assessment.models import Answer
from apps.core.choices import Area
from apps.surveys import services as survey_services
from apps.surveys.models import Kind, Link, Period, Survey

from ..a11y import assert_accessible
from ..factories import PASSWORD, UserFactory, grant
from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_assessor_sees_the_ipkp_value_with_its_source_and_overrides_with_a_reason(
    page, live_server, tree, admin, cycle
):
    lead = UserFactory(full_name="Ketua TPU", email="ketua.tpu@alfa.go.id")
    grant(lead, tree["es1"], Role.PENILAI_TPU, "MP")
    pokja = UserFactory(full_name="Pokja Pelayanan", email="pokja.pp@alfa.go.id")
    grant(pokja, tree["upt"], Role.KETUA_POKJA, Area.PP)
    cycle.stage = "penilaian_pendahuluan"
    cycle.save(update_fields=["stage"])
    with scopes_disabled(), scope(tenant=cycle.tenant_id):
        tpu = services.assessment_open(actor=admin, cycle=cycle, level="tpu", lead=lead)
        survey = survey_services.survey_create(
            actor=pokja, unit=tree["upt"], kind=Kind.IPKP, year=2026, period=Period.S1
        )
        survey = survey_services.survey_open(actor=pokja, survey=survey)
        link = Link.objects.get(survey=survey)
        codes = list(survey.items.values_list("code", flat=True))
        for value in (4, 3, 4, 3):
            survey_services.response_record(link=link, answers=dict.fromkeys(codes, value))
        survey_services.survey_close(actor=pokja, survey=Survey.objects.get(pk=survey.pk))
        source_path = f"/penilaian/{tpu.pk}/survei/{survey.pk}/$"

    login(page, lead.email, PASSWORD)
    page.goto(f"/penilaian/{tpu.pk}/")
    page.get_by_role("navigation", name="Area").get_by_role("link", name="HP").click()
    box = page.get_by_test_id("survey-HPA")
    expect(box).to_be_visible()
    expect(box).to_contain_text("Dari survei IPKP Semester I 2026")
    expect(page.get_by_test_id("survey-value-HPA")).to_have_text("3,50")
    expect(box).to_contain_text("4 responden")
    expect(box).to_contain_text("Responden baru 4 dari sampel minimum 30.")
    expect(page.get_by_test_id("survey-in-use-HPA")).to_be_visible()
    # The source link opens the survey's figures beside the worksheet.
    with page.expect_popup() as opened:
        page.get_by_test_id("survey-link-HPA").click()
    figures = opened.value
    expect(figures).to_have_url(re.compile(source_path))
    expect(figures.get_by_test_id("survey-lke-value")).to_have_text("3,50")
    figures.close()
    question = page.get_by_test_id("question-HPA")
    expect(question.get_by_label("Nilai (0–4)")).to_have_value("3.5")
    assert_accessible(page, label="scoring page with a survey's value")

    # Another value without a reason: refused at the field, nothing saved.
    question.get_by_label("Nilai (0–4)").fill("3.2")
    question.get_by_label("Nilai (0–4)").press("Tab")
    expect(page.get_by_test_id("field-error-HPA")).to_contain_text("tulis alasannya")
    # With the reason: saved, and the box says the assessor replaced the survey's value.
    question.get_by_label("Alasan mengganti nilai survei").fill(
        "Responden survei semester I belum mencapai 30 orang."
    )
    question.get_by_label("Alasan mengganti nilai survei").press("Tab")
    expect(page.get_by_test_id("saved-HPA")).to_contain_text("Tersimpan")
    expect(page.get_by_test_id("survey-overridden-HPA")).to_be_visible()
    with scopes_disabled():
        saved = Answer.objects.get(assessment=tpu, question__code="HPA")
    assert (saved.value, saved.source_survey_id) == ("3.2", survey.pk)
    assert saved.override_reason.startswith("Responden survei semester I")
