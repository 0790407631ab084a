"""Into the LKE (issue 16 part 6): a closed IPAK/IPKP survey of the unit and the cycle's
year supplies HBA/HPA of its assessments not final, with the survey as the source; an
override needs a reason and outlives later results; the SKM held suggest PPF4A."""

from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from apps.accounts.roles import Role
from apps.assessment import portal_facts
from apps.assessment import services as assessment_services
from apps.assessment.models import Answer, Assessment, Status
from apps.assessment.selectors import assessment_result
from apps.audit.models import AuditEvent
from apps.core.choices import Area
from apps.surveys import services
from apps.surveys.models import Kind, Link, Period, Survey
from apps.surveys.scoring import ScaleRule
from tests.assessment.conftest import save
from tests.conftest import person
from tests.factories import AssessmentFactory, CycleFactory


@pytest.fixture
def cycle(cycle):
    """UPT1's 2026 cycle at penilaian pendahuluan: the TPU assesses it."""
    cycle.stage = "penilaian_pendahuluan"
    cycle.save(update_fields=["stage"])
    return cycle


@pytest.fixture
def tpu_assessment(admin, cycle, tpu_user):
    return AssessmentFactory(actor=admin, cycle=cycle, level="tpu", lead=tpu_user)


def held(actor, unit, kind, values, *, period=Period.YEAR, year=2026, close=True, **kwargs):
    """A survey of ``unit`` answered once per value of ``values`` (every item alike), closed."""
    survey = services.survey_create(
        actor=actor, unit=unit, kind=kind, year=year, period=period, **kwargs
    )
    survey = services.survey_open(actor=actor, survey=survey)
    link = Link.objects.get(survey=survey, service=None)
    codes = list(survey.items.values_list("code", flat=True))
    for value in values:
        services.response_record(link=link, answers=dict.fromkeys(codes, value))
    if close:
        survey = services.survey_close(actor=actor, survey=Survey.objects.get(pk=survey.pk))
    return survey


def answer(assessment, code):
    return (
        Answer.objects.filter(assessment=assessment, question__code=code)
        .select_related("source_survey")
        .first()
    )


def test_closing_an_ipkp_fills_hpa_with_its_value_and_source(tpu_assessment, pokja_pp, tree):
    survey = held(pokja_pp, tree["upt"], Kind.IPKP, [3, 4, 4, 3], period=Period.S1)
    hpa = answer(tpu_assessment, "HPA")
    assert (hpa.value, hpa.source_survey, hpa.override_reason) == ("3.5", survey, "")
    assert hpa.updated_by == pokja_pp
    result = assessment_result(tpu_assessment)
    assert result.points("HPA") == Fraction(35, 2) * Fraction(7, 2) / 4  # 17.5 × 3.5/4
    assert answer(tpu_assessment, "HBA") is None  # no IPAK yet
    event = AuditEvent.objects.filter(object_type="assessment.answer", object_id=str(hpa.pk)).get()
    assert event.after["source_survey"] == survey.pk and "IPKP Semester I 2026" in event.reason


def test_the_value_is_the_surveys_0_4_value_rounded_as_shown(tpu_assessment, pokja_pp, tree):
    held(pokja_pp, tree["upt"], Kind.IPAK, [3, 4, 4])  # 11/3
    assert answer(tpu_assessment, "HBA").value == "3.67"
    # A 6-point IPKP, linear rule: 1 + (mean − 1) × 3/5; mean 5 → 3.4.
    held(
        pokja_pp,
        tree["upt"],
        Kind.IPKP,
        [5, 5],
        scale=6,
        scale_rule=ScaleRule.LINEAR,
    )
    assert answer(tpu_assessment, "HPA").value == "3.4"


def test_opening_an_assessment_takes_the_closed_surveys(admin, cycle, tpu_user, pokja_pp, tree):
    ipak = held(pokja_pp, tree["upt"], Kind.IPAK, [4, 4, 3, 3])
    ipkp = held(pokja_pp, tree["upt"], Kind.IPKP, [4])
    assessment = AssessmentFactory(actor=admin, cycle=cycle, level="tpu", lead=tpu_user)
    assert (answer(assessment, "HBA").value, answer(assessment, "HBA").source_survey) == (
        "3.5",
        ipak,
    )
    assert (answer(assessment, "HPA").value, answer(assessment, "HPA").source_survey) == (
        "4",
        ipkp,
    )
    assert answer(assessment, "HPA").updated_by == admin  # who opened the level


def test_lke_2014_takes_them_into_hb1_and_hp1(admin, tree, pokja_pp, ketua_tim):
    """The 2014 version: HB1 (15 points) and HP1 (20 points) are the survey questions."""
    from apps.lke.models import TemplateVersion

    cycle = CycleFactory(
        unit=tree["upt"], year=2025, template=TemplateVersion.objects.get(code="lke-2014")
    )
    held(pokja_pp, tree["upt"], Kind.IPKP, [3], year=2025)
    held(pokja_pp, tree["upt"], Kind.IPAK, [4, 3], year=2025)
    assessment = AssessmentFactory(actor=admin, cycle=cycle, level="mandiri", lead=ketua_tim)
    assert (answer(assessment, "HP1").value, answer(assessment, "HB1").value) == ("3", "3.5")
    result = assessment_result(assessment)
    assert result.points("HP1") == 15 and result.points("HB1") == Fraction(105, 8)


def test_the_latest_period_of_the_year_supplies_the_value(tpu_assessment, pokja_pp, tree):
    """Semester II closed first, semester I after it: semester II's value stays."""
    s2 = held(pokja_pp, tree["upt"], Kind.IPKP, [3], period=Period.S2)
    assert answer(tpu_assessment, "HPA").source_survey == s2
    held(pokja_pp, tree["upt"], Kind.IPKP, [4], period=Period.S1)
    assert (answer(tpu_assessment, "HPA").value, answer(tpu_assessment, "HPA").source_survey) == (
        "3",
        s2,
    )


def test_a_later_survey_replaces_the_value_but_not_an_override(tpu_assessment, pokja_pp, tree):
    held(pokja_pp, tree["upt"], Kind.IPKP, [3], period=Period.S1)
    held(pokja_pp, tree["upt"], Kind.IPAK, [3], period=Period.S1)
    hpa = answer(tpu_assessment, "HPA")
    with pytest.raises(ValidationError) as refused:
        save(tpu_assessment.lead, tpu_assessment, "HPA", "3.2", version=hpa.version)
    assert "alasan" in refused.value.message_dict["override_reason"][0]
    assert answer(tpu_assessment, "HPA").value == "3"  # nothing saved
    with scope(tenant=tpu_assessment.tenant_id):
        assessment_services.answer_save(
            actor=tpu_assessment.lead,
            assessment=tpu_assessment,
            question_code="HPA",
            value="3.2",
            expected_version=hpa.version,
            override_reason="Survei semester I hanya mencakup satu layanan.",
        )
    overridden = answer(tpu_assessment, "HPA")
    assert overridden.override_reason == "Survei semester I hanya mencakup satu layanan."
    event = AuditEvent.objects.filter(object_id=str(overridden.pk)).latest("pk")
    assert event.after["override_reason"] == overridden.override_reason
    # Semester II closes: HBA takes it, the overridden HPA does not.
    ipak2 = held(pokja_pp, tree["upt"], Kind.IPAK, [4], period=Period.S2)
    held(pokja_pp, tree["upt"], Kind.IPKP, [4], period=Period.S2)
    assert (answer(tpu_assessment, "HBA").value, answer(tpu_assessment, "HBA").source_survey) == (
        "4",
        ipak2,
    )
    kept = answer(tpu_assessment, "HPA")
    assert (kept.value, kept.version, kept.override_reason) == (
        "3.2",
        overridden.version,
        overridden.override_reason,
    )


def test_saving_the_surveys_value_again_ends_the_override(tpu_assessment, pokja_pp, tree):
    survey = held(pokja_pp, tree["upt"], Kind.IPKP, [3])
    with scope(tenant=tpu_assessment.tenant_id):
        saved = assessment_services.answer_save(
            actor=tpu_assessment.lead,
            assessment=tpu_assessment,
            question_code="HPA",
            value="2",
            expected_version=1,
            override_reason="Responden bukan pengguna layanan.",
        ).answer
    back = save(tpu_assessment.lead, tpu_assessment, "HPA", "3", version=saved.version)
    assert (back.source_survey_id, back.override_reason) == (survey.pk, "")


def test_final_assessments_are_untouched(tpu_assessment, pokja_pp, tree):
    Assessment.objects.filter(pk=tpu_assessment.pk).update(
        status=Status.FINAL, locked_at=timezone.now()
    )
    held(pokja_pp, tree["upt"], Kind.IPKP, [4])
    assert answer(tpu_assessment, "HPA") is None


def test_a_reopened_assessment_takes_the_surveys_closed_meanwhile(
    tpu_assessment, pokja_pp, tree, admin
):
    Assessment.objects.filter(pk=tpu_assessment.pk).update(
        status=Status.FINAL, locked_at=timezone.now()
    )
    held(pokja_pp, tree["upt"], Kind.IPKP, [4])
    with scope(tenant=tpu_assessment.tenant_id):
        assessment_services.assessment_reopen(
            actor=admin,
            assessment=Assessment.objects.get(pk=tpu_assessment.pk),
            reason="Nilai IPKP sudah tersedia.",
        )
    assert answer(tpu_assessment, "HPA").value == "4"


def test_other_units_years_and_agencies_surveys_are_never_used(
    tpu_assessment, pokja_pp, tree, other_tree, other_admin
):
    sibling = person(
        tree["upt2"], Role.KETUA_POKJA, Area.PP, full_name="Pokja PP Dua", email="pp2@alfa.go.id"
    )
    held(sibling, tree["upt2"], Kind.IPKP, [4])  # another unit
    held(pokja_pp, tree["upt"], Kind.IPKP, [4], year=2027)  # another year
    with scopes_disabled():
        beta = person(
            other_tree["upt"],
            Role.KETUA_POKJA,
            Area.PP,
            full_name="Pokja Beta",
            email="pp@beta.go.id",
        )
        held(beta, other_tree["upt"], Kind.IPKP, [4])  # another agency
    held(pokja_pp, tree["upt"], Kind.IPKP, [4], close=False)  # still open
    assert answer(tpu_assessment, "HPA") is None
    with scope(tenant=tpu_assessment.tenant_id):
        assert save(tpu_assessment.lead, tpu_assessment, "HPA", "2.5").override_reason == ""


def test_the_database_refuses_another_agencys_survey_as_source(
    tpu_assessment, pokja_pp, tree, other_tree
):
    held(pokja_pp, tree["upt"], Kind.IPKP, [4])
    with scopes_disabled():
        beta = person(
            other_tree["upt"],
            Role.KETUA_POKJA,
            Area.PP,
            full_name="Pokja Beta",
            email="pp@beta.go.id",
        )
        foreign = held(beta, other_tree["upt"], Kind.IPKP, [3])
        hpa = answer(tpu_assessment, "HPA")
        with (
            pytest.raises(IntegrityError, match="answer_source_survey_same_tenant_fk"),
            transaction.atomic(),
        ):
            Answer.objects.filter(pk=hpa.pk).update(source_survey=foreign)


def test_an_imported_workbook_cannot_replace_the_surveys_value(tpu_assessment, pokja_pp, tree):
    held(pokja_pp, tree["upt"], Kind.IPKP, [4])
    rows = [assessment_services.ImportedAnswer("HPA", "3", "", False)]
    with scope(tenant=tpu_assessment.tenant_id), pytest.raises(ValidationError, match="HPA"):
        assessment_services.answers_import(
            actor=tpu_assessment.lead,
            assessment=tpu_assessment,
            rows=rows,
            seen_versions={"HPA": 1},
        )
    assert answer(tpu_assessment, "HPA").value == "4"


# --- PPF4A/PPF4B: the SKM held in the year -----------------------------------------------


def test_the_skm_held_suggest_ppf4a(tpu_assessment, pokja_pp, tree):
    for period in (Period.Q1, Period.Q2):
        held(pokja_pp, tree["upt"], Kind.SKM, [4, 3], period=period)
    held(pokja_pp, tree["upt"], Kind.SKM, [4], period=Period.Q3, close=False)
    held(pokja_pp, tree["upt"], Kind.SKM, [4], period=Period.Q1, year=2027)
    with scope(tenant=tpu_assessment.tenant_id):
        hints = portal_facts.hints_for(tpu_assessment, ["PPF4A", "PPF4B"])
    hint = hints["PPF4A"]
    assert hint.figure.startswith("2 kali SKM 2026 ditutup")
    assert (
        "Triwulan I, Triwulan II" in hint.figure and "sedang berjalan: Triwulan III" in hint.figure
    )
    assert hint.suggestion == "C"  # two a year
    assert hints["PPF4B"].suggestion is None and "0 dari 2 SKM" in hints["PPF4B"].figure


def test_the_follow_up_of_the_closed_skm_suggests_ppf4c(tpu_assessment, pokja_pp, tree):
    with scope(tenant=tpu_assessment.tenant_id):
        assert "PPF4C" not in portal_facts.hints_for(tpu_assessment, ["PPF4C"])
    skm = held(pokja_pp, tree["upt"], Kind.SKM, [2, 3], period=Period.S1)
    with scope(tenant=tpu_assessment.tenant_id):
        hint = portal_facts.hints_for(Assessment.objects.get(pk=tpu_assessment.pk), ["PPF4C"])
    assert "belum ada rencana tindak lanjut" in hint["PPF4C"].figure
    assert hint["PPF4C"].suggestion == "D"
    for action in ("Tambah kursi ruang tunggu", "Loket tambahan jam sibuk"):
        services.follow_up_create(
            actor=pokja_pp,
            survey=skm,
            action=action,
            owner="Kasubbag Umum",
            due_on=timezone.localdate(),
        )
    with scope(tenant=tpu_assessment.tenant_id):
        hint = portal_facts.hints_for(Assessment.objects.get(pk=tpu_assessment.pk), ["PPF4C"])
    assert hint["PPF4C"].figure.startswith("0 dari 2 tindak lanjut SKM 2026 selesai dengan bukti")
    assert "1 dari 1 SKM yang ditutup punya rencana" in hint["PPF4C"].figure


def test_no_skm_no_ppf4a_hint_and_four_make_an_a(tpu_assessment, pokja_pp, tree):
    with scope(tenant=tpu_assessment.tenant_id):
        assert "PPF4A" not in portal_facts.hints_for(tpu_assessment, ["PPF4A"])
    for period in (Period.Q1, Period.Q2, Period.Q3, Period.Q4):
        held(pokja_pp, tree["upt"], Kind.SKM, [4], period=period)
    again = Assessment.objects.get(pk=tpu_assessment.pk)  # a new page, a new read
    with scope(tenant=tpu_assessment.tenant_id):
        assert portal_facts.hints_for(again, ["PPF4A"])["PPF4A"].suggestion == "A"


# --- The scoring page ------------------------------------------------------------------------


def _page(client, assessment):
    return client.get(f"/penilaian/{assessment.pk}/")


def test_the_page_shows_the_source_and_its_warnings(
    client_for, tpu_assessment, tpu_user, pokja_pp, tree
):
    survey = held(
        pokja_pp,
        tree["upt"],
        Kind.IPKP,
        [3, 4, 4, 3],
        period=Period.S1,
        services=["Perizinan", "Pengaduan"],
        close=False,
    )
    # Answers through the unit's code name no service: both services are not covered.
    services.survey_close(actor=pokja_pp, survey=Survey.objects.get(pk=survey.pk))
    response = _page(client_for(tpu_user), tpu_assessment)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="survey-HPA"' in body and "Dari survei IPKP Semester I 2026" in body
    assert 'data-testid="survey-value-HPA">3,50<' in body
    assert "4 responden" in body and "aturan" in body
    assert "Responden baru 4 dari sampel minimum 30." in body
    assert "Layanan belum terwakili: Perizinan, Pengaduan." in body
    assert 'data-testid="survey-in-use-HPA"' in body
    source = f"/penilaian/{tpu_assessment.pk}/survei/{survey.pk}/"
    assert f'href="{source}"' in body
    assert 'data-testid="survey-HBA"' not in body  # no IPAK


def test_an_override_without_reason_is_refused_on_the_page(
    client_for, tpu_assessment, tpu_user, pokja_pp, tree
):
    held(pokja_pp, tree["upt"], Kind.IPKP, [3])
    client = client_for(tpu_user)
    url = f"/penilaian/{tpu_assessment.pk}/jawab/HPA/"
    response = client.post(url, {"value": "3.5", "version": "1", "override_reason": "  "})
    assert response.status_code == 400
    assert "tulis alasannya" in response.content.decode()
    assert answer(tpu_assessment, "HPA").value == "3"
    response = client.post(
        url, {"value": "3.5", "version": "1", "override_reason": "Sampel belum mewakili."}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="survey-overridden-HPA"' in body and "Sampel belum mewakili." in body
    assert answer(tpu_assessment, "HPA").override_reason == "Sampel belum mewakili."
    page = _page(client, tpu_assessment).content.decode()
    assert "Sampel belum mewakili.</textarea>" in page and "Gunakan nilai survei" in page


def test_the_page_with_both_surveys_has_a_fixed_query_budget(
    client_for, tpu_assessment, tpu_user, pokja_pp, tree, django_assert_max_num_queries
):
    held(pokja_pp, tree["upt"], Kind.IPAK, [4, 3])
    held(pokja_pp, tree["upt"], Kind.IPKP, [4, 3])
    client = client_for(tpu_user)
    _page(client, tpu_assessment)
    # The page's own (test_pages: 23 for a complete one) and survey_result's five per survey.
    with django_assert_max_num_queries(33) as first:
        _page(client, tpu_assessment)
    held(pokja_pp, tree["upt"], Kind.IPKP, [4, 3, 2, 4, 4, 1, 3], period=Period.S2)
    with django_assert_max_num_queries(len(first.captured_queries)):
        body = _page(client, tpu_assessment).content.decode()
    assert "IPKP Semester II 2026" in body


def test_readers_without_the_assessment_see_nothing(
    client_for, tpu_assessment, pokja_pp, tree, other_admin
):
    held(pokja_pp, tree["upt"], Kind.IPKP, [3])
    assert _page(client_for(pokja_pp), tpu_assessment).status_code == 404
    assert _page(client_for(other_admin), tpu_assessment).status_code == 404


def test_the_source_page_shows_the_surveys_figures_to_the_assessments_readers(
    client_for, tpu_assessment, tpu_user, pokja_pp, tree, admin, django_assert_max_num_queries
):
    survey = held(pokja_pp, tree["upt"], Kind.IPKP, [3, 4, 4, 3])
    path = f"/penilaian/{tpu_assessment.pk}/survei/{survey.pk}/"
    client = client_for(tpu_user)  # an assessor: no survey.view of the unit
    client.get(path)
    with django_assert_max_num_queries(16):
        response = client.get(path)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="survey-lke-value">3,50<' in body and "Responden baru 4" in body
    own = f'href="/survei/{survey.pk}/hasil/"'  # the survey's results page (surveys:results)
    assert own not in body  # not theirs to read
    assert own in client_for(admin).get(path).content.decode()


def test_the_source_page_refuses_other_surveys_and_readers(
    client, client_for, tpu_assessment, tpu_user, pokja_pp, tree, other_admin
):
    skm = held(pokja_pp, tree["upt"], Kind.SKM, [4])
    running = held(pokja_pp, tree["upt"], Kind.IPAK, [4], close=False)
    later = held(pokja_pp, tree["upt"], Kind.IPKP, [4], year=2027)
    sibling = person(
        tree["upt2"], Role.KETUA_POKJA, Area.PP, full_name="Pokja PP Dua", email="pp2@alfa.go.id"
    )
    elsewhere = held(sibling, tree["upt2"], Kind.IPKP, [4])
    client = client_for(tpu_user)
    for survey in (skm, running, later, elsewhere):
        path = f"/penilaian/{tpu_assessment.pk}/survei/{survey.pk}/"
        assert client.get(path).status_code == 404, survey
    ipkp = held(pokja_pp, tree["upt"], Kind.IPKP, [4])
    path = f"/penilaian/{tpu_assessment.pk}/survei/{ipkp.pk}/"
    client.logout()
    response = client.get(path)  # anonymous
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    assert client_for(pokja_pp).get(path).status_code == 404  # cannot read the assessment
    assert client_for(other_admin).get(path).status_code == 404
    assert client_for(tpu_user).get(path).status_code == 200
